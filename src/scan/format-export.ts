/**
 * The documented export shapes (README): workspace rows → JSON object or CSV text. Pure; deterministic order.
 * A value that is not sure is never exported as a value: it goes to `guess` with its review status.
 */
import type { FieldStatus, FieldValue, FormLayout, ReviewReason } from '../model/index.js';

export interface ExportInputRow {
  readonly file: string; readonly page: number; readonly sha256: string; readonly outcome: string; readonly reason: string | null;
  readonly message: string | null; readonly sheet: string | null; readonly duplicateOf: { file: string; page: number } | null;
}

export interface ExportFieldRow {
  readonly value: FieldValue; readonly guess?: FieldValue; readonly status: FieldStatus; readonly confidence: number;
  readonly reasons: readonly ReviewReason[]; readonly cellConfidences?: readonly number[];
}

export interface ExportSheetRow {
  readonly form: string; readonly layout: string; readonly version: number; readonly site: string; readonly serial: number;
  readonly pageCount: number; readonly pages: readonly number[]; readonly layoutGeometry: FormLayout;
  readonly fields: ReadonlyMap<string, ExportFieldRow>;
}

export type ExportedStatus = FieldStatus | 'missing';

export interface ExportedField {
  value: FieldValue; status: ExportedStatus; confidence: number;
  guess?: FieldValue; conflicting?: FieldValue; reasons?: readonly ReviewReason[]; cells?: readonly number[];
}

export interface ExportJson {
  inputs: { file: string; page: number; sha256: string; outcome: string; reason: string | null; sheet: string | null; message: string | null; duplicateOf: { file: string; page: number } | null }[];
  sheets: { form: string; layout: string; version: number; site: string; serial: number; pages: number[]; pageCount: number; fields: Record<string, ExportedField> }[];
}

function emptyOf(kind: FormLayout['fields'][number]['kind']): FieldValue {
  return kind === 'checkbox' ? [] : null;
}

/** One field as exported: sure values as they are; anything in review has value null and the machine's guess beside it. */
export function exportField(kind: FormLayout['fields'][number]['kind'], row: ExportFieldRow | undefined): ExportedField {
  if (!row) return { value: emptyOf(kind), status: 'missing', confidence: 0 };
  if (row.status !== 'needs-review') return { value: row.value, status: row.status, confidence: row.confidence };
  const conflict = row.reasons.includes('conflict');
  const guess = conflict ? row.value : row.guess ?? row.value;
  return {
    value: null, status: 'needs-review', confidence: row.confidence, reasons: row.reasons,
    ...(guess !== null && guess !== undefined ? { guess } : {}),
    ...(conflict && row.guess !== undefined ? { conflicting: row.guess } : {}),
    ...(row.cellConfidences ? { cells: row.cellConfidences } : {}),
  };
}

export function buildExportJson(inputs: readonly ExportInputRow[], sheets: readonly ExportSheetRow[]): ExportJson {
  return {
    inputs: inputs.map((input) => ({ file: input.file, page: input.page, sha256: input.sha256, outcome: input.outcome, reason: input.reason,
      sheet: input.sheet, message: input.message, duplicateOf: input.duplicateOf })),
    sheets: sheets.map((sheet) => {
      const fields: Record<string, ExportedField> = {};
      for (const field of sheet.layoutGeometry.fields) fields[field.id] = exportField(field.kind, sheet.fields.get(field.id));
      return { form: sheet.form, layout: sheet.layout, version: sheet.version, site: sheet.site, serial: sheet.serial, pages: [...sheet.pages], pageCount: sheet.pageCount, fields };
    }),
  };
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function scalar(value: FieldValue): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (Array.isArray(value)) return value.join(' ');
  return String(value);
}

/**
 * One row per sheet, one column per field (checkbox options as `field.option` 0/1 columns) and a `field.status` column.
 * Value cells of a field in review are left blank: a spreadsheet user must not read a guess as data.
 * Sheets of different forms get their own header block (a blank line between forms).
 */
export function buildExportCsv(sheets: readonly ExportSheetRow[]): string {
  const blocks: string[] = [];
  const byForm = new Map<string, ExportSheetRow[]>();
  for (const sheet of sheets) byForm.set(`${sheet.form}\u0000${sheet.version}`, [...(byForm.get(`${sheet.form}\u0000${sheet.version}`) ?? []), sheet]);
  for (const group of byForm.values()) {
    const geometry = group[0]!.layoutGeometry;
    const header = ['form', 'version', 'layout', 'site', 'serial', 'pages'];
    for (const field of geometry.fields) {
      if (field.kind === 'checkbox') for (const box of field.boxes) header.push(`${field.id}.${String(box.value)}`);
      else header.push(field.id);
      header.push(`${field.id}.status`);
    }
    const lines = [header.map(csvCell).join(',')];
    for (const sheet of group) {
      const cells = [sheet.form, String(sheet.version), sheet.layout, sheet.site, String(sheet.serial), sheet.pages.join(' ')];
      for (const field of sheet.layoutGeometry.fields) {
        const exported = exportField(field.kind, sheet.fields.get(field.id));
        const sure = exported.status === 'auto' || exported.status === 'reviewed' || exported.status === 'empty';
        if (field.kind === 'checkbox') {
          const ticked = Array.isArray(exported.value) ? exported.value : [];
          for (const box of field.boxes) cells.push(sure ? (ticked.includes(String(box.value)) ? '1' : '0') : '');
        } else {
          cells.push(sure ? scalar(exported.value) : '');
        }
        cells.push(exported.status);
      }
      lines.push(cells.map(csvCell).join(','));
    }
    blocks.push(lines.join('\n'));
  }
  return blocks.length ? `${blocks.join('\n\n')}\n` : '';
}
