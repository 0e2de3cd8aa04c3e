import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leafFields } from '../../src/model/index.js';
import { loadFollowupRows, loadReportRows, type ReportRows } from '../../src/store/index.js';
import { makeWorkspace, type TestWorkspace } from '../helpers/make-workspace.js';

describe('loadReportRows', () => {
  let tw: TestWorkspace;
  let rows: ReportRows;
  let complete: number;
  let halfScanned: number;

  beforeAll(() => {
    tw = makeWorkspace();
    tw.issue('intake', 'AMS01', 1, 20);
    tw.issue('family-link', 'AMS01', 1, 5);
    complete = tw.addSheet({ form: 'intake', site: 'AMS01', serial: 3, scannedAt: '2026-03-14T09:00:00.000Z',
      fields: { needs: ['water'], urgency: { value: 'now', status: 'needs-review' }, contact_name: 'Geheimnaam', remarks: { value: 'vrije tekst', status: 'needs-review' } } });
    halfScanned = tw.addSheet({ form: 'intake', site: 'AMS01', serial: 4, pages: [1], fields: { needs: ['food'] } });
    tw.addOutcome('accepted');
    tw.addOutcome('unreadable', 'no-qr');
    tw.addOutcome('unreadable', 'no-qr');
    // Only the fields the caller reads are parsed: here the intake's needs and urgency.
    rows = loadReportRows(tw.workspace, () => new Set(['needs', 'urgency']));
  });
  afterAll(() => tw.close());

  it('gives every layout definition by fingerprint, and every sheet in id order with where and when', () => {
    expect([...rows.definitions.values()].map((definition) => definition.id).sort()).toEqual(['family-link', 'intake']);
    expect(rows.sheets.map((sheet) => [sheet.id, sheet.formId, sheet.site, sheet.serial])).toEqual([[complete, 'intake', 'AMS01', 3], [halfScanned, 'intake', 'AMS01', 4]]);
    expect(rows.sheets[0]!.scannedAt).toBe('2026-03-14T09:00:00.000Z');
    expect(rows.definitions.get(rows.sheets[0]!.fingerprint)?.id).toBe('intake');
  });

  it('holds the current value and status of the fields it reads, and only the status of the others', () => {
    const fields = rows.sheets[0]!.fields;
    expect(fields['needs']).toEqual({ value: ['water'], status: 'auto' });
    expect(fields['urgency']).toEqual({ value: 'now', status: 'needs-review' });
    // A name and free text never reach the report's memory; that the text awaits review still counts.
    expect(fields['contact_name']).toEqual({ value: null, status: 'auto' });
    expect(fields['remarks']).toEqual({ value: null, status: 'needs-review' });
    expect(JSON.stringify(rows)).not.toContain('Geheimnaam');
  });

  it('leaves empty fields out and says whether every page of a sheet is stored', () => {
    expect(rows.sheets[0]!.fields['vuln']).toBeUndefined();
    expect(rows.sheets[0]!.complete).toBe(true);
    expect(rows.sheets[1]!.complete).toBe(false);
  });

  it('gives print runs in order and input outcomes counted per reason', () => {
    expect(rows.printRuns).toEqual([
      { formId: 'intake', site: 'AMS01', serialFrom: 1, serialTo: 20 }, { formId: 'family-link', site: 'AMS01', serialFrom: 1, serialTo: 5 },
    ]);
    expect(rows.outcomes).toEqual([{ outcome: 'accepted', reason: null, pages: 1 }, { outcome: 'unreadable', reason: 'no-qr', pages: 2 }]);
    expect(rows.refused).toEqual([]);
  });
});

describe('loadFollowupRows', () => {
  it('gives each sheet with every non-empty value, personal ones included, and the machine guess beside it', () => {
    const tw = makeWorkspace();
    try {
      tw.addSheet({ form: 'intake', site: 'UTR01', serial: 9, fields: { power_dep: ['oxygen'], contact_name: 'Jansen', battery_h: { value: '0?', status: 'needs-review', guess: '03' } } });
      const { definitions, sheets } = loadFollowupRows(tw.workspace);
      expect(sheets).toHaveLength(1);
      const [only] = sheets;
      expect(only).toMatchObject({ formId: 'intake', site: 'UTR01', serial: 9 });
      expect(only!.fields['contact_name']).toEqual({ value: 'Jansen', guess: null, status: 'auto' });
      expect(only!.fields['battery_h']).toEqual({ value: '0?', guess: '03', status: 'needs-review' });
      expect(only!.fields['vuln']).toBeUndefined();
      expect(leafFields(definitions.get(only!.fingerprint)!).some((leaf) => leaf.id === 'contact_name')).toBe(true);
    } finally {
      tw.close();
    }
  });
});
