/**
 * Digit fields through the whole pipeline: held-out test digits (never trained or tuned on) written into the
 * intake form's comb cells by the simulator (`digitSource`), captured as `scan-300` and `phone-good`, read back with
 * readInputPage as ingest reads them (half-size decode where it suits, recogniser, range rules and cross-field checks
 * included) and compared with truth.json.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acceptBySiteAgreement, leafFields, parseForm, type FieldReading, type FormDefinition } from '../src/model/index.js';
import { renderSheetsPdf } from '../src/print/index.js';
import { openInput, readInputPage, type SafeReading } from '../src/scan/index.js';
import sharp from 'sharp';
import { readDigitFields } from '../src/scan/read-digits.js';
import { simulateForm, type DigitSource, type ProfileName } from '../src/simulate/index.js';
import type { StoredLayout } from '../src/store/index.js';
import type { DigitSample } from '../test/helpers/digit-cells.js';

/** Sheets per profile: intake has two pages and ~20–40 written digit cells per sheet. */
const SHEETS = Number(process.env['DIGITS_BENCH_SHEETS'] ?? 16);
const TIMING_RUNS = 5;
/** Alternated timing rounds per first page for the digit stage vs bare decode ratio (median per page). */
const STAGE_ROUNDS = 3;

export async function benchSimulatedDigits(test: readonly DigitSample[], seed: number): Promise<Record<string, number | string>> {
  const parsed = parseForm(JSON.parse(readFileSync(new URL('../../forms/intake/v1.json', import.meta.url), 'utf8')));
  if (!parsed.ok) throw new Error('intake v1 does not parse');
  const definition = parsed.definition;
  const byLabel = Array.from({ length: 10 }, (_, label) => test.filter((sample) => sample.label === label));
  const digitSource: DigitSource = (digit, rng) => {
    const pool = byLabel[digit]!;
    return pool[rng.int(0, pool.length - 1)]!.pixels;
  };
  const out: Record<string, number | string> = { 'digitsSim.sheetsPerProfile': SHEETS };
  const work = mkdtempSync(join(tmpdir(), 'paperlink-bench-digits-'));
  try {
    // A seed per profile: each profile gets its own sheets, values and digit samples (independent figures).
    for (const [index, profile] of (['scan-300', 'phone-good'] as const).entries()) {
      Object.assign(out, await benchProfile(definition, profile, digitSource, seed + index, join(work, profile)));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return out;
}

async function benchProfile(definition: FormDefinition, profile: ProfileName, digitSource: DigitSource, seed: number, outDir: string): Promise<Record<string, number | string>> {
  const result = await simulateForm({
    definition, profile, seed, outDir, site: 'BENCH1', serialFrom: 1, count: SHEETS, digitSource,
    renderPdf: (codes, layout) => renderSheetsPdf(layout, codes, new Date('2026-01-01T00:00:00Z')),
  });
  const stored: StoredLayout = { fingerprint: result.layout.fingerprint, formId: definition.id, formCode: definition.code,
    version: definition.version, layout: result.layout, definition };
  const digitIds = new Set(leafFields(definition).filter((leaf) => leaf.kind === 'digits').map((leaf) => leaf.id));
  const counts = { digits: 0, digitsRight: 0, fields: 0, fieldsRight: 0, auto: 0, autoWrong: 0, blankFields: 0, blankFieldsEmpty: 0,
    inkReadEmpty: 0, unsure: 0, outOfRange: 0, checkFailed: 0, pagesUnread: 0, agreedAcrossSite: 0 };
  const cellSets: Parameters<typeof readDigitFields>[0][number][] = [];
  // The digit stage of each page (crops, first look, normaliser, nets, decisions: readPage's digitsMs) against the
  // bare decode of the same file (sharp to grey pixels), both per page, first pages of intake (where its digits are).
  const digitStageMs: number[] = [];
  const bareDecodeMs: number[] = [];
  // What ingest decodes of the page: at half size where it suits, plus the whole pixels of digit fields read again.
  const pageDecodeMs: number[] = [];
  const readPages: { image: (typeof result.truth.images)[number]; byId: Map<string, FieldReading> }[] = [];
  for (const image of result.truth.images) {
    const bytes = readFileSync(join(outDir, image.file));
    const firstPage = image.sheet.page === 1;
    const opened = await openInput(bytes, image.file);
    if (!opened.ok) throw new Error(`${image.file}: ${opened.message}`);
    const { reading } = await readInputPage(opened, image.page, () => stored);
    if (reading.kind !== 'read') {
      counts.pagesUnread++;
      continue;
    }
    for (const cells of reading.digitCells) cellSets.push(cells.cells);
    if (firstPage) {
      // Bare decode and the page's digit stage timed in turn, STAGE_ROUNDS times, each page's median kept: load from
      // other work on the machine then slows both sides of the ratio alike instead of whichever ran during a burst.
      const decodeRounds: number[] = [];
      const stageRounds: number[] = [];
      const pageDecodeRounds: number[] = [];
      for (let round = 0; round < STAGE_ROUNDS; round++) {
        const t0 = performance.now();
        await sharp(bytes).greyscale().raw().toBuffer();
        decodeRounds.push(performance.now() - t0);
        const t1 = performance.now();
        await opened.loadPage(image.page, 'working');
        const workingDecodeMs = performance.now() - t1;
        const again: SafeReading = (await readInputPage(opened, image.page, () => stored)).reading;
        if (again.kind !== 'failed' && typeof again.metrics['digitsMs'] === 'number') {
          // The digit stage proper; decoding the whole pixels of unsure fields is decoding, counted with the page's own.
          const regionMs = Number(again.metrics['digitRegionDecodeMs'] ?? 0);
          stageRounds.push(again.metrics['digitsMs'] - regionMs);
          pageDecodeRounds.push(workingDecodeMs + regionMs);
        }
      }
      bareDecodeMs.push(median(decodeRounds));
      if (stageRounds.length > 0) digitStageMs.push(median(stageRounds));
      if (pageDecodeRounds.length > 0) pageDecodeMs.push(median(pageDecodeRounds));
    }
    readPages.push({ image, byId: new Map<string, FieldReading>(reading.fields.map((field) => [field.fieldId, field])) });
  }
  // After the batch, as ingest does (store/recurring-fields.ts): site codes and volunteer numbers that other sheets of
  // the site carry as settled (all sheets here are one site).
  const recurring = new Set(leafFields(definition).filter((leaf) => leaf.kind === 'digits' && leaf.recursAtSite).map((leaf) => leaf.id));
  const states = readPages.flatMap(({ image, byId }) => [...byId.values()].filter((field) => recurring.has(field.fieldId)).map((field) => ({
    sheetId: image.sheet.serial, fieldId: field.fieldId, status: field.status, value: field.value, ...(field.guess === undefined ? {} : { guess: field.guess }),
    reasons: field.reasons, agreementCandidate: field.metrics['agreementCandidate'] === true })));
  for (const accepted of acceptBySiteAgreement(states)) {
    const page = readPages.find(({ image, byId }) => image.sheet.serial === accepted.sheetId && byId.has(accepted.fieldId))!;
    const field = page.byId.get(accepted.fieldId)!;
    page.byId.set(accepted.fieldId, { ...field, value: accepted.value, status: 'auto', reasons: [] });
    counts.agreedAcrossSite++;
  }
  for (const { image, byId } of readPages) {
    for (const [fieldId, truthValue] of Object.entries(image.fields)) {
      if (!digitIds.has(fieldId)) continue;
      const field = byId.get(fieldId);
      if (!field) continue;
      const truth = typeof truthValue === 'string' ? truthValue : '';
      const cellGuess = typeof field.metrics['cellGuess'] === 'string' ? field.metrics['cellGuess'] : '';
      if (process.env['DIGITS_BENCH_VERBOSE'] && cellGuess.replace(/ /g, '') !== truth) {
        console.log(`${profile} ${image.file} ${fieldId}: truth ${truth} guess "${cellGuess}" ${field.status} ${JSON.stringify(field.metrics['cellConfidences'])}`);
      }
      // A count written right-aligned (" 3") has fewer truth digits than cells: compare where they were written, the
      // better of left- and right-aligned (the truth keeps the digits, not the blank cells before them).
      const offset = cellGuess.length - truth.length;
      const rightAt = (shift: number): number => [...truth].filter((digit, index) => cellGuess[index + shift] === digit).length;
      counts.digits += truth.length;
      counts.digitsRight += offset > 0 ? Math.max(rightAt(0), rightAt(offset)) : rightAt(0);
      const machine = field.status === 'auto' ? String(field.value) : typeof field.guess === 'string' ? field.guess.replace(/ /g, '') : '';
      if (truth === '') {
        counts.blankFields++;
        if (field.status === 'empty') counts.blankFieldsEmpty++;
        continue;
      }
      counts.fields++;
      if (field.status === 'empty') counts.inkReadEmpty++;
      if (machine === truth) counts.fieldsRight++;
      if (field.status === 'auto') {
        counts.auto++;
        if (field.value !== truth) counts.autoWrong++;
      }
      if (field.reasons.includes('digits-unsure')) counts.unsure++;
      if (field.reasons.includes('digits-out-of-range')) counts.outOfRange++;
      if (field.reasons.includes('check-failed')) counts.checkFailed++;
    }
  }
  const p = `digitsSim.${profile}`;
  return {
    [`${p}.pagesUnread`]: counts.pagesUnread,
    [`${p}.digits`]: counts.digits,
    [`${p}.digitAccuracy`]: counts.digitsRight / Math.max(1, counts.digits),
    [`${p}.fieldsWritten`]: counts.fields,
    [`${p}.fieldAccuracy`]: counts.fieldsRight / Math.max(1, counts.fields),
    [`${p}.fieldAutoAccept`]: counts.auto / Math.max(1, counts.fields),
    [`${p}.fieldErrorAmongAuto`]: counts.autoWrong / Math.max(1, counts.auto),
    [`${p}.fieldsAutoWrong`]: counts.autoWrong,
    [`${p}.agreedAcrossSite`]: counts.agreedAcrossSite,
    [`${p}.review.digitsUnsure`]: counts.unsure,
    [`${p}.review.outOfRange`]: counts.outOfRange,
    [`${p}.review.checkFailed`]: counts.checkFailed,
    [`${p}.blankFieldsReadEmpty`]: counts.blankFieldsEmpty / Math.max(1, counts.blankFields),
    [`${p}.fieldsWithInkReadEmpty`]: counts.inkReadEmpty,
    [`${p}.msPerCell`]: await msPerCell(cellSets),
    [`${p}.digitStageMsPerPage`]: median(digitStageMs),
    [`${p}.bareDecodeMsPerPage`]: median(bareDecodeMs),
    [`${p}.digitStageVsDecode`]: median(digitStageMs) / median(bareDecodeMs),
    [`${p}.pageDecodeAsIngestMsPerPage`]: median(pageDecodeMs),
    [`${p}.decodeAndDigitsVsBareDecode`]: (median(pageDecodeMs) + median(digitStageMs)) / median(bareDecodeMs),
  };
}

/** Median over runs of the time per written cell of reading each page's digit fields together (first look, normalise, nets). */
async function msPerCell(cellSets: readonly Parameters<typeof readDigitFields>[0][number][]): Promise<number> {
  const total = cellSets.reduce((n, cells) => n + cells.length, 0);
  if (total === 0) return NaN;
  const run = async (): Promise<void> => {
    for (let i = 0; i < cellSets.length; i += 10) await readDigitFields(cellSets.slice(i, i + 10));
  };
  await run();
  const runs: number[] = [];
  for (let r = 0; r < TIMING_RUNS; r++) {
    const t0 = performance.now();
    await run();
    runs.push((performance.now() - t0) / total);
  }
  return median(runs);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}
