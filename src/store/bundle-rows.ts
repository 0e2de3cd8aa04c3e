/**
 * The rows an office bundle is made of, read for export: layouts, print runs, sheets, input pages, captures with their
 * field readings, current sheet values and review decisions, made at this office (rows taken in from other offices'
 * bundles are left out: they travel in their own office's signed bundles). Plus the office's export log.
 * Typed queries only; what an event is and how it is hashed and signed is the bundle feature's business.
 */
import type { FieldStatus, OutcomeKind } from '../model/index.js';
import type { Workspace } from './workspace.js';

/** A sheet as bundles name it across offices: form, site and serial (the printed sheet code's identity). */
export interface SheetRef { readonly formId: string; readonly site: string; readonly serial: number }

export interface LayoutExportRow {
  readonly fingerprint: string; readonly formId: string; readonly formCode: string; readonly version: number; readonly paper: string;
  readonly languages: string; readonly pageCount: number; readonly layout: unknown; readonly definition: unknown;
}
export interface PrintRunExportRow {
  readonly id: number; readonly formId: string; readonly fingerprint: string; readonly site: string; readonly serialFrom: number;
  readonly serialTo: number; readonly languages: string; readonly paper: string; readonly reprint: boolean; readonly createdAt: string;
}
export interface SheetExportRow extends SheetRef { readonly id: number; readonly fingerprint: string; readonly pageCount: number; readonly firstSeen: string }
export interface PageExportRow {
  readonly id: number; readonly sha256: string; readonly pageIndex: number; readonly file: string; readonly batch: string | null;
  readonly outcome: OutcomeKind; readonly reason: string | null; readonly message: string | null; readonly sheet: SheetRef | null;
  readonly pageNo: number | null; readonly duplicateOf: number | null; readonly qrText: string | null; readonly createdAt: string;
}
export interface ReadingExportRow {
  readonly fieldId: string; readonly value: unknown; readonly guess: unknown; readonly status: string; readonly confidence: number;
  readonly reasons: unknown; readonly metrics: unknown;
}
export interface CaptureExportRow {
  readonly id: number; readonly inputId: number; readonly sheet: SheetRef; readonly pageNo: number; readonly transform: unknown;
  readonly residualMm: number; readonly metrics: unknown; readonly createdAt: string; readonly readings: ReadingExportRow[];
}
export interface SheetValueExportRow {
  readonly fieldId: string; readonly pageNo: number; readonly captureId: number | null; readonly value: unknown; readonly guess: unknown;
  readonly status: FieldStatus; readonly confidence: number; readonly reasons: unknown;
}
export interface DecisionExportRow {
  readonly id: number; readonly itemKey: string; readonly sheet: SheetRef | null; readonly fieldId: string | null; readonly inputId: number | null;
  readonly reviewer: string; readonly action: string; readonly old: unknown; readonly new: unknown; readonly decidedAt: string; readonly undoneAt: string | null;
}

export interface ExportRows {
  readonly layouts: LayoutExportRow[];
  readonly printRuns: PrintRunExportRow[];
  readonly sheets: SheetExportRow[];
  readonly pages: PageExportRow[];
  readonly captures: CaptureExportRow[];
  /** Current values of this office's sheets, by sheet id. */
  readonly sheetValues: Map<number, { sheet: SheetRef; values: SheetValueExportRow[] }>;
  readonly decisions: DecisionExportRow[];
}

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text) as unknown);
const notImported = (kind: string, column = 'id'): string => `${column} NOT IN (SELECT local_id FROM imported_events WHERE kind = '${kind}' AND local_id IS NOT NULL)`;
const ref = (formId: string | null, site: string | null, serial: number | null): SheetRef | null =>
  (formId === null || site === null || serial === null ? null : { formId, site, serial });

