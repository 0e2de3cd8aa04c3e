/**
 * Layouts and print runs: which sheets were issued, with the exact layout they were printed with.
 */
import type { FormDefinition, FormLayout } from '../model/index.js';
import { nowIso, type Workspace } from './workspace.js';
import { insertedId } from './sql-db.js';

export interface PrintRun {
  readonly id: number;
  readonly formId: string;
  readonly fingerprint: string;
  readonly site: string;
  readonly serialFrom: number;
  readonly serialTo: number;
  readonly languages: readonly string[];
  readonly paper: string;
  readonly reprint: boolean;
  readonly outputFile: string | null;
  readonly createdAt: string;
}

export interface StoredLayout {
  readonly fingerprint: string;
  readonly formId: string;
  readonly formCode: string;
  readonly version: number;
  readonly layout: FormLayout;
  readonly definition: FormDefinition;
}

interface PrintRunRow {
  id: number; form_id: string; fingerprint: string; site: string; serial_from: number; serial_to: number;
  languages: string; paper: string; reprint: number; output_file: string | null; created_at: string;
}

function toPrintRun(row: PrintRunRow): PrintRun {
  return {
    id: row.id, formId: row.form_id, fingerprint: row.fingerprint, site: row.site, serialFrom: row.serial_from,
    serialTo: row.serial_to, languages: row.languages.split(','), paper: row.paper, reprint: row.reprint === 1,
    outputFile: row.output_file, createdAt: row.created_at,
  };
}

export function saveLayout(workspace: Workspace, layout: FormLayout, definition: FormDefinition): void {
  workspace.db.prepare(`INSERT INTO layouts
    (fingerprint, form_id, form_code, version, paper, languages, page_count, layout_json, definition_json, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`).run(layout.fingerprint, layout.formId, layout.formCode, layout.version,
    layout.paper, layout.languages.join(','), layout.pageCount, JSON.stringify(layout), JSON.stringify(definition), nowIso());
}

interface LayoutRow { fingerprint: string; form_id: string; form_code: string; version: number; layout_json: string; definition_json: string }

function toStoredLayout(row: LayoutRow): StoredLayout {
  return {
    fingerprint: row.fingerprint, formId: row.form_id, formCode: row.form_code, version: row.version,
    layout: JSON.parse(row.layout_json) as FormLayout, definition: JSON.parse(row.definition_json) as FormDefinition,
  };
}

/** Layouts whose fingerprint starts with the short fingerprint of a sheet code, for that form code and version. */
export function findLayouts(workspace: Workspace, formCode: string, version: number, shortFingerprint: string): StoredLayout[] {
  const rows = workspace.db.prepare(`SELECT * FROM layouts WHERE form_code = ? AND version = ? AND substr(fingerprint, 1, ?) = ?`)
    .all(formCode, version, shortFingerprint.length, shortFingerprint) as LayoutRow[];
  return rows.map(toStoredLayout);
}

export function getLayout(workspace: Workspace, fingerprint: string): StoredLayout | undefined {
  const row = workspace.db.prepare('SELECT * FROM layouts WHERE fingerprint = ?').get(fingerprint) as LayoutRow | undefined;
  return row ? toStoredLayout(row) : undefined;
}

export function listLayouts(workspace: Workspace): StoredLayout[] {
  return (workspace.db.prepare('SELECT * FROM layouts ORDER BY form_id, version, fingerprint').all() as LayoutRow[]).map(toStoredLayout);
}

/** Print runs of this form and site whose serial range overlaps [from, to]. */
export function overlappingPrintRuns(workspace: Workspace, formId: string, site: string, from: number, to: number): PrintRun[] {
  const rows = workspace.db.prepare(`SELECT * FROM print_runs WHERE form_id = ? AND site = ? AND serial_from <= ? AND serial_to >= ? ORDER BY id`)
    .all(formId, site, to, from) as PrintRunRow[];
  return rows.map(toPrintRun);
}

export function recordPrintRun(workspace: Workspace, run: Omit<PrintRun, 'id' | 'createdAt'>): PrintRun {
  const createdAt = nowIso();
  const id = insertedId(workspace.db.prepare(`INSERT INTO print_runs
    (form_id, fingerprint, site, serial_from, serial_to, languages, paper, reprint, output_file, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), run.formId, run.fingerprint, run.site, run.serialFrom, run.serialTo,
    run.languages.join(','), run.paper, run.reprint ? 1 : 0, run.outputFile, createdAt);
  return { ...run, id, createdAt };
}

export function listPrintRuns(workspace: Workspace): PrintRun[] {
  return (workspace.db.prepare('SELECT * FROM print_runs ORDER BY id').all() as PrintRunRow[]).map(toPrintRun);
}
