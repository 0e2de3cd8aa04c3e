import { describe, expect, it } from 'vitest';
import type { FieldReading } from '../../src/model/index.js';
import {
  countFieldsByStatus, countInputsByOutcome, countReviewFieldsByReason, findInput, getOrCreateSheet, getSheetField, insertCapture, insertCrops, insertFieldReadings,
  insertInput, listFieldReadings, listSheetFields, markSheetFieldConflict, setSheetFields, type Workspace,
} from '../../src/store/index.js';
import { printedWorkspace, tempDir } from '../helpers/scan-inputs.js';

async function workspaceWithLayout(): Promise<{ workspace: Workspace; fingerprint: string }> {
  const { workspace, layout } = await printedWorkspace(tempDir('paperlink-store-'), { from: 1, to: 1 });
  return { workspace, fingerprint: layout.fingerprint };
}

const reading = (fieldId: string, value: FieldReading['value'], status: FieldReading['status'] = 'auto'): FieldReading =>
  ({ fieldId, kind: 'checkbox', value, status, confidence: 0.98, reasons: [], metrics: { inkRatios: [0.3] } });

describe('store: inputs, sheets and values', () => {
  it('keeps one input row per (sha256, page) and refuses a second', async () => {
    const { workspace } = await workspaceWithLayout();
    insertInput(workspace, { sha256: 'abc', pageIndex: 0, file: 'a.jpg', batchId: null, outcome: 'unreadable', reason: 'no-qr', message: 'm' });
    expect(findInput(workspace, 'abc', 0)).toMatchObject({ file: 'a.jpg', outcome: 'unreadable', reason: 'no-qr' });
    expect(() => insertInput(workspace, { sha256: 'abc', pageIndex: 0, file: 'b.jpg', batchId: null, outcome: 'accepted' })).toThrow(/UNIQUE/);
    expect(countInputsByOutcome(workspace)).toMatchObject({ unreadable: 1, accepted: 0 });
  });

  it('gets or creates a sheet by form, site and serial', async () => {
    const { workspace, fingerprint } = await workspaceWithLayout();
    const sheet = { formId: 'intake', fingerprint, site: 'AMS01', serial: 7, pageCount: 2 };
    expect(getOrCreateSheet(workspace, sheet).id).toBe(getOrCreateSheet(workspace, sheet).id);
    expect(getOrCreateSheet(workspace, { ...sheet, serial: 8 }).id).not.toBe(getOrCreateSheet(workspace, sheet).id);
  });

  it('stores the machine reading unchanged and sends a conflicting field to review without losing either value', async () => {
    const { workspace, fingerprint } = await workspaceWithLayout();
    const sheet = getOrCreateSheet(workspace, { formId: 'intake', fingerprint, site: 'AMS01', serial: 1, pageCount: 2 });
    const input = insertInput(workspace, { sha256: 'x', pageIndex: 0, file: 'x.jpg', batchId: null, outcome: 'accepted', sheetId: sheet.id, pageNo: 1 });
    const capture = insertCapture(workspace, { inputId: input.id, sheetId: sheet.id, pageNo: 1, transform: { homography: [1] }, residualMm: 0.2, metrics: {}, pageImage: null });
    const readings = [reading('vuln', ['pregnant']), reading('visit', null, 'empty')];
    insertFieldReadings(workspace, capture.id, readings);
    insertCrops(workspace, capture.id, [{ fieldId: 'remarks', png: new Uint8Array([1, 2, 3]) }]);
    setSheetFields(workspace, sheet.id, 1, capture.id, readings);
    markSheetFieldConflict(workspace, sheet.id, 'vuln', ['pregnant', 'walking']);
    expect(getSheetField(workspace, sheet.id, 'vuln')).toMatchObject({ value: ['pregnant'], guess: ['pregnant', 'walking'], status: 'needs-review', reasons: ['conflict'], confidence: 0 });
    expect(listFieldReadings(workspace, capture.id).find((row) => row.fieldId === 'vuln')).toMatchObject({ value: ['pregnant'], status: 'auto' });
    expect(listSheetFields(workspace, sheet.id).map((field) => field.fieldId)).toEqual(['visit', 'vuln']);
    expect(countFieldsByStatus(workspace)).toEqual({ auto: 0, 'needs-review': 1, reviewed: 0, empty: 1 });
  });

  it('counts the fields awaiting review once each, under their first reason, most first', async () => {
    const { workspace, fingerprint } = await workspaceWithLayout();
    const sheet = getOrCreateSheet(workspace, { formId: 'intake', fingerprint, site: 'AMS01', serial: 1, pageCount: 2 });
    const input = insertInput(workspace, { sha256: 'y', pageIndex: 0, file: 'y.jpg', batchId: null, outcome: 'needs-review', sheetId: sheet.id, pageNo: 1 });
    const capture = insertCapture(workspace, { inputId: input.id, sheetId: sheet.id, pageNo: 1, transform: { homography: [1] }, residualMm: 0.2, metrics: {}, pageImage: null });
    const review = (fieldId: string, reasons: FieldReading['reasons']): FieldReading => ({ ...reading(fieldId, null, 'needs-review'), reasons });
    setSheetFields(workspace, sheet.id, 1, capture.id, [
      review('a', ['digits-unsure', 'registration-weak']), review('b', ['digits-unsure']), review('c', ['text-to-transcribe']),
      review('d', ['registration-weak']), reading('e', ['x']),
    ]);
    expect(countReviewFieldsByReason(workspace)).toEqual([
      { reason: 'digits-unsure', fields: 2 }, { reason: 'registration-weak', fields: 1 }, { reason: 'text-to-transcribe', fields: 1 },
    ]);
  });
});
