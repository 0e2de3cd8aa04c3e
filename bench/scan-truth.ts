/**
 * Simulated corpora for the scan bench and the end-to-end test: simulator output (images + truth.json) → a workspace
 * with the layouts recorded → ingestFiles → every outcome, registration and checkbox/choice value compared with truth.
 * Shared by bench/scan-bench.ts and test/e2e/print-fill-photo-scan.test.ts so both measure the same thing.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { humanSheetId, layoutForm, type FormDefinition, type FormLayout } from '../src/model/index.js';
import { renderSheetsPdf } from '../src/print/index.js';
import { exportResultsJson } from '../src/scan/index.js';
import { simulateForm, type OutputContainer, type ProfileName, type Truth } from '../src/simulate/index.js';
import { jsonText, listFieldReadings, listInputs, listRefusedSheetPages, recordPrintRun, saveLayout, type Workspace } from '../src/store/index.js';

export interface CorpusSpec {
  readonly definition: FormDefinition;
  readonly profile: ProfileName;
  readonly seed: number;
  /** Sheets (each with all its pages). */
  readonly count: number;
  readonly site: string;
  readonly serialFrom: number;
  readonly as?: OutputContainer;
}

export interface Corpus { readonly dir: string; readonly truth: Truth; readonly layout: FormLayout; readonly spec: CorpusSpec }

const PRINT_DATE = new Date('2026-01-01T00:00:00Z');

/** Simulates a corpus into `dir` (or reuses it when `dir/truth.json` exists: the simulator is deterministic per seed). */
export async function simulateCorpus(spec: CorpusSpec, dir: string): Promise<Corpus> {
  const layout = layoutForm(spec.definition);
  const truthFile = join(dir, 'truth.json');
  if (existsSync(truthFile)) return { dir, truth: JSON.parse(readFileSync(truthFile, 'utf8')) as Truth, layout, spec };
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const result = await simulateForm({
    definition: spec.definition, site: spec.site, serialFrom: spec.serialFrom, count: spec.count, profile: spec.profile, seed: spec.seed,
    outDir: partial, ...(spec.as ? { as: spec.as } : {}),
    renderPdf: async (codes, made) => renderSheetsPdf(made, codes, PRINT_DATE),
  });
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  return { dir, truth: result.truth, layout, spec };
}

/** Records the corpus' layout and serial range in the workspace, as printing would have. */
export function recordCorpusPrint(workspace: Workspace, corpus: Corpus): void {
  const { layout, spec } = corpus;
  saveLayout(workspace, layout, spec.definition);
  recordPrintRun(workspace, { formId: spec.definition.id, fingerprint: layout.fingerprint, site: spec.site, serialFrom: spec.serialFrom,
    serialTo: spec.serialFrom + spec.count - 1, languages: layout.languages, paper: layout.paper, reprint: true, outputFile: null });
}

export interface ScanAccuracy {
  readonly images: number;
  /** Images whose sheet page is known as the truth's: read under that sheet, or refused at registration after its
   * QR was decoded and verified (the issue's step 1), which `registered` then leaves out. */
  readonly identified: number;
  /** Images read or refused under a sheet page other than the truth's (a QR misread, or a code mixed up): must be 0. */
  readonly misread: number;
  /** Registered images by the QR reader of the chain that read them (decode-sheet-code.ts): what each fallback earns. */
  readonly qrDecoders: Readonly<Record<string, number>>;
  /** Images registered (a capture exists: accepted or needs-review). */
  readonly registered: number;
  /** Largest distance (mm) at the four marks between the fitted homography and the simulator's (only for single-image files). */
  readonly markErrorMaxMm: number;
  /** Checkbox and choice fields: all, accepted by the machine (auto or empty), wrong among those, sent to review. */
  readonly fields: { total: number; accepted: number; errors: number; review: number };
  /** Checkbox and choice fields sent to review, by review reason (a field with two reasons counts under both). */
  readonly reviewReasons: Readonly<Record<string, number>>;
  /** The same per box (one option of a field = one value, as the CSV export's 0/1 columns). */
  readonly boxes: { total: number; accepted: number; errors: number; review: number };
  /** What went wrong, for a person: "file page: field expected … got …". */
  readonly problems: string[];
  /** Every box's measures with the pen style the simulator drew in it ('none' for an untouched box): for tuning. */
  readonly boxSamples: BoxSample[];
}

