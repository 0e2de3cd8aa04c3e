/**
 * Writing other offices' events into this store: which event keys were taken in (revision, hash, the local row they
 * became), which bundles, the conflicts found, and inserts that keep the office's own times and values.
 * Typed queries only; the rules (idempotence, what is a conflict) live in the bundle feature.
 */
import type { FieldStatus, OutcomeKind } from '../model/index.js';
import { nowIso, type Workspace } from './workspace.js';
import { getOrCreateBatch } from './inputs.js';
import { insertReadingRows } from './values.js';
import { insertedId, prepareCached, type SqlStatement } from './sql-db.js';

// Import runs these per event (hundreds of thousands of times for 50 bundles): prepare each once.
function sql(workspace: Workspace, text: string): SqlStatement {
  return prepareCached(workspace.db, text);
}

export interface ImportedEvent {
  readonly key: string;
  readonly office: string;
  readonly kind: string;
  readonly rev: number;
  readonly hash: string;
  readonly localId: number | null;
  readonly target: string | null;
}

export function findImportedEvent(workspace: Workspace, key: string): ImportedEvent | undefined {
  return sql(workspace, 'SELECT key, office, kind, rev, hash, local_id AS localId, target FROM imported_events WHERE key = ?').get(key) as ImportedEvent | undefined;
}

/** The first event key (another than `key`) that set the same local thing, e.g. the values of one sheet. */
export function findTargetOwner(workspace: Workspace, target: string, key: string): string | undefined {
  const row = sql(workspace, 'SELECT key FROM imported_events WHERE target = ? AND key <> ? ORDER BY imported_at, key LIMIT 1').get(target, key) as { key: string } | undefined;
  return row?.key;
}

export function recordImportedEvent(workspace: Workspace, event: ImportedEvent): void {
  sql(workspace, `INSERT INTO imported_events (key, office, kind, rev, hash, local_id, target, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET rev = excluded.rev, hash = excluded.hash, local_id = excluded.local_id, target = excluded.target`)
    .run(event.key, event.office, event.kind, event.rev, event.hash, event.localId, event.target, nowIso());
}

export function isBundleImported(workspace: Workspace, manifestHash: string): boolean {
  return sql(workspace, 'SELECT 1 FROM imported_bundles WHERE manifest_hash = ?').get(manifestHash) !== undefined;
}

