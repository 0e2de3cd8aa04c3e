/**
 * SITREPs on scanned radio-message forms: a transcribed word grid with its check is received like a typed message;
 * reading the forms again adds nothing; a failed check is listed with the reason and not taken; a grid still in
 * review waits; other radio traffic is left alone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { composeSitrep, receiveFromSheets } from '../../src/radio/index.js';
import { listRadioSitreps } from '../../src/store/index.js';
import { makeWorkspace, type TestWorkspace } from '../helpers/make-workspace.js';

let ws: TestWorkspace | undefined;
afterEach(() => ws?.close());

const TEXT = composeSitrep({ site: 'UTR02', date: '0412', time: '0930', households: 22, persons: 70, urgent: 2, needs: [{ code: 'warmth', households: 14 }], safe: 6, tracing: 3 });
const CHECK = String(TEXT.split(' ').length);

describe('receiveFromSheets', () => {
  it('takes a transcribed SITREP once, refuses a broken one, waits for one in review and ignores other traffic', () => {
    ws = makeWorkspace();
    const good = ws.addSheet({ form: 'radio-message', site: 'UTR02', serial: 1, fields: { text: { value: TEXT.split(' '), status: 'reviewed' }, check: CHECK, msg_no: '7', stn_origin: { value: 'PA3XYZ', status: 'reviewed' } } as never });
    ws.addSheet({ form: 'radio-message', site: 'UTR02', serial: 2, fields: { text: { value: TEXT.replace('PERSONS 70', 'PERSONS 76'), status: 'reviewed' }, check: CHECK } as never });
    ws.addSheet({ form: 'radio-message', site: 'UTR02', serial: 3, fields: { text: { value: null, status: 'needs-review' }, check: CHECK } as never });
    ws.addSheet({ form: 'radio-message', site: 'UTR02', serial: 4, fields: { text: { value: 'GENERATOR NEEDS DIESEL X', status: 'reviewed' }, check: '4' } as never });
    const first = receiveFromSheets(ws.workspace);
    expect(first.map((r) => [r.serial, r.outcome])).toEqual([[1, 'taken'], [2, 'refused'], [3, 'waiting']]);
    expect(first.find((r) => r.serial === 2)!.message).toContain('Ask the sending station again for');
    expect(receiveFromSheets(ws.workspace).find((r) => r.sheetId === good)!.outcome).toBe('already-received');
    expect(listRadioSitreps(ws.workspace)).toEqual([expect.objectContaining({ site: 'UTR02', station: 'PA3XYZ', messageNo: '7', receptions: 1, text: TEXT })]);
  });
});
