/**
 * The rows an exercise is scored from: every sheet with all its stored field values (empty ones too: an empty field
 * is an answer), every input with its outcome and time, when each standing review decision was made, the
 * family-link match decisions the trainees took in the match queue, and the SITREPs the office station received.
 */
import type { FieldStatus, FieldValue } from '../model/index.js';
import type { Workspace } from './workspace.js';
import { listFamilyLinkDecisions, type FamilyLinkDecisionRow } from './family-links.js';
import { listRadioSitreps, type RadioSitrepRow } from './radio-sitreps.js';

export interface ScoredSheetRow {
  readonly sheetId: number;
  readonly form: string;
  readonly site: string;
  readonly serial: number;
  readonly fields: Readonly<Record<string, { readonly value: FieldValue; readonly status: FieldStatus }>>;
}

export interface ExerciseRows {
  readonly sheets: readonly ScoredSheetRow[];
  readonly inputs: readonly { readonly file: string; readonly outcome: string; readonly createdAt: string }[];
  /** When each review decision that still stands was made (ISO), in time order. */
  readonly decisionTimes: readonly string[];
  /** Every match decision in the order taken (a later one on the same pair replaces the earlier). */
  readonly matchDecisions: readonly FamilyLinkDecisionRow[];
  /** Situation messages received by radio (the radio drill), by site, newest first. */
  readonly radioSitreps: readonly RadioSitrepRow[];
}

export function loadExerciseRows(workspace: Workspace): ExerciseRows {
  const db = workspace.db;
  const sheetRows = db.prepare('SELECT id, form_id, site, serial FROM sheets ORDER BY id').all() as { id: number; form_id: string; site: string; serial: number }[];
  const fieldRows = db.prepare('SELECT sheet_id, field_id, value_json, status FROM sheet_fields').all() as { sheet_id: number; field_id: string; value_json: string; status: FieldStatus }[];
  const fields = new Map<number, Record<string, { value: FieldValue; status: FieldStatus }>>();
  for (const row of fieldRows) {
    const own = fields.get(row.sheet_id) ?? {};
    own[row.field_id] = { value: JSON.parse(row.value_json) as FieldValue, status: row.status };
    fields.set(row.sheet_id, own);
  }
  const sheets = sheetRows.map((row) => ({ sheetId: row.id, form: row.form_id, site: row.site, serial: row.serial, fields: fields.get(row.id) ?? {} }));
  const inputs = (db.prepare('SELECT file, outcome, created_at FROM inputs ORDER BY id').all() as { file: string; outcome: string; created_at: string }[])
    .map((row) => ({ file: row.file, outcome: row.outcome, createdAt: row.created_at }));
  const decisionTimes = (db.prepare('SELECT decided_at FROM review_decisions WHERE undone_at IS NULL ORDER BY decided_at').all() as { decided_at: string }[])
    .map((row) => row.decided_at);
  return { sheets, inputs, decisionTimes, matchDecisions: listFamilyLinkDecisions(workspace), radioSitreps: listRadioSitreps(workspace) };
}
