/**
 * Field values: the machine reading of every capture (never overwritten), field crops, and the current value of
 * every sheet field (sheet_fields: what exports and the report read). Typed queries only.
 */
import type { FieldReading, FieldStatus, FieldValue, Metrics, ReviewReason } from '../model/index.js';
import type { Workspace } from './workspace.js';
import { insertInChunks, jsonFirstItem, prepareCached, valuesRows } from './sql-db.js';

/** A field reading as stored for one capture. */
export interface StoredReading {
  readonly captureId: number;
  readonly fieldId: string;
  readonly value: FieldValue;
  readonly guess?: FieldValue;
  readonly status: FieldStatus;
  readonly confidence: number;
  readonly reasons: readonly ReviewReason[];
  readonly metrics: Metrics;
}

/** The current value of one field of one sheet. */
export interface SheetFieldValue {
  readonly sheetId: number;
  readonly fieldId: string;
  readonly pageNo: number;
  readonly captureId: number | null;
  readonly value: FieldValue;
  readonly guess?: FieldValue;
  readonly status: FieldStatus;
  readonly confidence: number;
  readonly reasons: readonly ReviewReason[];
}

export function insertFieldReadings(workspace: Workspace, captureId: number, readings: readonly FieldReading[]): void {
  insertReadingRows(workspace, captureId, readings);
}

/** A reading as a row takes it: this capture's or one an office sent in a bundle (values JSON-encoded here). */
export interface ReadingRowValues {
  readonly fieldId: string; readonly value: unknown; readonly guess?: unknown; readonly status: string; readonly confidence: number;
  readonly reasons: unknown; readonly metrics: unknown;
}

