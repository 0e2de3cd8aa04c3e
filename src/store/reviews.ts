/**
 * Typed queries for review: what waits for a person (sheet fields, unreadable pages, conflicts), leases, and the
 * decision log. Knows tables, not the queue order or the rules of a decision (those live in src/review).
 */
import type { Workspace } from './workspace.js';
import { insertedId } from './sql-db.js';

/** A sheet field that may need a person, with the sheet identity and the batch of the capture it came from. */
export interface ReviewFieldRow extends SheetFieldRow {
  readonly confidence: number;
  readonly reasonsJson: string;
  readonly formId: string;
  readonly site: string;
  readonly serial: number;
  readonly pageCount: number;
  readonly batchId: number | null;
  /** True when found through a capture whose input was recorded as a conflict and whose reading differs. */
  readonly conflict: boolean;
}

const FIELD_COLUMNS = `sf.sheet_id AS sheetId, sf.field_id AS fieldId, sf.page_no AS pageNo, sf.capture_id AS captureId,
  sf.value_json AS valueJson, sf.guess_json AS guessJson, sf.status AS status, sf.confidence AS confidence,
  sf.reasons_json AS reasonsJson, s.form_id AS formId, s.fingerprint AS fingerprint, s.site AS site, s.serial AS serial,
  s.page_count AS pageCount`;

/** Fields whose status is needs-review, plus fields a conflicting capture reads differently and no person decided yet. */
export function listReviewFields(workspace: Workspace): ReviewFieldRow[] {
  const needsReview = workspace.db.prepare(`SELECT ${FIELD_COLUMNS}, i.batch_id AS batchId, 0 AS conflict
    FROM sheet_fields sf JOIN sheets s ON s.id = sf.sheet_id
    LEFT JOIN captures c ON c.id = sf.capture_id LEFT JOIN inputs i ON i.id = c.input_id
    WHERE sf.status = 'needs-review'`).all() as (Omit<ReviewFieldRow, 'conflict'> & { conflict: number })[];
  const conflicting = workspace.db.prepare(`SELECT DISTINCT ${FIELD_COLUMNS}, i.batch_id AS batchId, 1 AS conflict
    FROM inputs i JOIN captures c ON c.input_id = i.id
    JOIN sheet_fields sf ON sf.sheet_id = c.sheet_id AND sf.page_no = c.page_no
    JOIN field_readings fr ON fr.capture_id = c.id AND fr.field_id = sf.field_id
    JOIN sheets s ON s.id = sf.sheet_id
    WHERE i.outcome = 'conflict' AND sf.status <> 'reviewed' AND fr.value_json <> sf.value_json`)
    .all() as (Omit<ReviewFieldRow, 'conflict'> & { conflict: number })[];
  const byKey = new Map<string, ReviewFieldRow>();
  for (const row of [...needsReview, ...conflicting]) {
    const key = `${row.sheetId}\u0000${row.fieldId}`;
    const earlier = byKey.get(key);
    byKey.set(key, { ...row, conflict: row.conflict === 1 || (earlier?.conflict ?? false) });
  }
  return [...byKey.values()];
}

export interface SheetFieldValueRow { readonly sheetId: number; readonly fieldId: string; readonly valueJson: string; readonly guessJson: string | null }

/** Every current value of the sheets that have a field waiting for review (to see life-safety ticks on them). */
export function listValuesOfSheetsInReview(workspace: Workspace): SheetFieldValueRow[] {
  return workspace.db.prepare(`SELECT sheet_id AS sheetId, field_id AS fieldId, value_json AS valueJson, guess_json AS guessJson
    FROM sheet_fields WHERE sheet_id IN (SELECT sheet_id FROM sheet_fields WHERE status = 'needs-review')`).all() as SheetFieldValueRow[];
}

export interface UnreadableInputRow {
  readonly inputId: number;
  readonly file: string;
  readonly pageIndex: number;
  readonly batchId: number | null;
  readonly reason: string | null;
  readonly message: string | null;
  readonly hasImage: boolean;
  /** The QR code's text when one was read (a page refused at registration knows which sheet it is). */
  readonly qrText: string | null;
}

/** Unreadable pages no person has identified or dismissed yet (an undone decision puts the page back). */
export function listOpenUnreadableInputs(workspace: Workspace): UnreadableInputRow[] {
  const rows = workspace.db.prepare(`SELECT i.id AS inputId, i.file AS file, i.page_index AS pageIndex, i.batch_id AS batchId,
      i.reason AS reason, i.message AS message, CASE WHEN i.image IS NULL THEN 0 ELSE 1 END AS hasImage, i.qr_text AS qrText
    FROM inputs i
    WHERE i.outcome = 'unreadable'
      AND NOT EXISTS (SELECT 1 FROM captures c WHERE c.input_id = i.id)
      AND NOT EXISTS (SELECT 1 FROM review_decisions d WHERE d.input_id = i.id AND d.undone_at IS NULL
                      AND d.action IN ('identify', 'not-a-form'))
    ORDER BY i.id`).all() as (Omit<UnreadableInputRow, 'hasImage'> & { hasImage: number })[];
  return rows.map((row) => ({ ...row, hasImage: row.hasImage === 1 }));
}

