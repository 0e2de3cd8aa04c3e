/**
 * Issue #24's "Done when": the radio summary block of a filled site-situation sheet is read by the digit reader and
 * composes the same message as the workspace would. A v2 sheet is printed (recorded) and filled by the simulator with
 * handwritten digits from MNIST's held-out test split (never trained or tuned on), scanned at 300 dpi and ingested
 * through the normal pipeline; the machine's sure values must equal what was written; every unsure field is settled
 * with the written value as a reviewer would; then `paperlink radio receive --from-sheets` takes exactly the message
 * composeSitrep makes for the written figures, once, however often it is run.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutForm, type FieldValue } from '../../src/model/index.js';
import { printSheets, renderSheetsPdf } from '../../src/print/index.js';
import { composeSitrep, receiveFromSummaries, SUMMARY_LINES } from '../../src/radio/index.js';
import { applyFieldDecision, makeFormLookup } from '../../src/review/index.js';
import { ingestFiles, type IngestSummary } from '../../src/scan/index.js';
import { simulateForm, type DigitSource, type Truth, type TruthValue } from '../../src/simulate/index.js';
import { listRadioSitreps, listSheetFields, listSheets, openWorkspace } from '../../src/store/index.js';
import { runCli } from '../helpers/cli.js';
import { splitMnist } from '../helpers/digit-cells.js';
import { loadShippedForm } from '../helpers/forms.js';

const SITE = 'AMS01';
const SERIAL = 3;

/** What the coordinator wrote: page 1 as a shift report is filled, and the summary block (counts right-aligned or in full). */
const WRITTEN: Record<string, TruthValue> = {
  site_code: '0101', date: '031226', shift_start: '0800', shift_end: '1600', volunteers: '06', coord_initials: true,
  radio_date: '031226', radio_time: '1600', radio_households: '  42', radio_persons: '00131', radio_urgent: '   3',
  radio_need1: 'water', radio_need1_n: '0017', radio_need2: 'food', radio_need2_n: '  12', radio_need3: 'medication', radio_need3_n: '   4',
  radio_safe: '0009', radio_tracing: '   0',
};
/** The message for those figures, as composeSitrep makes it. */
const EXPECTED = composeSitrep({
  site: SITE, date: '0312', time: '1600', households: 42, persons: 131, urgent: 'few',
  needs: [{ code: 'water', households: 17 }, { code: 'food', households: 12 }, { code: 'medication', households: 'few' }], safe: 9, tracing: 0,
});

const same = (a: FieldValue | undefined, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

describe('site-situation v2: the radio summary block, scanned, is the SITREP', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paperlink-radio-summary-'));
  const wsDir = join(dir, 'ws');
  let truth: Truth;
  let ingest: IngestSummary;
  /** Fields the machine was not sure of, before review. */
  const unsure: string[] = [];

  beforeAll(async () => {
    const definition = loadShippedForm('site-situation', 2);
    const workspace = openWorkspace(wsDir);
    try {
      await printSheets(workspace, { definition, site: SITE, serialFrom: 1, serialTo: 5, outFile: join(dir, 'printed.pdf') });
      const held = splitMnist().test;
      const byLabel = Array.from({ length: 10 }, (_, label) => held.filter((sample) => sample.label === label));
      const digitSource: DigitSource = (digit, rng) => {
        const pool = byLabel[digit]!;
        return pool[rng.int(0, pool.length - 1)]!.pixels;
      };
      const layout = layoutForm(definition);
      const simulated = await simulateForm({
        definition, site: SITE, serialFrom: SERIAL, count: 1, profile: 'scan-300', seed: 2412, outDir: join(dir, 'scans'), digitSource,
        sheets: [{ site: SITE, serial: SERIAL, values: WRITTEN }], renderPdf: (codes) => renderSheetsPdf(layout, codes),
      });
      truth = JSON.parse(readFileSync(simulated.truthFile, 'utf8')) as Truth;
      ingest = await ingestFiles(workspace, [join(dir, 'scans')], { workers: 0 });
      const sheet = listSheets(workspace).find((row) => row.formId === 'site-situation' && row.serial === SERIAL)!;
      const truthOf = new Map(truth.images.flatMap((image) => Object.entries(image.fields)));
      const forms = makeFormLookup(workspace);
      const fields = listSheetFields(workspace, sheet.id);
      for (const field of fields) {
        if (field.status === 'auto') expect(same(field.value, truthOf.get(field.fieldId)), `${field.fieldId}: read ${JSON.stringify(field.value)}, written ${JSON.stringify(truthOf.get(field.fieldId))}`).toBe(true);
        if (field.status === 'needs-review') unsure.push(field.fieldId);
      }
      // Before review, a summary line the machine was unsure of keeps the message waiting, naming its line.
      const firstUnsure = SUMMARY_LINES.find((line) => unsure.includes(line.fieldId));
      if (firstUnsure) {
        expect(receiveFromSummaries(workspace)).toEqual([expect.objectContaining({ outcome: 'waiting', message: expect.stringContaining(`Line ${firstUnsure.line} (`) })]);
      }
      for (const field of fields) {
        if (field.status !== 'needs-review') continue;
        const result = applyFieldDecision(workspace, forms, { reviewer: 'e2e', sheetId: sheet.id, fieldId: field.fieldId, decision: { action: 'set', value: (truthOf.get(field.fieldId) ?? null) as FieldValue } });
        expect(result.ok, `${field.fieldId}: ${JSON.stringify(result)}`).toBe(true);
      }
    } finally {
      workspace.close();
    }
  }, 240_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads both pages of the sheet', () => {
    expect(ingest.pages).toBe(2);
    expect(ingest.outcomes.unreadable).toBe(0);
    expect(truth.images.map((image) => image.sheet.page).sort()).toEqual([1, 2]);
  });

  it('reads the summary lines by machine (digits and circles), a reviewer settling only what it was unsure of', () => {
    const summaryIds = SUMMARY_LINES.map((line) => line.fieldId);
    // The block is read, not typed in: most of its lines are sure from the scan.
    expect(summaryIds.filter((id) => !unsure.includes(id)).length).toBeGreaterThanOrEqual(summaryIds.length / 2);
  });

  it('radio receive --from-sheets takes exactly the message composeSitrep makes for the written figures, once', () => {
    const run = (): { code: number; stdout: string; stderr: string } => runCli(['--workspace', wsDir, '--json', 'radio', 'receive', '--from-sheets']);
    const first = run();
    expect(first.code, first.stderr).toBe(0);
    const receptions = JSON.parse(first.stdout) as { form: string; serial: number; outcome: string; message?: string }[];
    expect(receptions).toEqual([{ sheetId: expect.any(Number), form: 'site-situation', site: SITE, serial: SERIAL, outcome: 'taken', message: EXPECTED }]);
    const again = JSON.parse(run().stdout) as { outcome: string }[];
    expect(again.map((r) => r.outcome)).toEqual(['already-received']);
    const workspace = openWorkspace(wsDir, { create: false });
    try {
      expect(listRadioSitreps(workspace)).toEqual([expect.objectContaining({ site: SITE, text: EXPECTED, station: SITE, messageNo: `SIT-${SERIAL}`, receptions: 1 })]);
    } finally {
      workspace.close();
    }
  });
});
