import { afterEach, describe, expect, it } from 'vitest';
import { encodeSheetCode, shortFingerprint } from '../../src/model/index.js';
import { loadReportData } from '../../src/report/build-report.js';
import { aggregateReport } from '../../src/report/index.js';
import { insertCapture, insertDecision, insertInput, listRefusedSheetPages } from '../../src/store/index.js';
import { makeWorkspace, type TestWorkspace } from '../helpers/make-workspace.js';

let tw: TestWorkspace | undefined;
afterEach(() => tw?.close());

describe('coverage: pages refused at registration', () => {
  it('lists a refused sheet as "scan again", not as missing, until a page of it is read or it is dismissed', () => {
    tw = makeWorkspace();
    tw.issue('intake', 'AMS01', 1, 6);
    const first = tw.addSheet({ form: 'intake', site: 'AMS01', serial: 1, scannedAt: '2026-03-14T15:30:00.000Z', fields: { date: '140326', time: '0900' } });
    const definition = tw.definitions.get('intake')!;
    const layout = tw.layout('intake');
    const refuse = (serial: number, file: string): number => insertInput(tw!.workspace, {
      sha256: `sha-${file}`, pageIndex: 0, file, batchId: null, outcome: 'unreadable', reason: 'registration-failed',
      message: 'The printed boxes are not where the registration marks put them.',
      qrText: encodeSheetCode({ formCode: definition.code, layoutVersion: definition.version, fingerprint: shortFingerprint(layout.fingerprint),
        page: 1, pageCount: layout.pageCount, serial, site: 'AMS01' }),
    }).id;
    refuse(3, 'curled.jpg');
    refuse(1, 'curled-first-try.jpg'); // its sheet was read from a later scan: returned, not to scan again
    const dismissed = refuse(4, 'letter.jpg');
    insertDecision(tw.workspace, { itemKey: `input:${dismissed}`, sheetId: null, fieldId: null, inputId: dismissed, reviewer: 'office',
      action: 'not-a-form', oldJson: '{}', newJson: '{"notAForm":true}', decidedAt: '2026-03-14T16:00:00.000Z' });
    // A page without a QR text is unknown: it can only be counted among unreadable pages.
    insertInput(tw.workspace, { sha256: 'sha-noqr', pageIndex: 0, file: 'dark.jpg', batchId: null, outcome: 'unreadable', reason: 'no-qr', message: 'No QR.' });

    expect(listRefusedSheetPages(tw.workspace).map((page) => page.serial)).toEqual([3, 1]);
    // Once page 1 of serial 1 is read from another scan, that refused scan no longer needs redoing.
    const rescan = insertInput(tw.workspace, { sha256: 'sha-flat', pageIndex: 0, file: 'flat.jpg', batchId: null, outcome: 'accepted', sheetId: first, pageNo: 1 });
    insertCapture(tw.workspace, { inputId: rescan.id, sheetId: first, pageNo: 1, transform: {}, residualMm: 0.2, metrics: {}, pageImage: null });
    expect(listRefusedSheetPages(tw.workspace).map((page) => [page.serial, page.file])).toEqual([[3, 'curled.jpg']]);
    const options = { block: '6h', lang: 'en', generatedAt: '2026-03-15T00:00:00.000Z' } as const;
    const restricted = aggregateReport(loadReportData(tw.workspace), { ...options, suppress: false, restricted: true });
    const row = restricted.coverage.forms.find((r) => r.formId === 'intake' && r.site === 'AMS01')!;
    expect(row.rescanRanges).toEqual(['3']);
    expect(row.missingRanges).toEqual(['2', '4-6']);
    expect(row.missing.value).toBe(4);
    // In the published report one returned sheet is hidden (<5), and with it every serial list of that row.
    const published = aggregateReport(loadReportData(tw.workspace), { ...options, suppress: true, restricted: false });
    const hidden = published.coverage.forms.find((r) => r.formId === 'intake' && r.site === 'AMS01')!;
    expect(hidden.returned.shown).toBe('<5');
    expect(hidden.rescanRanges).toEqual([]);
    expect(hidden.missingRanges).toEqual([]);
  });
});
