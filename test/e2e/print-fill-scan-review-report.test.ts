/**
 * The whole pipeline on simulated paper with known truth: print (recorded) → fill and scan (simulator) → ingest →
 * every value the machine accepted equals the truth → a reviewer keys the truth for every item in review →
 * the signal report's numbers (report.json, signal.csv) equal the numbers counted from the truth.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutForm, type FieldValue } from '../../src/model/index.js';
import { printSheets, renderSheetsPdf } from '../../src/print/index.js';
import { buildReport, type ReportResult } from '../../src/report/index.js';
import { applyFieldDecision, makeFormLookup } from '../../src/review/index.js';
import { exportResultsJson, ingestFiles, type IngestSummary } from '../../src/scan/index.js';
import { simulateForm, type Truth } from '../../src/simulate/index.js';
import { listSheetFields, listSheets, openWorkspace, type Workspace } from '../../src/store/index.js';
import { loadShippedForm } from '../helpers/forms.js';
import { templatesDirOf } from '../../src/cli/load-forms.js';

const REPORT_TEMPLATES = templatesDirOf('report');

const SITE = 'E2E01';
const SHEETS = 6;

function same(a: FieldValue | undefined, b: unknown): boolean {
  const norm = (v: unknown): unknown => (Array.isArray(v) ? [...v].sort() : v ?? null);
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

describe('print → fill → scan → review → report (intake, scan-300)', () => {
  let dir: string;
  let workspace: Workspace;
  let truth: Truth;
  let ingest: IngestSummary;
  /** truth value per `serial/fieldId` (every field of every page). */
  const truthOf = new Map<string, unknown>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'paperlink-e2e-'));
    workspace = openWorkspace(join(dir, 'ws'));
    const definition = loadShippedForm('intake');
    await printSheets(workspace, { definition, site: SITE, serialFrom: 1, serialTo: 10, outFile: join(dir, 'printed.pdf') });
    const layout = layoutForm(definition);
    const simulated = await simulateForm({ definition, site: SITE, serialFrom: 1, count: SHEETS, profile: 'scan-300', seed: 424242,
      outDir: join(dir, 'scans'), renderPdf: (codes) => renderSheetsPdf(layout, codes) });
    truth = JSON.parse(readFileSync(simulated.truthFile, 'utf8')) as Truth;
    for (const image of truth.images) for (const [id, value] of Object.entries(image.fields)) truthOf.set(`${image.sheet.serial}/${id}`, value);
    ingest = await ingestFiles(workspace, [join(dir, 'scans')], { workers: 0 });
  });
  afterAll(() => workspace?.close());

  it('identifies and registers every simulated page', () => {
    expect(ingest.pages).toBe(SHEETS * 2);
    expect(ingest.outcomes.unreadable).toBe(0);
    expect(ingest.outcomes.accepted + ingest.outcomes['needs-review']).toBe(SHEETS * 2);
    expect(listSheets(workspace).map((sheet) => sheet.serial).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('never accepts a value that differs from the truth', () => {
    const exported = exportResultsJson(workspace);
    let autoValues = 0;
    for (const sheet of exported.sheets) {
      for (const [id, field] of Object.entries(sheet.fields)) {
        if (field.status !== 'auto') continue;
        autoValues++;
        expect(same(field.value, truthOf.get(`${sheet.serial}/${id}`)), `serial ${sheet.serial} ${id}: read ${JSON.stringify(field.value)}, truth ${JSON.stringify(truthOf.get(`${sheet.serial}/${id}`))}`).toBe(true);
      }
    }
    expect(autoValues).toBeGreaterThan(SHEETS * 5); // the check is not vacuous: many values were accepted
  });

  describe('after a reviewer keys the truth for every item', () => {
    let report: ReportResult;
    beforeAll(async () => {
      const forms = makeFormLookup(workspace);
      for (const sheet of listSheets(workspace)) {
        for (const field of listSheetFields(workspace, sheet.id)) {
          if (field.status !== 'needs-review') continue;
          const value = truthOf.get(`${sheet.serial}/${field.fieldId}`) as FieldValue;
          const result = applyFieldDecision(workspace, forms, { reviewer: 'e2e', sheetId: sheet.id, fieldId: field.fieldId, decision: { action: 'set', value } });
          expect(result.ok, `${sheet.serial} ${field.fieldId}: ${JSON.stringify(result)}`).toBe(true);
        }
      }
      report = await buildReport(workspace, { templatesDir: REPORT_TEMPLATES, outDir: join(dir, 'report'), block: '1d', restricted: true, suppress: false, now: new Date('2026-12-01T00:00:00Z') });
    });

    it('leaves nothing in review and exports exactly the truth', () => {
      const exported = exportResultsJson(workspace);
      for (const sheet of exported.sheets) {
        for (const [id, field] of Object.entries(sheet.fields)) {
          expect(field.status, `${sheet.serial} ${id}`).not.toBe('needs-review');
          expect(same(field.value, truthOf.get(`${sheet.serial}/${id}`)), `${sheet.serial} ${id}`).toBe(true);
        }
      }
    });

    it('reports the households, people, needs and urgent cases counted from the truth', () => {
      const sheets = [...new Set(truth.images.map((image) => image.sheet.serial))];
      const value = (serial: number, id: string): unknown => truthOf.get(`${serial}/${id}`);
      const persons = sheets.reduce((sum, serial) => sum + Number(value(serial, 'n_total') ?? 0), 0);
      const site = report.report.needs.sites.find((row) => row.site === SITE)!;
      expect(site.households.value).toBe(SHEETS);
      expect(site.persons.value).toBe(persons);
      const needsField = loadShippedForm('intake').sections.flatMap((section) => section.fields).find((field) => field.id === 'needs');
      if (needsField?.kind !== 'checkbox') throw new Error('intake has no needs checkbox group');
      for (const option of needsField.options) {
        const expected = sheets.filter((serial) => (value(serial, 'needs') as string[]).includes(option.value)).length;
        expect(site.needs[option.value]?.value, `need ${option.value}`).toBe(expected);
      }
      expect(report.report.headline.urgentNow.value).toBe(sheets.filter((serial) => value(serial, 'urgency') === 'now').length);
      const csv = readFileSync(report.files.signalCsv ?? join(dir, 'report', 'signal.csv'), 'utf8').trim().split('\n').map((line) => line.split(','));
      const header = csv[0]!;
      const rows = csv.slice(1).filter((row) => row[header.indexOf('site_code')] === SITE);
      const sum = (column: string): number => rows.reduce((total, row) => total + Number(row[header.indexOf(column)] || 0), 0);
      expect(sum('households_registered')).toBe(SHEETS);
      expect(sum('persons_registered')).toBe(persons);
    });
  });
});
