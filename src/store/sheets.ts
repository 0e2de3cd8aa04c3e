/**
 * Sheets (one printed serial of a form at a site, all its pages) and captures (a registered image of one page).
 * Typed queries only: which capture counts, and why, is decided by scan.
 */
import type { Metrics } from '../model/index.js';
import { nowIso, type Workspace } from './workspace.js';
import { insertedId, jsonIsTrue } from './sql-db.js';

export interface SheetRecord {
  readonly id: number;
  readonly formId: string;
  readonly fingerprint: string;
  readonly site: string;
  readonly serial: number;
  readonly pageCount: number;
  readonly firstSeen: string;
}

export interface NewSheet {
  readonly formId: string;
  readonly fingerprint: string;
  readonly site: string;
  readonly serial: number;
  readonly pageCount: number;
}

interface SheetRow { id: number; form_id: string; fingerprint: string; site: string; serial: number; page_count: number; first_seen: string }

function toSheet(row: SheetRow): SheetRecord {
  return { id: row.id, formId: row.form_id, fingerprint: row.fingerprint, site: row.site, serial: row.serial, pageCount: row.page_count, firstSeen: row.first_seen };
}

export function findSheet(workspace: Workspace, formId: string, site: string, serial: number): SheetRecord | undefined {
  const row = workspace.db.prepare('SELECT * FROM sheets WHERE form_id = ? AND site = ? AND serial = ?').get(formId, site, serial) as SheetRow | undefined;
  return row ? toSheet(row) : undefined;
}

/** The sheet (form, site, serial), created with this layout on first sight; later pages join it. */
export function getOrCreateSheet(workspace: Workspace, sheet: NewSheet): SheetRecord {
  workspace.db.prepare(`INSERT INTO sheets (form_id, fingerprint, site, serial, page_count, first_seen) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
    .run(sheet.formId, sheet.fingerprint, sheet.site, sheet.serial, sheet.pageCount, nowIso());
  return findSheet(workspace, sheet.formId, sheet.site, sheet.serial)!;
}

/** Sheets in a stable order: form, site, serial. */
export function listSheets(workspace: Workspace): SheetRecord[] {
  return (workspace.db.prepare('SELECT * FROM sheets ORDER BY form_id, site, serial').all() as SheetRow[]).map(toSheet);
}

export function countSheetsByFormAndSite(workspace: Workspace): { formId: string; site: string; sheets: number }[] {
  return workspace.db.prepare('SELECT form_id AS formId, site, COUNT(*) AS sheets FROM sheets GROUP BY form_id, site ORDER BY form_id, site')
    .all() as { formId: string; site: string; sheets: number }[];
}

export interface CaptureRecord {
  readonly id: number;
  readonly inputId: number;
  readonly sheetId: number;
  readonly pageNo: number;
  readonly transform: unknown;
  readonly residualMm: number;
  readonly metrics: Metrics;
  readonly createdAt: string;
}

export interface NewCapture {
  readonly inputId: number;
  readonly sheetId: number;
  readonly pageNo: number;
  readonly transform: unknown;
  readonly residualMm: number;
  readonly metrics: Metrics;
  /** The page as JPEG (what a reviewer sees around a field). */
  readonly pageImage: Uint8Array | null;
}

interface CaptureRow { id: number; input_id: number; sheet_id: number; page_no: number; transform_json: string; residual_mm: number; metrics_json: string; created_at: string }

function toCapture(row: CaptureRow): CaptureRecord {
  return {
    id: row.id, inputId: row.input_id, sheetId: row.sheet_id, pageNo: row.page_no, transform: JSON.parse(row.transform_json) as unknown,
    residualMm: row.residual_mm, metrics: JSON.parse(row.metrics_json) as Metrics, createdAt: row.created_at,
  };
}

const CAPTURE_COLUMNS = 'id, input_id, sheet_id, page_no, transform_json, residual_mm, metrics_json, created_at';

export function insertCapture(workspace: Workspace, capture: NewCapture): CaptureRecord {
  const id = insertedId(workspace.db.prepare(`INSERT INTO captures (input_id, sheet_id, page_no, transform_json, residual_mm, metrics_json, page_image, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), capture.inputId, capture.sheetId, capture.pageNo, JSON.stringify(capture.transform), capture.residualMm,
    JSON.stringify(capture.metrics), capture.pageImage ? Buffer.from(capture.pageImage) : null, nowIso());
  return toCapture(workspace.db.prepare(`SELECT ${CAPTURE_COLUMNS} FROM captures WHERE id = ?`).get(id) as CaptureRow);
}

/** Captures of one page of a sheet, oldest first (the first is the one later images are compared with). */
export function listCapturesOfPage(workspace: Workspace, sheetId: number, pageNo: number): CaptureRecord[] {
  return (workspace.db.prepare(`SELECT ${CAPTURE_COLUMNS} FROM captures WHERE sheet_id = ? AND page_no = ? ORDER BY id`).all(sheetId, pageNo) as CaptureRow[]).map(toCapture);
}

/** Read pages whose capture was 1-bit black and white (scan's `bilevel` metric): status advises greyscale for them. */
export function countBilevelCaptures(workspace: Workspace): number {
  return (workspace.db.prepare(`SELECT COUNT(*) AS n FROM captures WHERE ${jsonIsTrue(workspace.dialect, 'metrics_json', 'bilevel')}`).get() as { n: number }).n;
}

export function listCapturesOfSheet(workspace: Workspace, sheetId: number): CaptureRecord[] {
  return (workspace.db.prepare(`SELECT ${CAPTURE_COLUMNS} FROM captures WHERE sheet_id = ? ORDER BY page_no, id`).all(sheetId) as CaptureRow[]).map(toCapture);
}

export function getCapturePageImage(workspace: Workspace, captureId: number): Buffer | undefined {
  const row = workspace.db.prepare('SELECT page_image FROM captures WHERE id = ?').get(captureId) as { page_image: Buffer | null } | undefined;
  return row?.page_image ?? undefined;
}
