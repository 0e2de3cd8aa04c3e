/**
 * Input pages and their one recorded outcome, keyed by (sha256, page_index): the identity that makes ingest idempotent.
 * Typed queries only; deciding the outcome is scan's job.
 */
import { codeNamesLayout, parseSheetCode, type OutcomeKind, type UnreadableReason } from '../model/index.js';
import { nowIso, type Workspace } from './workspace.js';
import { insertedId } from './sql-db.js';

export interface InputRecord {
  readonly id: number;
  readonly sha256: string;
  readonly pageIndex: number;
  readonly file: string;
  readonly batchId: number | null;
  readonly outcome: OutcomeKind;
  readonly reason: UnreadableReason | 'conflict' | null;
  readonly message: string | null;
  readonly sheetId: number | null;
  readonly pageNo: number | null;
  readonly duplicateOf: number | null;
  readonly qrText: string | null;
  readonly createdAt: string;
}

export interface NewInput {
  readonly sha256: string;
  readonly pageIndex: number;
  readonly file: string;
  readonly batchId: number | null;
  readonly outcome: OutcomeKind;
  readonly reason?: UnreadableReason | 'conflict' | null;
  readonly message?: string | null;
  readonly sheetId?: number | null;
  readonly pageNo?: number | null;
  readonly duplicateOf?: number | null;
  readonly qrText?: string | null;
  /** Downscaled JPEG of an unreadable page, so a person can identify it later by its printed serial. */
  readonly image?: Uint8Array | null;
}

interface InputRow {
  id: number; sha256: string; page_index: number; file: string; batch_id: number | null; outcome: OutcomeKind;
  reason: string | null; message: string | null; sheet_id: number | null; page_no: number | null; duplicate_of: number | null;
  qr_text: string | null; created_at: string;
}

const INPUT_COLUMNS = 'id, sha256, page_index, file, batch_id, outcome, reason, message, sheet_id, page_no, duplicate_of, qr_text, created_at';

function toInput(row: InputRow): InputRecord {
  return {
    id: row.id, sha256: row.sha256, pageIndex: row.page_index, file: row.file, batchId: row.batch_id, outcome: row.outcome,
    reason: row.reason as InputRecord['reason'], message: row.message, sheetId: row.sheet_id, pageNo: row.page_no,
    duplicateOf: row.duplicate_of, qrText: row.qr_text, createdAt: row.created_at,
  };
}

export function findInput(workspace: Workspace, sha256: string, pageIndex: number): InputRecord | undefined {
  const row = workspace.db.prepare(`SELECT ${INPUT_COLUMNS} FROM inputs WHERE sha256 = ? AND page_index = ?`).get(sha256, pageIndex) as InputRow | undefined;
  return row ? toInput(row) : undefined;
}

/** Every recorded page of one file content, by page index. */
export function findInputsByContent(workspace: Workspace, sha256: string): InputRecord[] {
  return (workspace.db.prepare(`SELECT ${INPUT_COLUMNS} FROM inputs WHERE sha256 = ? ORDER BY page_index`).all(sha256) as InputRow[]).map(toInput);
}

export function getInput(workspace: Workspace, id: number): InputRecord | undefined {
  const row = workspace.db.prepare(`SELECT ${INPUT_COLUMNS} FROM inputs WHERE id = ?`).get(id) as InputRow | undefined;
  return row ? toInput(row) : undefined;
}

