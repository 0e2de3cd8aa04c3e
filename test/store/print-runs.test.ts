import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shortFingerprint, type FormLayout } from '../../src/model/index.js';
import { findLayouts, getLayout, listLayouts, listPrintRuns, overlappingPrintRuns, recordPrintRun, saveLayout } from '../../src/store/index.js';
import { makeWorkspace, type TestWorkspace } from '../helpers/make-workspace.js';

describe('layouts and print runs', () => {
  let tw: TestWorkspace;
  let intake: FormLayout;

  beforeAll(() => {
    tw = makeWorkspace();
    intake = tw.layout('intake');
  });
  afterAll(() => tw.close());

  it('keeps each layout once, with the definition it was printed from', () => {
    saveLayout(tw.workspace, intake, tw.definitions.get('intake')!);
    const stored = listLayouts(tw.workspace);
    expect(stored.map((layout) => layout.fingerprint)).toEqual([intake.fingerprint]);
    expect(getLayout(tw.workspace, intake.fingerprint)).toMatchObject({ formId: 'intake', formCode: intake.formCode, version: intake.version });
    expect(getLayout(tw.workspace, intake.fingerprint)!.layout.fields).toEqual(intake.fields);
    expect(getLayout(tw.workspace, 'FFFFFFFFFFFF')).toBeUndefined();
  });

  it('finds a layout by the form code, version and short fingerprint a sheet code carries', () => {
    expect(findLayouts(tw.workspace, intake.formCode, intake.version, shortFingerprint(intake.fingerprint)).map((layout) => layout.fingerprint)).toEqual([intake.fingerprint]);
    expect(findLayouts(tw.workspace, intake.formCode, intake.version + 1, shortFingerprint(intake.fingerprint))).toEqual([]);
  });

  it('records print runs and finds the ones whose serials overlap a range, per form and site', () => {
    const run = recordPrintRun(tw.workspace, { formId: 'intake', fingerprint: intake.fingerprint, site: 'AMS01', serialFrom: 1, serialTo: 100,
      languages: ['nl', 'en'], paper: 'a4', reprint: false, outputFile: '/tmp/intake.pdf' });
    recordPrintRun(tw.workspace, { formId: 'intake', fingerprint: intake.fingerprint, site: 'UTR01', serialFrom: 1, serialTo: 100,
      languages: ['nl', 'en', 'uk'], paper: 'a4', reprint: true, outputFile: null });
    expect(overlappingPrintRuns(tw.workspace, 'intake', 'AMS01', 100, 150).map((found) => found.id)).toEqual([run.id]);
    expect(overlappingPrintRuns(tw.workspace, 'intake', 'AMS01', 101, 150)).toEqual([]);
    expect(overlappingPrintRuns(tw.workspace, 'family-link', 'AMS01', 1, 10)).toEqual([]);
    const [first, second] = listPrintRuns(tw.workspace);
    expect(first).toEqual(run);
    expect(second).toMatchObject({ site: 'UTR01', languages: ['nl', 'en', 'uk'], reprint: true, outputFile: null });
  });
});
