/**
 * A fresh workspace filled straight through SQL, for tests and benches that need scanned sheets without scanning:
 * real layouts are saved and print runs recorded the way printing does; sheets and their current field values
 * (sheet_fields) are inserted with chosen values and statuses, every other leaf stored as an empty field.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyValue, layoutForm, leafFields, type FieldStatus, type FieldValue, type FormDefinition, type FormLayout, type OutcomeKind } from '../../src/model/index.js';
import { insertedId, openWorkspace, recordPrintRun, saveLayout, type Workspace } from '../../src/store/index.js';
import { loadFormCatalogue } from '../../src/cli/load-forms.js';

/** A field value as the scanner would store it; a bare value means status `auto` (or `empty` for an empty value). */
export type FieldSpec = FieldValue | { readonly value: FieldValue; readonly status: FieldStatus; readonly guess?: FieldValue };

export interface SheetSpec {
  readonly form: string;
  readonly site: string;
  readonly serial: number;
  readonly fields?: Readonly<Record<string, FieldSpec>>;
  /** ISO time of the first scan (default 2026-03-14T10:00:00.000Z). */
  readonly scannedAt?: string;
  /** Pages whose fields are stored (default all): leave one out to mimic a page not yet scanned. */
  readonly pages?: readonly number[];
}

export interface TestWorkspace {
  readonly dir: string;
  readonly workspace: Workspace;
  readonly definitions: ReadonlyMap<string, FormDefinition>;
  layout(form: string): FormLayout;
  /** Records a print run of serials from..to (layout saved on first use). */
  issue(form: string, site: string, serialFrom: number, serialTo: number): void;
  /** Inserts a sheet with its fields; returns its id. */
  addSheet(spec: SheetSpec): number;
  /** Inserts many sheets in one transaction. */
  addSheets(specs: Iterable<SheetSpec>): void;
  /** Records an input page outcome (for coverage: unreadable reasons, duplicates). */
  addOutcome(outcome: OutcomeKind, reason?: string, sheetId?: number): void;
  close(): void;
}

let inputCounter = 0;

export function makeWorkspace(options: { readonly dir?: string; readonly forms?: readonly FormDefinition[] } = {}): TestWorkspace {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'paperlink-ws-'));
  const workspace = openWorkspace(dir);
  const definitions = new Map<string, FormDefinition>();
  for (const definition of options.forms ?? loadFormCatalogue().forms) definitions.set(definition.id, definition);
  const layouts = new Map<string, FormLayout>();
  const leafInfo = new Map<string, { id: string; kind: ReturnType<typeof leafFields>[number]['kind']; page: number }[]>();

  const layout = (form: string): FormLayout => {
    const existing = layouts.get(form);
    if (existing) return existing;
    const definition = definitions.get(form);
    if (!definition) throw new Error(`makeWorkspace: no form definition "${form}" (have ${[...definitions.keys()].join(', ')})`);
    const made = layoutForm(definition);
    saveLayout(workspace, made, definition);
    layouts.set(form, made);
    const pageOf = new Map(made.fields.map((field) => [field.id, field.page]));
    leafInfo.set(form, leafFields(definition).map((leaf) => ({ id: leaf.id, kind: leaf.kind, page: pageOf.get(leaf.id) ?? 1 })));
    return made;
  };

  const insertSheet = workspace.db.prepare('INSERT INTO sheets (form_id, fingerprint, site, serial, page_count, first_seen) VALUES (?, ?, ?, ?, ?, ?) RETURNING id');
  const insertField = workspace.db.prepare(`INSERT INTO sheet_fields (sheet_id, field_id, page_no, capture_id, value_json, guess_json, status, confidence, reasons_json)
    VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?)`);
  const insertInput = workspace.db.prepare(`INSERT INTO inputs (sha256, page_index, file, outcome, reason, sheet_id, created_at) VALUES (?, 0, ?, ?, ?, ?, ?)`);

  const addSheet = (spec: SheetSpec): number => {
    const made = layout(spec.form);
    const sheetId = insertedId(insertSheet, spec.form, made.fingerprint, spec.site, spec.serial, made.pageCount, spec.scannedAt ?? '2026-03-14T10:00:00.000Z');
    const pages = spec.pages ? new Set(spec.pages) : null;
    for (const leaf of leafInfo.get(spec.form) ?? []) {
      if (pages && !pages.has(leaf.page)) continue;
      const given = spec.fields?.[leaf.id];
      let value: FieldValue;
      let status: FieldStatus;
      let guess: FieldValue | undefined;
      if (given !== undefined && given !== null && typeof given === 'object' && !Array.isArray(given)) {
        const full = given as { value: FieldValue; status: FieldStatus; guess?: FieldValue };
        value = full.value;
        status = full.status;
        guess = full.guess;
      } else if (given === undefined || given === null || (Array.isArray(given) && given.length === 0)) {
        value = given === undefined ? emptyValue(leaf.kind) : given as FieldValue;
        status = 'empty';
      } else {
        value = given as FieldValue;
        status = 'auto';
      }
      const reasons = status === 'needs-review' ? ['marginal-mark'] : [];
      insertField.run(sheetId, leaf.id, leaf.page, JSON.stringify(value), guess === undefined ? null : JSON.stringify(guess), status,
        status === 'needs-review' ? 0.5 : 0.99, JSON.stringify(reasons));
    }
    return sheetId;
  };

  return {
    dir, workspace, definitions, layout,
    issue(form, site, serialFrom, serialTo) {
      const made = layout(form);
      recordPrintRun(workspace, { formId: form, fingerprint: made.fingerprint, site, serialFrom, serialTo, languages: made.languages, paper: made.paper, reprint: false, outputFile: null });
    },
    addSheet,
    addSheets(specs) {
      workspace.transaction(() => { for (const spec of specs) addSheet(spec); });
    },
    addOutcome(outcome, reason, sheetId) {
      inputCounter++;
      insertInput.run(`sha-${process.pid}-${inputCounter}`, `scan-${inputCounter}.jpg`, outcome, reason ?? null, sheetId ?? null, '2026-03-14T10:00:00.000Z');
    },
    close() {
      workspace.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
