/**
 * ENTRY of `paperlink export`: reads inputs, sheets and current field values from the workspace and formats them
 * (format-export.ts). Reads only; never changes the workspace.
 */
import { humanSheetId } from '../model/index.js';
import {
  getInput, getLayout, listCapturesOfSheet, listFieldReadings, listInputs, listSheetFields, listSheets, type StoredLayout, type Workspace,
} from '../store/index.js';
import { buildExportCsv, buildExportJson, type ExportFieldRow, type ExportInputRow, type ExportJson, type ExportSheetRow } from './format-export.js';

export type ExportFormat = 'json' | 'csv';

function collectRows(workspace: Workspace): { inputs: ExportInputRow[]; sheets: ExportSheetRow[] } {
  const sheetsById = new Map(listSheets(workspace).map((sheet) => [sheet.id, sheet]));
  const inputs = listInputs(workspace).map((input): ExportInputRow => {
    const sheet = input.sheetId === null ? undefined : sheetsById.get(input.sheetId);
    const original = input.duplicateOf === null ? undefined : getInput(workspace, input.duplicateOf);
    return {
      file: input.file, page: input.pageIndex + 1, sha256: input.sha256, outcome: input.outcome, reason: input.reason, message: input.message,
      sheet: sheet && input.pageNo !== null ? humanSheetId({ site: sheet.site, serial: sheet.serial, page: input.pageNo }) : null,
      duplicateOf: original ? { file: original.file, page: original.pageIndex + 1 } : null,
    };
  });
  const layouts = new Map<string, StoredLayout>();
  const sheets: ExportSheetRow[] = [];
  for (const sheet of sheetsById.values()) {
    let stored = layouts.get(sheet.fingerprint);
    if (!stored) {
      stored = getLayout(workspace, sheet.fingerprint)!;
      layouts.set(sheet.fingerprint, stored);
    }
    const captures = listCapturesOfSheet(workspace, sheet.id);
    const readingsCache = new Map<number, ReturnType<typeof listFieldReadings>>();
    const fields = new Map<string, ExportFieldRow>();
    for (const field of listSheetFields(workspace, sheet.id)) {
      let cellConfidences: readonly number[] | undefined;
      if (field.status === 'needs-review' && field.captureId !== null) {
        const readings = readingsCache.get(field.captureId) ?? listFieldReadings(workspace, field.captureId);
        readingsCache.set(field.captureId, readings);
        const cells = readings.find((reading) => reading.fieldId === field.fieldId)?.metrics['cellConfidences'];
        if (Array.isArray(cells)) cellConfidences = cells as readonly number[];
      }
      fields.set(field.fieldId, { value: field.value, ...(field.guess !== undefined ? { guess: field.guess } : {}), status: field.status,
        confidence: field.confidence, reasons: field.reasons, ...(cellConfidences ? { cellConfidences } : {}) });
    }
    sheets.push({ form: sheet.formId, layout: sheet.fingerprint, version: stored.version, site: sheet.site, serial: sheet.serial,
      pageCount: sheet.pageCount, pages: [...new Set(captures.map((capture) => capture.pageNo))].sort((a, b) => a - b),
      layoutGeometry: stored.layout, fields });
  }
  return { inputs, sheets };
}

export function exportResultsJson(workspace: Workspace): ExportJson {
  const { inputs, sheets } = collectRows(workspace);
  return buildExportJson(inputs, sheets);
}

export function exportResults(workspace: Workspace, format: ExportFormat): string {
  if (format === 'json') return `${JSON.stringify(exportResultsJson(workspace), null, 2)}\n`;
  return buildExportCsv(collectRows(workspace).sheets);
}