export function insertInput(workspace: Workspace, input: NewInput): InputRecord {
  const createdAt = nowIso();
  const id = insertedId(workspace.db.prepare(`INSERT INTO inputs
    (sha256, page_index, file, batch_id, outcome, reason, message, sheet_id, page_no, duplicate_of, qr_text, image, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), input.sha256, input.pageIndex, input.file, input.batchId, input.outcome,
    input.reason ?? null, input.message ?? null, input.sheetId ?? null, input.pageNo ?? null, input.duplicateOf ?? null,
    input.qrText ?? null, input.image ? Buffer.from(input.image) : null, createdAt);
  return getInput(workspace, id)!;
}

/** All inputs in the order they were recorded (file, then page: ingest writes in that order). */
export function listInputs(workspace: Workspace): InputRecord[] {
  return (workspace.db.prepare(`SELECT ${INPUT_COLUMNS} FROM inputs ORDER BY id`).all() as InputRow[]).map(toInput);
}

export function getInputImage(workspace: Workspace, id: number): Buffer | undefined {
  const row = workspace.db.prepare('SELECT image FROM inputs WHERE id = ?').get(id) as { image: Buffer | null } | undefined;
  return row?.image ?? undefined;
}

export function countInputsByOutcome(workspace: Workspace): Record<OutcomeKind, number> {
  const counts: Record<OutcomeKind, number> = { accepted: 0, 'needs-review': 0, duplicate: 0, conflict: 0, unreadable: 0 };
  const rows = workspace.db.prepare('SELECT outcome, COUNT(*) AS n FROM inputs GROUP BY outcome').all() as { outcome: OutcomeKind; n: number }[];
  for (const row of rows) counts[row.outcome] = row.n;
  return counts;
}

export function countUnreadableByReason(workspace: Workspace): { reason: string; count: number }[] {
  return (workspace.db.prepare(`SELECT reason, COUNT(*) AS count FROM inputs WHERE outcome = 'unreadable' GROUP BY reason ORDER BY reason`)
    .all() as { reason: string; count: number }[]);
}

/** A page refused at registration although its QR code named a sheet this workspace printed. */
export interface RefusedSheetPage {
  readonly inputId: number;
  readonly file: string;
  readonly formId: string;
  readonly site: string;
  readonly serial: number;
  readonly page: number;
}

/**
 * Pages still refused (`registration-failed`) whose QR code was read and names a printed layout, unless a person
 * marked them as not a form or that sheet page has been read since (from another scan). The paper is in the office,
 * not missing: it needs to be flattened and scanned again.
 */
export function listRefusedSheetPages(workspace: Workspace): RefusedSheetPage[] {
  const layouts = workspace.db.prepare('SELECT fingerprint, form_id AS formId, form_code AS formCode, version FROM layouts').all() as
    { fingerprint: string; formId: string; formCode: string; version: number }[];
  const readSince = workspace.db.prepare(`SELECT 1 FROM captures c JOIN sheets s ON s.id = c.sheet_id
    WHERE s.form_id = ? AND s.site = ? AND s.serial = ? AND c.page_no = ?`);
  const rows = workspace.db.prepare(`SELECT id, file, qr_text FROM inputs
    WHERE outcome = 'unreadable' AND reason = 'registration-failed' AND qr_text IS NOT NULL
      AND id NOT IN (SELECT input_id FROM review_decisions WHERE input_id IS NOT NULL AND undone_at IS NULL AND action = 'not-a-form')
    ORDER BY id`).all() as { id: number; file: string; qr_text: string }[];
  const refused: RefusedSheetPage[] = [];
  for (const row of rows) {
    const parsed = parseSheetCode(row.qr_text);
    if (!parsed.ok) continue;
    const { code } = parsed;
    const layout = layouts.find((candidate) => codeNamesLayout(code, candidate));
    if (!layout || readSince.get(layout.formId, code.site, code.serial, code.page) !== undefined) continue;
    refused.push({ inputId: row.id, file: row.file, formId: layout.formId, site: code.site, serial: code.serial, page: code.page });
  }
  return refused;
}

/** The batch of that name, created on first use. */
export function getOrCreateBatch(workspace: Workspace, name: string): number {
  workspace.db.prepare('INSERT INTO batches (name, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING').run(name, nowIso());
  return (workspace.db.prepare('SELECT id FROM batches WHERE name = ?').get(name) as { id: number }).id;
}

/** The outcome of an input page once read after all (a person identified an unreadable page): the row keeps its identity. */
export function updateInputOutcome(workspace: Workspace, id: number, change: {
  readonly outcome: OutcomeKind; readonly reason?: UnreadableReason | 'conflict' | null; readonly message?: string | null;
  readonly sheetId: number | null; readonly pageNo: number | null; readonly duplicateOf?: number | null;
}): void {
  workspace.db.prepare('UPDATE inputs SET outcome = ?, reason = ?, message = ?, sheet_id = ?, page_no = ?, duplicate_of = ? WHERE id = ?')
    .run(change.outcome, change.reason ?? null, change.message ?? null, change.sheetId, change.pageNo, change.duplicateOf ?? null, id);
}
