import { afterEach, describe, expect, it } from 'vitest';
import { updateComparisonKeys } from '../../src/family-links/index.js';
import { listFamilyLinkKeys, listSheetFields } from '../../src/store/index.js';
import { makeWorkspace, type TestWorkspace } from '../helpers/make-workspace.js';

let ws: TestWorkspace | undefined;
afterEach(() => ws?.close());

describe('updateComparisonKeys', () => {
  it('stores keys beside the typed values for each person of a sheet and leaves the typed values as they were', () => {
    ws = makeWorkspace();
    const sheetId = ws.addSheet({ form: 'family-link', site: '0101', serial: 1, fields: {
      date: '140326', req_type: 'both',
      p_family: { value: 'van der Berg', status: 'reviewed' }, p_given: { value: 'Zoë', status: 'reviewed' }, p_phone: '0612345678', p_pc: '1012',
      s_family: { value: 'Ковальчук', status: 'reviewed' }, s_given: { value: 'Олена', status: 'reviewed' }, s_age: '070',
    } });
    const before = listSheetFields(ws.workspace, sheetId);
    const people = updateComparisonKeys(ws.workspace);
    expect(people.map((person) => [person.side, person.role])).toEqual([['person', 'safe'], ['sought', 'sought']]);
    const stored = listFamilyLinkKeys(ws.workspace);
    expect(stored).toHaveLength(2);
    expect(stored[0]).toMatchObject({ sheetId, side: 'person', keys: { family: ['BERG'], particles: ['VAN', 'DER'], given: ['ZOE'], phone: '+31612345678', pc4: '1012', pc2: '10' } });
    expect(stored[1]).toMatchObject({ sheetId, side: 'sought', keys: { family: ['KOVALCHUK'], given: ['OLENA'], birthYears: [1955, 1956] } });
    expect(listSheetFields(ws.workspace, sheetId)).toEqual(before);
  });
  it('leaves out values still waiting for review', () => {
    ws = makeWorkspace();
    ws.addSheet({ form: 'family-link', site: '0101', serial: 2, fields: { req_type: 'safe', p_family: 'Jansen', p_given: { value: 'Kees', status: 'needs-review' } } });
    const [person] = updateComparisonKeys(ws.workspace);
    expect(person?.keys.given).toEqual([]);
    expect(person?.keys.family).toEqual(['JANSEN']);
  });
  it('recomputes rather than adds on a second run', () => {
    ws = makeWorkspace();
    ws.addSheet({ form: 'family-link', site: '0101', serial: 3, fields: { req_type: 'safe', p_family: 'Bos' } });
    updateComparisonKeys(ws.workspace);
    updateComparisonKeys(ws.workspace);
    expect(listFamilyLinkKeys(ws.workspace)).toHaveLength(1);
  });
});