/** Every row this office made, in id order (so the first export numbers events in the order they happened). */
export function loadExportRows(workspace: Workspace): ExportRows {
  const db = workspace.db;
  // A layout taken in from another office travels in that office's bundles, unless this office printed it too.
  const layouts = (db.prepare(`SELECT * FROM layouts WHERE 'layout/' || fingerprint NOT IN (SELECT key FROM imported_events WHERE kind = 'layout')
      OR fingerprint IN (SELECT fingerprint FROM print_runs WHERE ${notImported('print-run')}) ORDER BY fingerprint`).all() as Record<string, string & number>[]).map((row) => ({
    fingerprint: row['fingerprint']!, formId: row['form_id']!, formCode: row['form_code']!, version: row['version']!, paper: row['paper']!,
    languages: row['languages']!, pageCount: row['page_count']!, layout: parse(row['layout_json']!), definition: parse(row['definition_json']!),
  }));
  const printRuns = (db.prepare(`SELECT id, form_id AS formId, fingerprint, site, serial_from AS serialFrom, serial_to AS serialTo, languages, paper,
      reprint, created_at AS createdAt FROM print_runs WHERE ${notImported('print-run')} ORDER BY id`).all() as (Omit<PrintRunExportRow, 'reprint'> & { reprint: number })[])
    .map((row) => ({ ...row, reprint: row.reprint === 1 }));
  const sheets = db.prepare(`SELECT id, form_id AS formId, site, serial, fingerprint, page_count AS pageCount, first_seen AS firstSeen
    FROM sheets WHERE ${notImported('sheet')} ORDER BY id`).all() as SheetExportRow[];
  const pages = (db.prepare(`SELECT i.id, i.sha256, i.page_index AS pageIndex, i.file, b.name AS batch, i.outcome, i.reason, i.message,
      s.form_id AS formId, s.site, s.serial, i.page_no AS pageNo, i.duplicate_of AS duplicateOf, i.qr_text AS qrText, i.created_at AS createdAt
    FROM inputs i LEFT JOIN batches b ON b.id = i.batch_id LEFT JOIN sheets s ON s.id = i.sheet_id
    WHERE ${notImported('page', 'i.id')} ORDER BY i.id`).all() as (Omit<PageExportRow, 'sheet'> & { formId: string | null; site: string | null; serial: number | null })[])
    .map(({ formId, site, serial, ...row }) => ({ ...row, sheet: ref(formId, site, serial) }));
  const captureRows = db.prepare(`SELECT c.id, c.input_id AS inputId, s.form_id AS formId, s.site, s.serial, c.page_no AS pageNo,
      c.transform_json AS transformJson, c.residual_mm AS residualMm, c.metrics_json AS metricsJson, c.created_at AS createdAt
    FROM captures c JOIN sheets s ON s.id = c.sheet_id WHERE ${notImported('capture', 'c.id')} ORDER BY c.id`).all() as
    { id: number; inputId: number; formId: string; site: string; serial: number; pageNo: number; transformJson: string; residualMm: number; metricsJson: string; createdAt: string }[];
  const readingsOf = new Map<number, ReadingExportRow[]>();
  for (const row of db.prepare(`SELECT capture_id AS captureId, field_id AS fieldId, value_json AS valueJson, guess_json AS guessJson, status, confidence,
      reasons_json AS reasonsJson, metrics_json AS metricsJson FROM field_readings ORDER BY capture_id, field_id`).all() as
      { captureId: number; fieldId: string; valueJson: string; guessJson: string | null; status: string; confidence: number; reasonsJson: string; metricsJson: string }[]) {
    const list = readingsOf.get(row.captureId) ?? [];
    list.push({ fieldId: row.fieldId, value: parse(row.valueJson), guess: parse(row.guessJson), status: row.status, confidence: row.confidence,
      reasons: parse(row.reasonsJson), metrics: parse(row.metricsJson) });
    readingsOf.set(row.captureId, list);
  }
  const captures = captureRows.map((row) => ({
    id: row.id, inputId: row.inputId, sheet: { formId: row.formId, site: row.site, serial: row.serial }, pageNo: row.pageNo, transform: parse(row.transformJson),
    residualMm: row.residualMm, metrics: parse(row.metricsJson), createdAt: row.createdAt, readings: readingsOf.get(row.id) ?? [],
  }));
  const sheetValues = new Map<number, { sheet: SheetRef; values: SheetValueExportRow[] }>();
  for (const sheet of sheets) sheetValues.set(sheet.id, { sheet: { formId: sheet.formId, site: sheet.site, serial: sheet.serial }, values: [] });
  for (const row of db.prepare(`SELECT sheet_id AS sheetId, field_id AS fieldId, page_no AS pageNo, capture_id AS captureId, value_json AS valueJson,
      guess_json AS guessJson, status, confidence, reasons_json AS reasonsJson FROM sheet_fields ORDER BY sheet_id, field_id`).all() as
      { sheetId: number; fieldId: string; pageNo: number; captureId: number | null; valueJson: string; guessJson: string | null; status: FieldStatus; confidence: number; reasonsJson: string }[]) {
    sheetValues.get(row.sheetId)?.values.push({ fieldId: row.fieldId, pageNo: row.pageNo, captureId: row.captureId, value: parse(row.valueJson),
      guess: parse(row.guessJson), status: row.status, confidence: row.confidence, reasons: parse(row.reasonsJson) });
  }
  const decisions = (db.prepare(`SELECT d.id, d.item_key AS itemKey, s.form_id AS formId, s.site, s.serial, d.field_id AS fieldId, d.input_id AS inputId,
      d.reviewer, d.action, d.old_json AS oldJson, d.new_json AS newJson, d.decided_at AS decidedAt, d.undone_at AS undoneAt
    FROM review_decisions d LEFT JOIN sheets s ON s.id = d.sheet_id WHERE ${notImported('decision', 'd.id')} ORDER BY d.id`).all() as
    (Omit<DecisionExportRow, 'sheet' | 'old' | 'new'> & { formId: string | null; site: string | null; serial: number | null; oldJson: string | null; newJson: string | null })[])
    .map(({ formId, site, serial, oldJson, newJson, ...row }) => ({ ...row, sheet: ref(formId, site, serial), old: parse(oldJson), new: parse(newJson) }));
  return { layouts, printRuns, sheets, pages, captures, sheetValues, decisions };
}