export interface FieldReadingRow {
  readonly captureId: number;
  readonly inputId: number;
  readonly valueJson: string;
  readonly guessJson: string | null;
  readonly confidence: number;
  readonly reasonsJson: string;
  readonly hasCrop: boolean;
  readonly hasPageImage: boolean;
}

/** The machine's readings of one field on every capture of its page, oldest capture first. */
export function listPageFieldReadings(workspace: Workspace, sheetId: number, pageNo: number, fieldId: string): FieldReadingRow[] {
  const rows = workspace.db.prepare(`SELECT c.id AS captureId, c.input_id AS inputId, fr.value_json AS valueJson,
      fr.guess_json AS guessJson, fr.confidence AS confidence, fr.reasons_json AS reasonsJson,
      EXISTS (SELECT 1 FROM crops k WHERE k.capture_id = c.id AND k.field_id = fr.field_id) AS hasCrop,
      (c.page_image IS NOT NULL) AS hasPageImage
    FROM captures c JOIN field_readings fr ON fr.capture_id = c.id AND fr.field_id = ?
    WHERE c.sheet_id = ? AND c.page_no = ? ORDER BY c.id`).all(fieldId, sheetId, pageNo) as
    (Omit<FieldReadingRow, 'hasCrop' | 'hasPageImage'> & { hasCrop: number; hasPageImage: number })[];
  return rows.map((row) => ({ ...row, hasCrop: row.hasCrop === 1, hasPageImage: row.hasPageImage === 1 }));
}

/** The current value of a sheet field as stored (JSON columns unparsed), with its sheet's layout fingerprint. */
export interface SheetFieldRow {
  readonly sheetId: number;
  readonly fieldId: string;
  readonly pageNo: number;
  readonly captureId: number | null;
  readonly valueJson: string;
  readonly guessJson: string | null;
  readonly status: string;
  readonly fingerprint: string;
}

/** The current value of one sheet field, with the layout fingerprint of its sheet. */
export function getReviewSheetField(workspace: Workspace, sheetId: number, fieldId: string): SheetFieldRow | undefined {
  return workspace.db.prepare(`SELECT sf.sheet_id AS sheetId, sf.field_id AS fieldId, sf.page_no AS pageNo, sf.capture_id AS captureId,
      sf.value_json AS valueJson, sf.guess_json AS guessJson, sf.status AS status, s.fingerprint AS fingerprint
    FROM sheet_fields sf JOIN sheets s ON s.id = sf.sheet_id WHERE sf.sheet_id = ? AND sf.field_id = ?`).get(sheetId, fieldId) as SheetFieldRow | undefined;
}

/** Whether a standing decision already identified or dismissed this input page. */
export function hasStandingPageDecision(workspace: Workspace, inputId: number): boolean {
  return workspace.db.prepare(`SELECT 1 FROM review_decisions WHERE input_id = ? AND undone_at IS NULL AND action IN ('identify', 'not-a-form')`)
    .get(inputId) !== undefined;
}

/** Sets the current value of a sheet field; field_readings (the machine's reading) are never touched. */
export function updateSheetField(workspace: Workspace, sheetId: number, fieldId: string,
  change: { readonly valueJson: string; readonly status: string; readonly captureId: number | null }): void {
  workspace.db.prepare('UPDATE sheet_fields SET value_json = ?, status = ?, capture_id = ? WHERE sheet_id = ? AND field_id = ?')
    .run(change.valueJson, change.status, change.captureId, sheetId, fieldId);
}

export function getInputOutcome(workspace: Workspace, inputId: number): string | undefined {
  const row = workspace.db.prepare('SELECT outcome FROM inputs WHERE id = ?').get(inputId) as { outcome: string } | undefined;
  return row?.outcome;
}

/** Print runs of any form at this site whose serial range holds the serial (reprints included). */
export function listPrintRunsForSerial(workspace: Workspace, site: string, serial: number): { formId: string; fingerprint: string }[] {
  return workspace.db.prepare(`SELECT DISTINCT form_id AS formId, fingerprint FROM print_runs
    WHERE site = ? AND serial_from <= ? AND serial_to >= ? ORDER BY form_id, fingerprint`).all(site, serial, serial) as { formId: string; fingerprint: string }[];
}

export function listBatches(workspace: Workspace): { id: number; name: string }[] {
  return workspace.db.prepare('SELECT id, name FROM batches ORDER BY id').all() as { id: number; name: string }[];
}

