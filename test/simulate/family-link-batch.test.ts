import { afterEach, describe, expect, it } from 'vitest';
import { generateFamilyLinkBatch, simulateFamilyLinks } from '../../src/simulate/index.js';
import { listFamilyLinkSheets } from '../../src/store/index.js';
import { makeWorkspace, type TestWorkspace } from '../helpers/make-workspace.js';

const REQUEST = { safe: 200, seekers: 60, truePairs: 30, duplicates: 10, sites: ['0101', '0202', '0303'], seed: 7 };
let ws: TestWorkspace | undefined;
afterEach(() => ws?.close());

describe('generateFamilyLinkBatch', () => {
  it('writes the requested sheets with ground truth for every true pair and duplicate', () => {
    const batch = generateFamilyLinkBatch(REQUEST);
    expect(batch.sheets).toHaveLength(260);
    expect(batch.truth.seekerSafe).toHaveLength(30);
    expect(batch.truth.registrations).toHaveLength(10);
    expect(batch.truth.unmatchedSeekers).toHaveLength(30);
    for (const [seeker, safe] of batch.truth.seekerSafe) {
      expect(batch.sheets[seeker]?.values.req_type).toBe('seeking');
      expect(batch.sheets[safe]?.values.req_type).toBe('safe');
    }
    for (const [first, second] of batch.truth.registrations) expect(batch.sheets[first]?.site).not.toBe(batch.sheets[second]?.site);
  });
  it('is the same for the same seed and differs for another', () => {
    expect(generateFamilyLinkBatch(REQUEST)).toEqual(generateFamilyLinkBatch(REQUEST));
    expect(generateFamilyLinkBatch({ ...REQUEST, seed: 8 }).sheets[0]).not.toEqual(generateFamilyLinkBatch(REQUEST).sheets[0]);
  });
  it('spells the person sought differently from the registration in many true pairs', () => {
    const batch = generateFamilyLinkBatch({ ...REQUEST, safe: 2000, seekers: 300, truePairs: 300, duplicates: 0 });
    const differing = batch.truth.seekerSafe.filter(([seeker, safe]) => {
      const sought = batch.sheets[seeker]!.values;
      const registered = batch.sheets[safe]!.values;
      return sought.s_family !== registered.p_family || sought.s_given !== registered.p_given;
    });
    expect(differing.length).toBeGreaterThan(90);
    expect(batch.truth.seekerSafe.filter(([seeker]) => batch.sheets[seeker]!.values.s_age !== null).length).toBeGreaterThan(150);
  });
});

describe('simulateFamilyLinks', () => {
  it('stores the batch at the transcribed level, readable by the matcher', () => {
    ws = makeWorkspace();
    const result = simulateFamilyLinks(ws.workspace, ws.definitions.get('family-link')!, REQUEST);
    const sheets = listFamilyLinkSheets(ws.workspace);
    expect(sheets.map((sheet) => sheet.sheetId)).toEqual(result.sheetIds);
    const [seeker] = result.truth.seekerSafe[0]!;
    expect(sheets[seeker]?.values.s_family).toEqual(expect.any(String));
  });
});