export function recordImportedBundle(workspace: Workspace, bundle: { manifestHash: string; office: string; seqFrom: number; seqTo: number; events: number; file: string }): void {
  sql(workspace, 'INSERT INTO imported_bundles (manifest_hash, office, seq_from, seq_to, events, file, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
    .run(bundle.manifestHash, bundle.office, bundle.seqFrom, bundle.seqTo, bundle.events, bundle.file, nowIso());
}

export function countImportedBundles(workspace: Workspace): { bundles: number; offices: number } {
  return sql(workspace, 'SELECT COUNT(*) AS bundles, COUNT(DISTINCT office) AS offices FROM imported_bundles').get() as { bundles: number; offices: number };
}

export type BundleConflictKind = 'same-id-other-content' | 'sheet-disagreement';

export interface BundleConflict {
  readonly kind: BundleConflictKind;
  readonly key: string;
  readonly office: string;
  readonly sheet: string | null;
  readonly storedHash: string;
  readonly incomingHash: string;
  readonly detail: string;
  readonly file: string;
}

/** Records a conflict once: the same disagreement imported again is not a second conflict. Returns true when new. */
export function recordBundleConflict(workspace: Workspace, conflict: BundleConflict): boolean {
  return sql(workspace, `INSERT INTO bundle_conflicts (kind, key, office, sheet, stored_hash, incoming_hash, detail, file, recorded_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`).run(conflict.kind, conflict.key, conflict.office, conflict.sheet, conflict.storedHash, conflict.incomingHash,
    conflict.detail, conflict.file, nowIso()).changes > 0;
}

export function listBundleConflicts(workspace: Workspace): (BundleConflict & { recordedAt: string })[] {
  return sql(workspace, `SELECT kind, key, office, sheet, stored_hash AS storedHash, incoming_hash AS incomingHash, detail, file, recorded_at AS recordedAt
    FROM bundle_conflicts ORDER BY id`).all() as (BundleConflict & { recordedAt: string })[];
}

export function countBundleConflicts(workspace: Workspace): number {
  return (sql(workspace, 'SELECT COUNT(*) AS n FROM bundle_conflicts').get() as { n: number }).n;
}

// ── Rows as the office made them ─────────────────────────────────────────────────────────────────────────────
export function insertImportedPrintRun(workspace: Workspace, run: { formId: string; fingerprint: string; site: string; serialFrom: number; serialTo: number;
  languages: string; paper: string; reprint: boolean; createdAt: string }): number {
  return insertedId(sql(workspace, `INSERT INTO print_runs (form_id, fingerprint, site, serial_from, serial_to, languages, paper, reprint, output_file, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?) RETURNING id`), run.formId, run.fingerprint, run.site, run.serialFrom, run.serialTo, run.languages, run.paper,
    run.reprint ? 1 : 0, run.createdAt);
}

/** Inserts the sheet unless its code exists; an earlier first scan elsewhere moves first_seen back. Returns the row. */
export function upsertImportedSheet(workspace: Workspace, sheet: { formId: string; site: string; serial: number; fingerprint: string; pageCount: number; firstSeen: string }):
  { id: number; fingerprint: string; created: boolean } {
  const inserted = sql(workspace, 'INSERT INTO sheets (form_id, fingerprint, site, serial, page_count, first_seen) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
    .run(sheet.formId, sheet.fingerprint, sheet.site, sheet.serial, sheet.pageCount, sheet.firstSeen).changes > 0;
  if (!inserted) {
    sql(workspace, 'UPDATE sheets SET first_seen = ? WHERE form_id = ? AND site = ? AND serial = ? AND first_seen > ?')
      .run(sheet.firstSeen, sheet.formId, sheet.site, sheet.serial, sheet.firstSeen);
  }
  const row = sql(workspace, 'SELECT id, fingerprint FROM sheets WHERE form_id = ? AND site = ? AND serial = ?').get(sheet.formId, sheet.site, sheet.serial) as { id: number; fingerprint: string };
  return { ...row, created: inserted };
}

export interface ImportedInput {
  readonly sha256: string; readonly pageIndex: number; readonly file: string; readonly batch: string | null; readonly outcome: OutcomeKind;
  readonly reason: string | null; readonly message: string | null; readonly sheetId: number | null; readonly pageNo: number | null;
  readonly qrText: string | null; readonly createdAt: string;
}

export function insertImportedInput(workspace: Workspace, input: ImportedInput): number {
  const batchId = input.batch === null ? null : getOrCreateBatch(workspace, input.batch);
  return insertedId(sql(workspace, `INSERT INTO inputs (sha256, page_index, file, batch_id, outcome, reason, message, sheet_id, page_no, qr_text, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), input.sha256, input.pageIndex, input.file, batchId, input.outcome, input.reason, input.message,
    input.sheetId, input.pageNo, input.qrText, input.createdAt);
}

/** A later revision of an input page (a person identified it at its office): identity stays, outcome changes. */
export function updateImportedInput(workspace: Workspace, id: number, input: ImportedInput): void {
  sql(workspace, 'UPDATE inputs SET outcome = ?, reason = ?, message = ?, sheet_id = ?, page_no = ?, qr_text = ? WHERE id = ?')
    .run(input.outcome, input.reason, input.message, input.sheetId, input.pageNo, input.qrText, id);
}

export function setInputDuplicateOf(workspace: Workspace, id: number, duplicateOf: number | null): void {
  sql(workspace, 'UPDATE inputs SET duplicate_of = ? WHERE id = ?').run(duplicateOf, id);
}

export function findCaptureOfInput(workspace: Workspace, inputId: number): number | undefined {
  return (sql(workspace, 'SELECT id FROM captures WHERE input_id = ?').get(inputId) as { id: number } | undefined)?.id;
}

export interface ImportedReading {
  readonly fieldId: string; readonly value: unknown; readonly guess: unknown; readonly status: string; readonly confidence: number;
  readonly reasons: unknown; readonly metrics: unknown;
}

export function insertImportedCapture(workspace: Workspace, capture: { inputId: number; sheetId: number; pageNo: number; transform: unknown; residualMm: number;
  metrics: unknown; createdAt: string; readings: readonly ImportedReading[] }): number {
  const id = insertedId(sql(workspace, `INSERT INTO captures (input_id, sheet_id, page_no, transform_json, residual_mm, metrics_json, page_image, created_at)
    VALUES (?, ?, ?, ?, ?, ?, NULL, ?) RETURNING id`), capture.inputId, capture.sheetId, capture.pageNo, JSON.stringify(capture.transform), capture.residualMm,
    JSON.stringify(capture.metrics), capture.createdAt);
  insertReadingRows(workspace, id, capture.readings);
  return id;
}

export interface ImportedSheetValue {
  readonly fieldId: string; readonly pageNo: number; readonly captureId: number | null; readonly value: unknown; readonly guess: unknown;
  readonly status: FieldStatus; readonly confidence: number; readonly reasons: unknown;
}

/** Current values of one sheet as stored (JSON text), by field id. */
export function loadSheetValueTexts(workspace: Workspace, sheetId: number): Map<string, string> {
  const rows = sql(workspace, 'SELECT field_id AS fieldId, value_json AS valueJson FROM sheet_fields WHERE sheet_id = ?').all(sheetId) as { fieldId: string; valueJson: string }[];
  return new Map(rows.map((row) => [row.fieldId, row.valueJson]));
}

export function insertImportedDecision(workspace: Workspace, decision: { itemKey: string; sheetId: number | null; fieldId: string | null; inputId: number | null;
  reviewer: string; action: string; old: unknown; new: unknown; decidedAt: string; undoneAt: string | null }): number {
  return insertedId(sql(workspace, `INSERT INTO review_decisions (item_key, sheet_id, field_id, input_id, reviewer, action, old_json, new_json, decided_at, undone_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), decision.itemKey, decision.sheetId, decision.fieldId, decision.inputId, decision.reviewer, decision.action,
    decision.old === null ? null : JSON.stringify(decision.old), decision.new === null ? null : JSON.stringify(decision.new), decision.decidedAt, decision.undoneAt);
}

export function setDecisionUndoneAt(workspace: Workspace, id: number, undoneAt: string | null): void {
  sql(workspace, 'UPDATE review_decisions SET undone_at = ? WHERE id = ?').run(undoneAt, id);
}

export function putImportedImage(workspace: Workspace, target: { kind: 'capture-page' | 'crop' | 'input'; id: number; fieldId?: string }, bytes: Buffer): void {
  if (target.kind === 'capture-page') sql(workspace, 'UPDATE captures SET page_image = ? WHERE id = ?').run(bytes, target.id);
  else if (target.kind === 'input') sql(workspace, 'UPDATE inputs SET image = ? WHERE id = ?').run(bytes, target.id);
  else sql(workspace, 'INSERT INTO crops (capture_id, field_id, png) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(target.id, target.fieldId ?? '', bytes);
}
