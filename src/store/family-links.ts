/**
 * Family-link rows: the current values of family-link sheets as the matcher reads them, comparison keys stored
 * beside them (never in sheet_fields), and match decisions by a person. Typed queries only; what the keys and
 * decisions mean is decided in src/family-links.
 */
import type { FieldStatus, FieldValue } from '../model/index.js';
import { nowIso, type Workspace } from './workspace.js';
import type { SheetRecord } from './sheets.js';
import { insertedId } from './sql-db.js';

export const FAMILY_LINK_FORM_ID = 'family-link';

export type FamilyLinkSide = 'person' | 'sought';
export type FamilyLinkDecision = 'confirm' | 'reject' | 'unsure';

/** One family-link sheet with the values a person or the machine settled (auto or reviewed), by field id. */
export interface FamilyLinkSheetRow {
  readonly sheetId: number;
  readonly site: string;
  readonly serial: number;
  readonly firstSeen: string;
  readonly values: Readonly<Record<string, FieldValue>>;
}

/** Family-link sheets in sheet order; fields still waiting for review or empty are left out of `values`. */
export function listFamilyLinkSheets(workspace: Workspace): FamilyLinkSheetRow[] {
  const rows = workspace.db.prepare(`SELECT s.id AS sheetId, s.site AS site, s.serial AS serial, s.first_seen AS firstSeen,
      sf.field_id AS fieldId, sf.value_json AS valueJson
    FROM sheets s LEFT JOIN sheet_fields sf ON sf.sheet_id = s.id AND sf.status IN ('auto','reviewed')
    WHERE s.form_id = ? ORDER BY s.id`).raw().all(FAMILY_LINK_FORM_ID) as [number, string, number, string, string | null, string | null][];
  const sheets: FamilyLinkSheetRow[] = [];
  let current: { sheetId: number; site: string; serial: number; firstSeen: string; values: Record<string, FieldValue> } | undefined;
  for (const [sheetId, site, serial, firstSeen, fieldId, valueJson] of rows) {
    if (current?.sheetId !== sheetId) {
      current = { sheetId, site, serial, firstSeen, values: {} };
      sheets.push(current);
    }
    if (fieldId !== null && valueJson !== null) current.values[fieldId] = JSON.parse(valueJson) as FieldValue;
  }
  return sheets;
}

/** A sheet with values already transcribed (simulated batches, tests and benches: no scan involved). */
export interface TranscribedSheet extends Omit<SheetRecord, 'id'> {
  readonly fields: readonly { readonly fieldId: string; readonly pageNo: number; readonly value: FieldValue; readonly status: FieldStatus }[];
}

/** Inserts sheets with their current values, as if scanned and reviewed; returns the sheet ids in order. */
export function insertTranscribedSheets(workspace: Workspace, sheets: readonly TranscribedSheet[]): number[] {
  const insertSheet = workspace.db.prepare('INSERT INTO sheets (form_id, fingerprint, site, serial, page_count, first_seen) VALUES (?, ?, ?, ?, ?, ?) RETURNING id');
  const insertField = workspace.db.prepare(`INSERT INTO sheet_fields (sheet_id, field_id, page_no, capture_id, value_json, guess_json, status, confidence, reasons_json)
    VALUES (?, ?, ?, NULL, ?, NULL, ?, 1, '[]')`);
  return workspace.transaction(() => sheets.map((sheet) => {
    const sheetId = insertedId(insertSheet, sheet.formId, sheet.fingerprint, sheet.site, sheet.serial, sheet.pageCount, sheet.firstSeen);
    for (const field of sheet.fields) insertField.run(sheetId, field.fieldId, field.pageNo, JSON.stringify(field.value), field.status);
    return sheetId;
  }));
}

export interface FamilyLinkKeysRow {
  readonly sheetId: number;
  readonly side: FamilyLinkSide;
  readonly keys: unknown;
  readonly keyVersion: number;
}

/** Replaces every stored comparison key with these (keys are derived data: recomputing all of them is the rule). */
export function replaceFamilyLinkKeys(workspace: Workspace, rows: readonly FamilyLinkKeysRow[]): void {
  const insert = workspace.db.prepare('INSERT INTO family_link_keys (sheet_id, side, keys_json, key_version, computed_at) VALUES (?, ?, ?, ?, ?)');
  const at = nowIso();
  workspace.transaction(() => {
    workspace.db.prepare('DELETE FROM family_link_keys').run();
    for (const row of rows) insert.run(row.sheetId, row.side, JSON.stringify(row.keys), row.keyVersion, at);
  });
}

export function listFamilyLinkKeys(workspace: Workspace): FamilyLinkKeysRow[] {
  const rows = workspace.db.prepare('SELECT sheet_id AS sheetId, side, keys_json AS keysJson, key_version AS keyVersion FROM family_link_keys ORDER BY sheet_id, side')
    .all() as { sheetId: number; side: FamilyLinkSide; keysJson: string; keyVersion: number }[];
  return rows.map((row) => ({ sheetId: row.sheetId, side: row.side, keys: JSON.parse(row.keysJson) as unknown, keyVersion: row.keyVersion }));
}

export interface FamilyLinkDecisionRow {
  readonly id: number;
  readonly aSheetId: number;
  readonly aSide: FamilyLinkSide;
  readonly bSheetId: number;
  readonly bSide: FamilyLinkSide;
  readonly decision: FamilyLinkDecision;
  readonly reviewer: string;
  readonly decidedAt: string;
}

export function insertFamilyLinkDecision(workspace: Workspace, decision: Omit<FamilyLinkDecisionRow, 'id'>): number {
  return insertedId(workspace.db.prepare(`INSERT INTO family_link_decisions (a_sheet_id, a_side, b_sheet_id, b_side, decision, reviewer, decided_at)
    VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`), decision.aSheetId, decision.aSide, decision.bSheetId, decision.bSide, decision.decision, decision.reviewer, decision.decidedAt);
}

/** Every decision in the order taken (the log: who decided what, when). */
export function listFamilyLinkDecisions(workspace: Workspace): FamilyLinkDecisionRow[] {
  return workspace.db.prepare(`SELECT id, a_sheet_id AS aSheetId, a_side AS aSide, b_sheet_id AS bSheetId, b_side AS bSide, decision, reviewer, decided_at AS decidedAt
    FROM family_link_decisions ORDER BY id`).all() as FamilyLinkDecisionRow[];
}