export interface BoxSample { readonly where?: string; readonly field?: string; readonly shift?: string; readonly style: string; readonly shape: string; readonly state: string; readonly ink: number; readonly dark: number; readonly overrun: number; readonly peak: number; readonly stroke: number; readonly outline: number; readonly innerC: number }

/** Compares the workspace after ingesting `corpora` with their truth. */
export function compareWithTruth(workspace: Workspace, corpora: readonly Corpus[]): ScanAccuracy {
  const inputs = listInputs(workspace);
  const captureTransform = workspace.db.prepare(`SELECT id, transform_json, ${jsonText(workspace.dialect, 'metrics_json', 'qrDecoder')} AS qr_decoder
    FROM captures WHERE input_id = ? ORDER BY id LIMIT 1`);
  const exported = exportResultsJson(workspace);
  const refusedByInput = new Map(listRefusedSheetPages(workspace).map((page) => [page.inputId, page]));
  const problems: string[] = [];
  const boxSamples: BoxSample[] = [];
  let images = 0; let identified = 0; let misread = 0; let registered = 0; let markErrorMaxMm = 0;
  const qrDecoders: Record<string, number> = {};
  const fields = { total: 0, accepted: 0, errors: 0, review: 0 };
  const reviewReasons: Record<string, number> = {};
  const boxes = { total: 0, accepted: 0, errors: 0, review: 0 };
  for (const corpus of corpora) {
    const { layout, truth } = corpus;
    const fieldLayouts = new Map(layout.fields.map((field) => [field.id, field]));
    for (const image of truth.images) {
      images += 1;
      const where = `${corpus.spec.profile} ${image.file}#${image.page}`;
      const input = inputs.find((candidate) => basename(candidate.file) === image.file && candidate.pageIndex === image.page &&
        candidate.file.startsWith(corpus.dir));
      if (!input) { problems.push(`${where}: no input recorded`); continue; }
      const sheet = input.sheetId === null ? undefined : exported.sheets.find((s) => s.form === image.sheet.form && s.site === image.sheet.site && s.serial === image.sheet.serial);
      const expectedId = humanSheetId(image.sheet);
      const gotId = exported.inputs.find((row) => row.file === input.file && row.page === input.pageIndex + 1)?.sheet ?? null;
      const refused = refusedByInput.get(input.id);
      if (gotId === expectedId && sheet) identified += 1;
      else if (refused && refused.formId === image.sheet.form && humanSheetId(refused) === expectedId) {
        // Step 1 of the issue (decode and verify the QR, find the layout) succeeded; registration (step 2) refused the
        // page. The sheet is known — status, review and the report name it to be scanned again — but not registered.
        identified += 1;
        problems.push(`${where}: known from its QR as ${expectedId} but refused at registration (${input.message ?? ''})`);
        continue;
      } else {
        if ((gotId !== null && gotId !== expectedId) || (refused && humanSheetId(refused) !== expectedId)) misread += 1;
        problems.push(`${where}: identified as ${gotId ?? `nothing (${input.outcome} ${input.reason ?? ''}: ${input.message ?? ''})`}, truth ${expectedId}`);
        continue;
      }
      const row = captureTransform.get(input.id) as { id: number; transform_json: string; qr_decoder: string | null } | undefined;
      if (!row) { problems.push(`${where}: not registered (${input.outcome})`); continue; }
      registered += 1;
      const decoder = row.qr_decoder ?? 'none (id keyed in)';
      qrDecoders[decoder] = (qrDecoders[decoder] ?? 0) + 1;
      if (image.page === 0 && corpus.spec.as !== 'pdf') {
        const fitted = (JSON.parse(row.transform_json) as { homography: number[] }).homography;
        const pxPerMm = (image.camera.kind === 'scan' ? image.camera.dpi : image.camera.renderDpi) / 25.4;
        for (const mark of layout.marks) {
          const a = apply(fitted, mark.xMm, mark.yMm);
          const b = apply(image.camera.homography, mark.xMm, mark.yMm);
          const scale = image.camera.kind === 'scan' ? pxPerMm : localScale(image.camera.homography, mark.xMm, mark.yMm);
          const errorMm = Math.hypot(a.x - b.x, a.y - b.y) / scale;
          markErrorMaxMm = Math.max(markErrorMaxMm, errorMm);
          if (errorMm > 1) problems.push(`${where}: mark at ${mark.xMm},${mark.yMm} mm registered ${errorMm.toFixed(2)} mm off`);
        }
      }
      const readings = new Map(listFieldReadings(workspace, row.id).map((reading) => [reading.fieldId, reading]));
      for (const [fieldId, truthValue] of Object.entries(image.fields)) {
        const fieldLayout = fieldLayouts.get(fieldId);
        if (!fieldLayout || (fieldLayout.kind !== 'checkbox' && fieldLayout.kind !== 'choice')) continue;
        const got = sheet.fields[fieldId];
        const truthSet = new Set(Array.isArray(truthValue) ? truthValue as string[] : typeof truthValue === 'string' ? [truthValue] : []);
        const metrics = readings.get(fieldId)?.metrics as Record<string, unknown> | undefined;
        const states = String(metrics?.['states'] ?? '').split(',');
        fieldLayout.boxes.forEach((box, index) => {
          const style = (image.marks[fieldId] ?? []).find((mark) => mark.value === String(box.value))?.style ?? 'none';
          const pick = (key: string): number => Number((metrics?.[key] as number[] | undefined)?.[index] ?? NaN);
          boxSamples.push({ where, field: fieldId, shift: String(metrics?.['shiftsMm'] ?? '').split(' ')[index] ?? '', style, shape: box.shape, state: states[index] ?? '?', ink: pick('inkRatios'), dark: pick('darkFractions'), overrun: pick('overruns'), peak: pick('peakContrasts'), stroke: pick('strokeFractions'), outline: pick('outlineContrasts'), innerC: pick('innerContrasts') });
        });
        fields.total += 1;
        boxes.total += fieldLayout.boxes.length;
        if (!got || got.status === 'needs-review' || got.status === 'missing' || got.status === 'reviewed') {
          fields.review += 1;
          for (const reason of got?.reasons ?? [got ? got.status : 'missing']) reviewReasons[reason] = (reviewReasons[reason] ?? 0) + 1;
          boxes.review += fieldLayout.boxes.length;
          continue;
        }
        const gotSet = new Set(Array.isArray(got.value) ? got.value as string[] : typeof got.value === 'string' ? [got.value] : []);
        fields.accepted += 1;
        boxes.accepted += fieldLayout.boxes.length;
        const wrongBoxes = fieldLayout.boxes.filter((box) => truthSet.has(String(box.value)) !== gotSet.has(String(box.value)));
        boxes.errors += wrongBoxes.length;
        if (wrongBoxes.length > 0) {
          fields.errors += 1;
          const styles = (image.marks[fieldId] ?? []).map((mark) => `${mark.value}:${mark.style}`).join(' ');
          problems.push(`${where}: ${fieldId} ${got.status} ${JSON.stringify([...gotSet])}, truth ${JSON.stringify([...truthSet])} (pen: ${styles || 'none'})`);
        }
      }
    }
  }
  return { images, identified, misread, qrDecoders, registered, markErrorMaxMm, fields, reviewReasons, boxes, problems, boxSamples };
}

function apply(h: readonly number[], x: number, y: number): { x: number; y: number } {
  const w = h[6]! * x + h[7]! * y + h[8]!;
  return { x: (h[0]! * x + h[1]! * y + h[2]!) / w, y: (h[3]! * x + h[4]! * y + h[5]!) / w };
}

/** Image px per page mm around a point (mean of the two axis scales). */
function localScale(h: readonly number[], x: number, y: number): number {
  const p = apply(h, x, y);
  const px = apply(h, x + 1, y);
  const py = apply(h, x, y + 1);
  return (Math.hypot(px.x - p.x, px.y - p.y) + Math.hypot(py.x - p.x, py.y - p.y)) / 2;
}