/** Images of a capture or page, only for `--with-images`: the page JPEG, field crops (PNG), an unreadable page's JPEG. */
export function loadCaptureImages(workspace: Workspace, captureId: number): { part: string; bytes: Buffer }[] {
  const images: { part: string; bytes: Buffer }[] = [];
  const page = workspace.db.prepare('SELECT page_image FROM captures WHERE id = ?').get(captureId) as { page_image: Buffer | null } | undefined;
  if (page?.page_image) images.push({ part: 'page', bytes: page.page_image });
  for (const crop of workspace.db.prepare('SELECT field_id, png FROM crops WHERE capture_id = ? ORDER BY field_id').all(captureId) as { field_id: string; png: Buffer }[]) {
    images.push({ part: `crop:${crop.field_id}`, bytes: crop.png });
  }
  return images;
}

// ── The export log: every revision of every event this office has exported ─────────────────────────────────────
export interface LoggedEvent { readonly key: string; readonly rev: number; readonly hash: string; readonly seq: number }

/** The latest logged revision of every event key. */
export function loadOfficeLog(workspace: Workspace): Map<string, LoggedEvent> {
  const latest = new Map<string, LoggedEvent>();
  for (const row of workspace.db.prepare('SELECT key, rev, hash, seq FROM office_log ORDER BY seq').all() as LoggedEvent[]) latest.set(row.key, row);
  return latest;
}

export function lastOfficeSeq(workspace: Workspace): number {
  return (workspace.db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM office_log').get() as { seq: number }).seq;
}

export function appendOfficeLog(workspace: Workspace, entries: readonly LoggedEvent[]): void {
  const statement = workspace.db.prepare('INSERT INTO office_log (seq, key, rev, hash) VALUES (?, ?, ?, ?)');
  for (const entry of entries) statement.run(entry.seq, entry.key, entry.rev, entry.hash);
}