// ── Leases: an item is worked by one reviewer at a time ─────────────────────────────────────────────────────
export interface LeaseRow { readonly itemKey: string; readonly reviewer: string; readonly expiresAt: string }

export function listLeases(workspace: Workspace): LeaseRow[] {
  return workspace.db.prepare('SELECT item_key AS itemKey, reviewer, expires_at AS expiresAt FROM review_leases').all() as LeaseRow[];
}

export function getLease(workspace: Workspace, itemKey: string): LeaseRow | undefined {
  return workspace.db.prepare('SELECT item_key AS itemKey, reviewer, expires_at AS expiresAt FROM review_leases WHERE item_key = ?')
    .get(itemKey) as LeaseRow | undefined;
}

export function deleteExpiredLeases(workspace: Workspace, nowIso: string): void {
  workspace.db.prepare('DELETE FROM review_leases WHERE expires_at <= ?').run(nowIso);
}

export function putLease(workspace: Workspace, lease: LeaseRow): void {
  workspace.db.prepare(`INSERT INTO review_leases (item_key, reviewer, expires_at) VALUES (?, ?, ?)
    ON CONFLICT (item_key) DO UPDATE SET reviewer = excluded.reviewer, expires_at = excluded.expires_at`)
    .run(lease.itemKey, lease.reviewer, lease.expiresAt);
}

export function deleteLease(workspace: Workspace, itemKey: string): void {
  workspace.db.prepare('DELETE FROM review_leases WHERE item_key = ?').run(itemKey);
}

export function deleteLeasesOf(workspace: Workspace, reviewer: string): void {
  workspace.db.prepare('DELETE FROM review_leases WHERE reviewer = ?').run(reviewer);
}

// ── The decision log: append-only; undo marks a decision undone ─────────────────────────────────────────────
export interface DecisionRow {
  readonly id: number;
  readonly itemKey: string;
  readonly sheetId: number | null;
  readonly fieldId: string | null;
  readonly inputId: number | null;
  readonly reviewer: string;
  readonly action: string;
  readonly oldJson: string | null;
  readonly newJson: string | null;
  readonly decidedAt: string;
  readonly undoneAt: string | null;
}

const DECISION_COLUMNS = `id, item_key AS itemKey, sheet_id AS sheetId, field_id AS fieldId, input_id AS inputId, reviewer, action,
  old_json AS oldJson, new_json AS newJson, decided_at AS decidedAt, undone_at AS undoneAt`;

export function insertDecision(workspace: Workspace, decision: Omit<DecisionRow, 'id' | 'undoneAt'>): number {
  return insertedId(workspace.db.prepare(`INSERT INTO review_decisions
    (item_key, sheet_id, field_id, input_id, reviewer, action, old_json, new_json, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
    decision.itemKey, decision.sheetId, decision.fieldId, decision.inputId, decision.reviewer, decision.action,
      decision.oldJson, decision.newJson, decision.decidedAt);
}

/** The reviewer's most recent decision that is not undone. */
export function lastActiveDecision(workspace: Workspace, reviewer: string): DecisionRow | undefined {
  return workspace.db.prepare(`SELECT ${DECISION_COLUMNS} FROM review_decisions WHERE reviewer = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1`)
    .get(reviewer) as DecisionRow | undefined;
}

/** A decision on the same item taken after `afterId` and still standing (then an undo would lose someone's work). */
export function laterActiveDecision(workspace: Workspace, itemKey: string, afterId: number): DecisionRow | undefined {
  return workspace.db.prepare(`SELECT ${DECISION_COLUMNS} FROM review_decisions WHERE item_key = ? AND id > ? AND undone_at IS NULL LIMIT 1`)
    .get(itemKey, afterId) as DecisionRow | undefined;
}

export function markDecisionUndone(workspace: Workspace, id: number, undoneAt: string): void {
  workspace.db.prepare('UPDATE review_decisions SET undone_at = ? WHERE id = ?').run(undoneAt, id);
}

export function listDecisions(workspace: Workspace): DecisionRow[] {
  return workspace.db.prepare(`SELECT ${DECISION_COLUMNS} FROM review_decisions ORDER BY id`).all() as DecisionRow[];
}

/** Per reviewer: decisions standing in total and since `sinceIso` (for "done per hour"). */
export function decisionCounts(workspace: Workspace, sinceIso: string): { reviewer: string; total: number; recent: number; firstRecentAt: string | null }[] {
  return workspace.db.prepare(`SELECT reviewer, COUNT(*) AS total, SUM(CASE WHEN decided_at >= ? THEN 1 ELSE 0 END) AS recent,
      MIN(CASE WHEN decided_at >= ? THEN decided_at END) AS firstRecentAt
    FROM review_decisions WHERE undone_at IS NULL GROUP BY reviewer ORDER BY reviewer`).all(sinceIso, sinceIso) as
    { reviewer: string; total: number; recent: number; firstRecentAt: string | null }[];
}
