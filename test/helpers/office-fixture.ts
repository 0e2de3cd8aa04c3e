/**
 * One office's workspace for bundle tests: the report fixture's sheets of some sites, plus a scan trail written
 * through the real store API (input pages, captures with field readings and images, a page refused at registration
 * whose QR names a printed sheet, and a review decision dismissing another one), so every event kind travels.
 * The same call with all sites gives the one workspace that "scanned everything itself".
 */
import { encodeSheetCode, sheetCodesFor } from '../../src/model/index.js';
import {
  findSheet, getOrCreateBatch, insertCapture, insertCrops, insertDecision, insertFieldReadings, insertInput, type Workspace,
} from '../../src/store/index.js';
import { FIXTURE_SITES, makeReportFixture, type Fixture } from './report-fixture.js';

const TRAIL_TIME = '2026-03-14T16:00:00.000Z';

function addScanTrail(tw: Fixture['tw'], site: string, siteIndex: number): void {
  const workspace: Workspace = tw.workspace;
  const batchId = getOrCreateBatch(workspace, `batch-${site}`);
  for (const offset of [0, 1]) {
    const serial = 41001 + siteIndex * 1000 + offset;
    const sheet = findSheet(workspace, 'intake', site, serial)!;
    const input = insertInput(workspace, { sha256: `trail-${site}-${serial}`, pageIndex: 0, file: `scans/${site}/${serial}.jpg`, batchId, outcome: 'accepted', sheetId: sheet.id, pageNo: 1 });
    const capture = insertCapture(workspace, { inputId: input.id, sheetId: sheet.id, pageNo: 1, transform: { h: [1, 0, 0, 0, 1, 0, 0, 0, 1] }, residualMm: 0.3,
      metrics: { sharpness: 0.8 }, pageImage: new Uint8Array([0xff, 0xd8, siteIndex, offset]) });
    insertFieldReadings(workspace, capture.id, [
      { fieldId: 'urgency', kind: 'choice', value: 'h24', status: 'auto', confidence: 0.93, reasons: [], metrics: { ink: 0.31 } },
      { fieldId: 'pc4', kind: 'digits', value: '1012', status: 'auto', confidence: 0.9, reasons: [], metrics: { ink: 0.2 } },
    ]);
    insertCrops(workspace, capture.id, [{ fieldId: 'pc4', png: new Uint8Array([0x89, 0x50, siteIndex, offset]) }]);
  }
  // Refused pages whose QR names a printed, never scanned sheet: one still to scan again, one dismissed by a person.
  const layout = tw.layout('intake');
  for (const [offset, dismissed] of [[90, false], [91, true]] as const) {
    const serial = 41001 + siteIndex * 1000 + offset;
    const code = sheetCodesFor(layout, site, serial, serial)[0]!;
    const input = insertInput(workspace, { sha256: `refused-${site}-${serial}`, pageIndex: 0, file: `scans/${site}/refused-${serial}.jpg`, batchId,
      outcome: 'unreadable', reason: 'registration-failed', message: 'marks not found', qrText: encodeSheetCode(code) });
    if (dismissed) {
      insertDecision(workspace, { itemKey: `page:${input.id}`, sheetId: null, fieldId: null, inputId: input.id, reviewer: `reviewer-${site}`,
        action: 'not-a-form', oldJson: null, newJson: null, decidedAt: TRAIL_TIME });
    }
  }
}

/** A workspace holding the sites given (default all three); `outcomes` adds the fixture's three loose input outcomes. */
export function makeOfficeFixture(options: { sites?: readonly string[]; outcomes?: boolean; dir?: string } = {}): Fixture {
  const sites = options.sites ?? FIXTURE_SITES;
  const fixture = makeReportFixture({ sites, outcomes: options.outcomes ?? true, ...(options.dir ? { dir: options.dir } : {}) });
  fixture.tw.workspace.transaction(() => {
    FIXTURE_SITES.forEach((site, siteIndex) => { if (sites.includes(site)) addScanTrail(fixture.tw, site, siteIndex); });
  });
  return fixture;
}
