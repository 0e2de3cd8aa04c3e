import { describe, expect, it } from 'vitest';
import type { FieldReading } from '../../src/model/index.js';
import {
  agreeAcrossSites, getOrCreateSheet, getSheetField, insertCapture, insertFieldReadings, insertInput, setSheetFields, type Workspace,
} from '../../src/store/index.js';
import { printedWorkspace, tempDir } from '../helpers/scan-inputs.js';

const digits = (fieldId: string, value: string, candidate: boolean): FieldReading => candidate
  ? { fieldId, kind: 'digits', value: null, guess: value, status: 'needs-review', confidence: 0.8, reasons: ['digits-unsure'], metrics: { agreementCandidate: true } }
  : { fieldId, kind: 'digits', value, status: 'auto', confidence: 0.9999, reasons: [], metrics: {} };

function addSheet(workspace: Workspace, fingerprint: string, site: string, serial: number, readings: FieldReading[]): number {
  const sheet = getOrCreateSheet(workspace, { formId: 'intake', fingerprint, site, serial, pageCount: 2 });
  const input = insertInput(workspace, { sha256: `${site}-${serial}`, pageIndex: 0, file: `${serial}.jpg`, batchId: null, outcome: 'needs-review', sheetId: sheet.id, pageNo: 1 });
  const capture = insertCapture(workspace, { inputId: input.id, sheetId: sheet.id, pageNo: 1, transform: { homography: [1] }, residualMm: 0.2, metrics: {}, pageImage: null });
  insertFieldReadings(workspace, capture.id, readings);
  setSheetFields(workspace, sheet.id, 1, capture.id, readings);
  return sheet.id;
}

describe('store: agreement across a site', () => {
  it('accepts a site code other sheets of the same site carry, per site, once, and leaves other fields alone', async () => {
    const { workspace, layout } = await printedWorkspace(tempDir('paperlink-agree-'), { from: 1, to: 1 });
    const fp = layout.fingerprint;
    addSheet(workspace, fp, 'AMS01', 1, [digits('site_code', '7359', false)]);
    addSheet(workspace, fp, 'AMS01', 2, [digits('site_code', '7359', false)]);
    const agreeing = addSheet(workspace, fp, 'AMS01', 3, [digits('site_code', '7359', true), digits('hh_card', '123456', true)]);
    // Another site with the same code on one sheet only: no evidence there.
    addSheet(workspace, fp, 'RTM02', 1, [digits('site_code', '7359', false)]);
    const alone = addSheet(workspace, fp, 'RTM02', 2, [digits('site_code', '7359', true)]);
    expect(agreeAcrossSites(workspace)).toBe(1);
    expect(getSheetField(workspace, agreeing, 'site_code')).toMatchObject({ status: 'auto', value: '7359', reasons: [] });
    expect(getSheetField(workspace, agreeing, 'hh_card')).toMatchObject({ status: 'needs-review', guess: '123456' });
    expect(getSheetField(workspace, alone, 'site_code')).toMatchObject({ status: 'needs-review' });
    expect(agreeAcrossSites(workspace)).toBe(0);
  });
});
