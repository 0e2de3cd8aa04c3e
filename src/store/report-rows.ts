/**
 * The rows the signal report and the follow-up list read: every layout's definition, each sheet with its current
 * field values, print runs, input outcomes per reason, and refused sheet pages. Plain typed rows; what they mean is
 * the report's business. The one place that knows which tables a report is made of.
 */
import { leafFields, type FieldStatus, type FieldValue, type FormDefinition } from '../model/index.js';
import type { Workspace } from './workspace.js';
import { listRadioSitreps, type RadioSitrepRow } from './radio-sitreps.js';
import { listRefusedSheetPages } from './inputs.js';
import { countBundleConflicts } from './bundle-import-rows.js';

export interface FieldState {
  readonly value: FieldValue;
  readonly status: FieldStatus;
}

export interface ReportSheet {
  readonly id: number;
  readonly formId: string;
  readonly fingerprint: string;
  readonly site: string;
  readonly serial: number;
  /** ISO UTC time the first page of the sheet was scanned. */
  readonly scannedAt: string;
  /** Current value of the fields that hold something; an absent field is empty when `complete`. */
  readonly fields: Readonly<Record<string, FieldState>>;
  /** Every leaf field of every page is stored; false while a page has not been scanned (absent = unknown). */
  readonly complete: boolean;
}

export interface ReportPrintRun {
  readonly formId: string;
  readonly site: string;
  readonly serialFrom: number;
  readonly serialTo: number;
}

export interface ReportOutcomeCount {
  readonly outcome: string;
  readonly reason: string | null;
  readonly pages: number;
}

export interface ReportRows {
  /** Definition of every layout, by fingerprint. */
  readonly definitions: ReadonlyMap<string, FormDefinition>;
  readonly sheets: readonly ReportSheet[];
  readonly printRuns: readonly ReportPrintRun[];
  readonly outcomes: readonly ReportOutcomeCount[];
  /** Sheets with a page refused at registration (QR read): in the office, to be scanned again, not missing. */
  readonly refused: readonly { readonly formId: string; readonly site: string; readonly serial: number }[];
  /** Disagreements between office bundles recorded on import (never resolved silently; `paperlink status` lists them). */
  readonly bundleConflicts?: number;
  /** Situation messages received by radio (store/radio-sitreps.ts): shown beside the pages, never added to them. */
  readonly radioSitreps?: readonly RadioSitrepRow[];
}

/** Which fields of a definition the caller will read; the values of all others are not even parsed. */
export type FieldsToRead = (definition: FormDefinition) => ReadonlySet<string>;

/** A field nobody reads keeps its status (it still counts as awaiting review), never its value. */
const UNREAD_VALUE: Readonly<Record<FieldStatus, FieldState>> = {
  auto: { value: null, status: 'auto' }, 'needs-review': { value: null, status: 'needs-review' },
  reviewed: { value: null, status: 'reviewed' }, empty: { value: null, status: 'empty' },
};

function definitionsByFingerprint(workspace: Workspace, order: 'ordered' | 'any'): Map<string, FormDefinition> {
  const sql = order === 'ordered' ? 'SELECT fingerprint, definition_json FROM layouts ORDER BY fingerprint' : 'SELECT fingerprint, definition_json FROM layouts';
  const definitions = new Map<string, FormDefinition>();
  for (const row of workspace.db.prepare(sql).all() as { fingerprint: string; definition_json: string }[]) {
    definitions.set(row.fingerprint, JSON.parse(row.definition_json) as FormDefinition);
  }
  return definitions;
}