/** Inserts one capture's readings, a page's worth in one statement. */
export function insertReadingRows(workspace: Workspace, captureId: number, readings: readonly ReadingRowValues[]): void {
  insertInChunks(readings, (rows) => prepareCached(workspace.db, `INSERT INTO field_readings
    (capture_id, field_id, value_json, guess_json, status, confidence, reasons_json, metrics_json) VALUES ${valuesRows(rows, 8)}`),
  (reading) => [captureId, reading.fieldId, JSON.stringify(reading.value), jsonOrNull(reading.guess), reading.status, reading.confidence,
    JSON.stringify(reading.reasons), JSON.stringify(reading.metrics)]);
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

interface ReadingRow { capture_id: number; field_id: string; value_json: string; guess_json: string | null; status: FieldStatus; confidence: number; reasons_json: string; metrics_json: string }

export function listFieldReadings(workspace: Workspace, captureId: number): StoredReading[] {
  const rows = workspace.db.prepare('SELECT * FROM field_readings WHERE capture_id = ? ORDER BY field_id').all(captureId) as ReadingRow[];
  return rows.map((row) => ({
    captureId: row.capture_id, fieldId: row.field_id, value: JSON.parse(row.value_json) as FieldValue,
    ...(row.guess_json === null ? {} : { guess: JSON.parse(row.guess_json) as FieldValue }),
    status: row.status, confidence: row.confidence, reasons: JSON.parse(row.reasons_json) as ReviewReason[], metrics: JSON.parse(row.metrics_json) as Metrics,
  }));
}

/** Crops are PNG, one per text, signature, word-grid and digit field (its cells are inside it). */
export function insertCrops(workspace: Workspace, captureId: number, crops: readonly { fieldId: string; png: Uint8Array }[]): void {
  insertInChunks(crops, (rows) => prepareCached(workspace.db, `INSERT INTO crops (capture_id, field_id, png) VALUES ${valuesRows(rows, 3)}`),
    (crop) => [captureId, crop.fieldId, Buffer.from(crop.png)]);
}

export function getCrop(workspace: Workspace, captureId: number, fieldId: string): Buffer | undefined {
  const row = workspace.db.prepare('SELECT png FROM crops WHERE capture_id = ? AND field_id = ?').get(captureId, fieldId) as { png: Buffer } | undefined;
  return row?.png;
}

export function countCrops(workspace: Workspace, captureId: number): number {
  return (workspace.db.prepare('SELECT COUNT(*) AS n FROM crops WHERE capture_id = ?').get(captureId) as { n: number }).n;
}

/** Sets the current value of every field read on an accepted page from the machine reading of its capture. */
export function setSheetFields(workspace: Workspace, sheetId: number, pageNo: number, captureId: number, readings: readonly FieldReading[]): void {
  putSheetFieldValues(workspace, sheetId, readings.map((reading) => ({ ...reading, pageNo, captureId })));
}

/** A field's current value as a row takes it: from this workspace's reading, or as an office sent it in a bundle. */
export interface SheetFieldRowValues {
  readonly fieldId: string; readonly pageNo: number; readonly captureId: number | null; readonly value: unknown; readonly guess?: unknown;
  readonly status: string; readonly confidence: number; readonly reasons: unknown;
}

/** Sets these fields' current values, a value stored again replacing the one there (each field id once). */
export function putSheetFieldValues(workspace: Workspace, sheetId: number, values: readonly SheetFieldRowValues[]): void {
  insertInChunks(values, (rows) => prepareCached(workspace.db, `INSERT INTO sheet_fields
    (sheet_id, field_id, page_no, capture_id, value_json, guess_json, status, confidence, reasons_json) VALUES ${valuesRows(rows, 9)}
    ON CONFLICT (sheet_id, field_id) DO UPDATE SET page_no = excluded.page_no, capture_id = excluded.capture_id, value_json = excluded.value_json,
      guess_json = excluded.guess_json, status = excluded.status, confidence = excluded.confidence, reasons_json = excluded.reasons_json`),
  (value) => [sheetId, value.fieldId, value.pageNo, value.captureId, JSON.stringify(value.value), jsonOrNull(value.guess), value.status, value.confidence,
    JSON.stringify(value.reasons)]);
}

/**
 * Sends one sheet field to review because two captures disagree: `value` keeps the first capture's reading,
 * `guess` takes the other one, status becomes needs-review (never `auto`), confidence 0.
 */
export function markSheetFieldConflict(workspace: Workspace, sheetId: number, fieldId: string, otherValue: FieldValue): void {
  const current = getSheetField(workspace, sheetId, fieldId);
  if (!current) return;
  const reasons = current.reasons.includes('conflict') ? current.reasons : [...current.reasons, 'conflict'];
  workspace.db.prepare(`UPDATE sheet_fields SET status = 'needs-review', reasons_json = ?, guess_json = ?, confidence = 0 WHERE sheet_id = ? AND field_id = ?`)
    .run(JSON.stringify(reasons), JSON.stringify(otherValue), sheetId, fieldId);
}

/**
 * Sends an `auto` sheet field to review because a cross-field check over the sheet failed: the value stays, the
 * guess takes it, reason check-failed. Fields in any other status are left alone.
 */
export function markSheetFieldCheckFailed(workspace: Workspace, sheetId: number, fieldId: string): void {
  const current = getSheetField(workspace, sheetId, fieldId);
  if (!current || current.status !== 'auto') return;
  const reasons = current.reasons.includes('check-failed') ? current.reasons : [...current.reasons, 'check-failed'];
  workspace.db.prepare(`UPDATE sheet_fields SET status = 'needs-review', reasons_json = ?, guess_json = value_json WHERE sheet_id = ? AND field_id = ?`)
    .run(JSON.stringify(reasons), sheetId, fieldId);
}

interface SheetFieldRow { sheet_id: number; field_id: string; page_no: number; capture_id: number | null; value_json: string; guess_json: string | null; status: FieldStatus; confidence: number; reasons_json: string }

function toSheetField(row: SheetFieldRow): SheetFieldValue {
  return {
    sheetId: row.sheet_id, fieldId: row.field_id, pageNo: row.page_no, captureId: row.capture_id, value: JSON.parse(row.value_json) as FieldValue,
    ...(row.guess_json === null ? {} : { guess: JSON.parse(row.guess_json) as FieldValue }),
    status: row.status, confidence: row.confidence, reasons: JSON.parse(row.reasons_json) as ReviewReason[],
  };
}

export function getSheetField(workspace: Workspace, sheetId: number, fieldId: string): SheetFieldValue | undefined {
  const row = workspace.db.prepare('SELECT * FROM sheet_fields WHERE sheet_id = ? AND field_id = ?').get(sheetId, fieldId) as SheetFieldRow | undefined;
  return row ? toSheetField(row) : undefined;
}

/** Current values of one sheet's fields, by field id. */
export function listSheetFields(workspace: Workspace, sheetId: number): SheetFieldValue[] {
  return (workspace.db.prepare('SELECT * FROM sheet_fields WHERE sheet_id = ? ORDER BY field_id').all(sheetId) as SheetFieldRow[]).map(toSheetField);
}

/**
 * Fields awaiting review by what a person has to do, most first: each field counted once, under its first reason
 * (readers list the specific reason first, "registration-weak" after it), so the counts add up to the fields waiting;
 * null for a field stored without a reason.
 */
export function countReviewFieldsByReason(workspace: Workspace): { reason: ReviewReason | null; fields: number }[] {
  const rows = workspace.db.prepare(`SELECT ${jsonFirstItem(workspace.dialect, 'reasons_json')} AS reason, COUNT(*) AS n FROM sheet_fields WHERE status = 'needs-review' GROUP BY 1 ORDER BY n DESC, reason`)
    .all() as { reason: ReviewReason | null; n: number }[];
  return rows.map((row) => ({ reason: row.reason, fields: row.n }));
}

export function countFieldsByStatus(workspace: Workspace): Record<FieldStatus, number> {
  const counts: Record<FieldStatus, number> = { auto: 0, 'needs-review': 0, reviewed: 0, empty: 0 };
  const rows = workspace.db.prepare('SELECT status, COUNT(*) AS n FROM sheet_fields GROUP BY status').all() as { status: FieldStatus; n: number }[];
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}
