/**
 * Bundles between offices, beyond the end-to-end picture: the office key and its fingerprint, incremental export
 * (`--since`) and the order bundles must arrive in, later revisions of a reviewed sheet, and every disagreement
 * recorded, never resolved silently: the same event id with other content (a workspace copied to a second laptop),
 * and two offices reading one sheet differently.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureOfficeKey, exportBundle, importBundles, normaliseFingerprint, parseBundle } from '../../src/bundle/index.js';
import {
  findInput, findSheet, getSheetField, insertInput, listBundleConflicts, listSheets, openWorkspace, updateSheetField, type Workspace,
} from '../../src/store/index.js';
import { makeWorkspace } from '../helpers/make-workspace.js';
import { aggregateReport } from '../../src/report/index.js';
import { loadReportData, loadReportTemplates } from '../../src/report/build-report.js';
import { buildReportDocument, renderReportHtml } from '../../src/report/render-report.js';

const tmp = mkdtempSync(join(tmpdir(), 'paperlink-bundle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let counter = 0;
const file = (name: string): string => join(tmp, `${name}-${++counter}.plb`);

function office(name: string, serials: readonly number[], urgency = 'now'): ReturnType<typeof makeWorkspace> {
  const tw = makeWorkspace({ dir: join(tmp, `${name}-${++counter}`) });
  tw.issue('intake', 'AMS01', 1, 100);
  tw.addSheets(serials.map((serial) => ({ form: 'intake', site: 'AMS01', serial, fields: { urgency, pc4: '1012' } })));
  return tw;
}

function trustAll(workspace: Workspace, files: string[]): ReturnType<typeof importBundles> {
  const fingerprints = files.map((f) => parseBundle(f, readFileSync(f)).manifest.office.fingerprint);
  return importBundles(workspace, files, { trust: fingerprints });
}

describe('the office key', () => {
  it('is made once and shown as five groups of five digits that survive being read out with spaces', () => {
    const tw = office('key', [1]);
    const first = ensureOfficeKey(tw.workspace);
    expect(first.fingerprint).toMatch(/^\d{5}(-\d{5}){4}$/);
    expect(ensureOfficeKey(tw.workspace).fingerprint).toBe(first.fingerprint);
    expect(normaliseFingerprint(first.fingerprint.replace(/-/g, ' '))).toBe(first.fingerprint);
    expect(normaliseFingerprint('1234-5678')).toBeNull();
    expect(ensureOfficeKey(office('other', [1]).workspace).fingerprint).not.toBe(first.fingerprint);
  });
});

describe('incremental export', () => {
  it('sends only what is new since the bundle named, and refuses a continuation whose start is missing', () => {
    const tw = office('inc', [1, 2]);
    const b1 = exportBundle(tw.workspace, { out: file('b1') });
    tw.addSheet({ form: 'intake', site: 'AMS01', serial: 3, fields: { urgency: 'h24' } });
    const b2 = exportBundle(tw.workspace, { out: file('b2'), since: b1.file });
    expect(b2.seqFrom).toBe(b1.seqTo + 1);
    const kinds = parseBundle(b2.file, readFileSync(b2.file)).events.map((e) => e.kind);
    expect(kinds).toEqual(['sheet', 'sheet-values']);
    const fresh = openWorkspace(join(tmp, 'inc-hq'));
    expect(() => trustAll(fresh, [b2.file])).toThrow(expect.objectContaining({ code: 'bundle-out-of-order' }));
    // Both at once, in any order: the chain is put right.
    trustAll(fresh, [b2.file, b1.file]);
    expect(listSheets(fresh).map((s) => s.serial)).toEqual([1, 2, 3]);
    const nothingNew = exportBundle(tw.workspace, { out: file('b3'), since: b2.file });
    expect(nothingNew.events).toBe(0);
  });

  it('carries a review made later as a new revision that replaces the value', () => {
    const tw = office('rev', [5]);
    const b1 = exportBundle(tw.workspace, { out: file('r1') });
    const hq = openWorkspace(join(tmp, 'rev-hq'));
    trustAll(hq, [b1.file]);
    const sheet = findSheet(tw.workspace, 'intake', 'AMS01', 5)!;
    updateSheetField(tw.workspace, sheet.id, 'urgency', { valueJson: JSON.stringify('can_wait'), status: 'reviewed', captureId: null });
    const b2 = exportBundle(tw.workspace, { out: file('r2'), since: b1.file });
    expect(parseBundle(b2.file, readFileSync(b2.file)).events.map((e) => e.id)).toEqual([expect.stringMatching(/\/sheet-values\/\d+#2$/)]);
    trustAll(hq, [b2.file]);
    const hqSheet = findSheet(hq, 'intake', 'AMS01', 5)!;
    expect(getSheetField(hq, hqSheet.id, 'urgency')).toMatchObject({ value: 'can_wait', status: 'reviewed' });
    // A full export arriving afterwards holds the same revision: nothing changes, nothing conflicts.
    expect(trustAll(hq, [exportBundle(tw.workspace, { out: file('r3') }).file])[0]!.conflicts).toBe(0);
    expect(getSheetField(hq, hqSheet.id, 'urgency')).toMatchObject({ value: 'can_wait' });
  });

  it('refuses --since with a bundle of another office', () => {
    const a = office('a', [1]);
    const b = office('b', [2]);
    const theirs = exportBundle(b.workspace, { out: file('theirs') });
    expect(() => exportBundle(a.workspace, { out: file('mine'), since: theirs.file })).toThrow(expect.objectContaining({ code: 'bundle-not-ours' }));
  });
});

describe('page outcomes', () => {
  it('keep a duplicate page linked to the page it repeats, in the receiving store\'s own ids', () => {
    const tw = office('dup', [21]);
    const sheet = findSheet(tw.workspace, 'intake', 'AMS01', 21)!;
    const first = insertInput(tw.workspace, { sha256: 'dup-a', pageIndex: 0, file: 'a.jpg', batchId: null, outcome: 'accepted', sheetId: sheet.id, pageNo: 1 });
    insertInput(tw.workspace, { sha256: 'dup-b', pageIndex: 0, file: 'b.jpg', batchId: null, outcome: 'duplicate', duplicateOf: first.id });
    const hq = makeWorkspace({ dir: join(tmp, `dup-hq-${++counter}`) });
    hq.addOutcome('unreadable', 'no-qr'); // the receiving store's ids differ from the office's
    trustAll(hq.workspace, [exportBundle(tw.workspace, { out: file('dup') }).file]);
    const duplicate = findInput(hq.workspace, 'dup-b', 0)!;
    expect(duplicate.outcome).toBe('duplicate');
    expect(duplicate.duplicateOf).toBe(findInput(hq.workspace, 'dup-a', 0)!.id);
  });
});

describe('conflicts are recorded and shown, never resolved silently', () => {
  it('records the same event id with other content (a workspace copied to a second laptop) and keeps the first version', () => {
    const tw = office('copy', [7]);
    const b1 = exportBundle(tw.workspace, { out: file('c1') });
    tw.workspace.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
    const twinDir = join(tmp, `twin-${++counter}`);
    cpSync(tw.dir, twinDir, { recursive: true });
    const twin = openWorkspace(twinDir);
    for (const [workspace, value] of [[tw.workspace, 'h24'], [twin, 'can_wait']] as const) {
      const sheet = findSheet(workspace, 'intake', 'AMS01', 7)!;
      updateSheetField(workspace, sheet.id, 'urgency', { valueJson: JSON.stringify(value), status: 'reviewed', captureId: null });
    }
    const mine = exportBundle(tw.workspace, { out: file('c2'), since: b1.file });
    const copied = exportBundle(twin, { out: file('c3'), since: b1.file });
    expect(copied.fingerprint).toBe(mine.fingerprint);
    const hq = openWorkspace(join(tmp, 'copy-hq'));
    trustAll(hq, [b1.file, mine.file]);
    const result = trustAll(hq, [copied.file])[0]!;
    expect(result.conflicts).toBe(1);
    expect(listBundleConflicts(hq)).toEqual([expect.objectContaining({ kind: 'same-id-other-content', key: expect.stringMatching(/sheet-values\/\d+#2$/) })]);
    expect(getSheetField(hq, findSheet(hq, 'intake', 'AMS01', 7)!.id, 'urgency')).toMatchObject({ value: 'h24' });
    // Importing the same conflicting bundle again is not a second conflict.
    trustAll(hq, [copied.file]);
    expect(listBundleConflicts(hq)).toHaveLength(1);
  });

  it('counts a sheet two offices both sent once, and sends the fields they read differently to review', () => {
    const a = office('da', [11, 12], 'now');
    const b = office('db', [12, 13], 'h24');
    const hq = openWorkspace(join(tmp, 'dis-hq'));
    const results = trustAll(hq, [exportBundle(a.workspace, { out: file('da') }).file, exportBundle(b.workspace, { out: file('db') }).file]);
    expect(results[1]!.conflicts).toBe(1);
    expect(listSheets(hq).map((s) => s.serial)).toEqual([11, 12, 13]);
    const shared = findSheet(hq, 'intake', 'AMS01', 12)!;
    expect(getSheetField(hq, shared.id, 'urgency')).toMatchObject({ value: 'now', guess: 'h24', status: 'needs-review', reasons: expect.arrayContaining(['conflict']) });
    expect(getSheetField(hq, shared.id, 'pc4')).toMatchObject({ value: '1012', status: 'auto' });
    expect(listBundleConflicts(hq)).toEqual([expect.objectContaining({ kind: 'sheet-disagreement', sheet: 'intake:AMS01:12', detail: expect.stringContaining('urgency') })]);
    // The report says so, counts the shared sheet once, and is provisional until a person decides.
    const report = aggregateReport(loadReportData(hq), { block: '6h', lang: 'en', suppress: false, restricted: true, generatedAt: '2026-03-15T00:00:00.000Z' });
    expect(report.coverage).toMatchObject({ bundleConflicts: 1, fieldsAwaitingReview: 1 });
    expect(report.meta.provisional).toBe(true);
    expect(report.coverage.forms.find((row) => row.formId === 'intake')?.returned.value).toBe(3);
    expect(renderReportHtml(buildReportDocument(report), loadReportTemplates(join(import.meta.dirname, '../../templates/report')))).toContain('Conflicts between office bundles: 1');
  });
});