/** Everything the signal report counts. `fieldsToRead` keeps text and names out of memory altogether. */
export function loadReportRows(workspace: Workspace, fieldsToRead: FieldsToRead): ReportRows {
  const db = workspace.db;
  const definitions = definitionsByFingerprint(workspace, 'ordered');
  const used = new Map<string, ReadonlySet<string>>();
  const leaves = new Map<string, number>();
  for (const [fingerprint, definition] of definitions) {
    used.set(fingerprint, fieldsToRead(definition));
    leaves.set(fingerprint, leafFields(definition).length);
  }
  // Counting stored rows per sheet runs inside SQLite (index only); empty fields are then never brought into JS.
  const stored = new Map<number, number>();
  for (const row of db.prepare('SELECT sheet_id, count(*) FROM sheet_fields GROUP BY sheet_id').raw().iterate() as Iterable<[number, number]>) stored.set(row[0], row[1]);
  const sheets: ReportSheet[] = [];
  const byId = new Map<number, { fields: Record<string, FieldState>; used: ReadonlySet<string> | undefined }>();
  for (const row of db.prepare('SELECT id, form_id, fingerprint, site, serial, first_seen FROM sheets ORDER BY id').raw().iterate() as Iterable<[number, string, string, string, number, string]>) {
    const fields: Record<string, FieldState> = {};
    const complete = (stored.get(row[0]) ?? 0) >= (leaves.get(row[2]) ?? Infinity);
    sheets.push({ id: row[0], formId: row[1], fingerprint: row[2], site: row[3], serial: row[4], scannedAt: row[5], fields, complete });
    byId.set(row[0], { fields, used: used.get(row[2]) });
  }
  for (const row of db.prepare("SELECT sheet_id, field_id, value_json, status FROM sheet_fields WHERE status != 'empty'").raw().iterate() as Iterable<[number, string, string, FieldStatus]>) {
    const sheet = byId.get(row[0]);
    if (!sheet) continue;
    const status = row[3];
    sheet.fields[row[1]] = !sheet.used?.has(row[1]) ? UNREAD_VALUE[status] : { value: JSON.parse(row[2]) as FieldValue, status };
  }
  const printRuns = (db.prepare('SELECT form_id, site, serial_from, serial_to FROM print_runs ORDER BY id').all() as { form_id: string; site: string; serial_from: number; serial_to: number }[])
    .map((row) => ({ formId: row.form_id, site: row.site, serialFrom: row.serial_from, serialTo: row.serial_to }));
  const outcomes = (db.prepare('SELECT outcome, reason, count(*) AS pages FROM inputs GROUP BY outcome, reason ORDER BY outcome, reason').all() as { outcome: string; reason: string | null; pages: number }[])
    .map((row) => ({ outcome: row.outcome, reason: row.reason, pages: row.pages }));
  const refused = listRefusedSheetPages(workspace).map(({ formId, site, serial }) => ({ formId, site, serial }));
  return { definitions, sheets, printRuns, outcomes, refused, bundleConflicts: countBundleConflicts(workspace), radioSitreps: listRadioSitreps(workspace) };
}

/** A field's current value with the machine's guess beside it (the follow-up list shows an unconfirmed guess as such). */
export interface FieldWithGuess {
  readonly value: FieldValue;
  readonly guess: FieldValue | null;
  readonly status: FieldStatus;
}

export interface FollowupRows {
  readonly definitions: ReadonlyMap<string, FormDefinition>;
  /** Every sheet in id order, with its non-empty fields. */
  readonly sheets: readonly { readonly formId: string; readonly fingerprint: string; readonly site: string; readonly serial: number; readonly fields: Readonly<Record<string, FieldWithGuess>> }[];
}

/** Everything the restricted follow-up list may name: sheets with every non-empty value, personal ones included. */
export function loadFollowupRows(workspace: Workspace): FollowupRows {
  const db = workspace.db;
  const definitions = definitionsByFingerprint(workspace, 'any');
  const sheets = new Map<number, { formId: string; fingerprint: string; site: string; serial: number; fields: Record<string, FieldWithGuess> }>();
  for (const row of db.prepare('SELECT id, form_id, fingerprint, site, serial FROM sheets ORDER BY id').all() as { id: number; form_id: string; fingerprint: string; site: string; serial: number }[]) {
    sheets.set(row.id, { formId: row.form_id, fingerprint: row.fingerprint, site: row.site, serial: row.serial, fields: {} });
  }
  for (const row of db.prepare("SELECT sheet_id, field_id, value_json, guess_json, status FROM sheet_fields WHERE status != 'empty'").all() as { sheet_id: number; field_id: string; value_json: string; guess_json: string | null; status: FieldStatus }[]) {
    const sheet = sheets.get(row.sheet_id);
    if (sheet) sheet.fields[row.field_id] = { value: JSON.parse(row.value_json) as FieldValue, guess: row.guess_json ? JSON.parse(row.guess_json) as FieldValue : null, status: row.status };
  }
  return { definitions, sheets: [...sheets.values()] };
}
