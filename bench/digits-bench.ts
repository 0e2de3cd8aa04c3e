/**
 * Digit-cell benchmark on the held-out test split of the mnist digits (never trained or tuned on):
 * (1) `digitsSim.*`: written into intake forms by the simulator, captured as scan-300 and phone-good, read by
 * readPage and compared with truth.json (digits-simulated-bench.ts) — the figures the goals are about;
 * (2) `digits.*`: synthetic comb cells at two degradations (harsher than the simulator), read cell by cell:
 * accuracy, 4-digit field acceptance and errors, blank handling, and the median cost per cell.
 */
import type { FieldLayout, GrayImage } from '../src/model/index.js';
import { readDigitManifest } from '../src/scan/digit-classifier.js';
import { decideDigitField } from '../src/scan/decide-digits.js';
import { readDigitFields } from '../src/scan/read-digits.js';
import { DIGIT_ACCEPT_MIN_CONFIDENCE } from '../src/scan/thresholds.js';
import { benchSimulatedDigits } from './digits-simulated-bench.js';
import {
  createRng,
  deriveSeed,
  renderCells,
  renderDigitCell,
  splitMnist,
  DEFAULT_SEED,
  type CellDegradation,
  type RenderedCell,
} from '../test/helpers/digit-cells.js';

const FIELD_DIGITS = 4;
/** Each test digit is rendered this often per degradation (different pen, position, paper, noise each time). */
const VARIANTS = 2;
const BLANK_CELLS = 1000;
const TIMING_CELLS = 400;
const TIMING_RUNS = 7;
/** A synthetic field is a 4-digit number without a preset's checks: the 'plain' rule decides it. */
const PLAIN_FIELD: FieldLayout = { id: 'bench', kind: 'digits', page: 1, boxes: [] };

export async function benchDigits(): Promise<Record<string, number | string>> {
  // The split the shipped nets were tuned on: its validation half was read by tune-digits, the test half never was.
  const seed = Number(readDigitManifest().training['splitSeed'] ?? DEFAULT_SEED);
  const { test } = splitMnist(seed);
  const cells = renderCells(test, deriveSeed(seed, 7), VARIANTS);
  const out: Record<string, number | string> = {
    'digits.testDigits': test.length,
    'digits.acceptMinConfidence': DIGIT_ACCEPT_MIN_CONFIDENCE,
    'digits.ensembleMembers': readDigitManifest().members.length,
  };

  for (const degradation of ['scan', 'phone'] as const) {
    const mine = cells.filter((c) => c.degradation === degradation);
    Object.assign(out, await measureAccuracy(mine, degradation));
    Object.assign(out, await measureBlanks(degradation, seed));
  }
  out['digits.scan.msPerCell'] = await medianMsPerCell(cells.filter((c) => c.degradation === 'scan').slice(0, TIMING_CELLS));
  out['digits.phone.msPerCell'] = await medianMsPerCell(cells.filter((c) => c.degradation === 'phone').slice(0, TIMING_CELLS));
  Object.assign(out, await benchSimulatedDigits(test, deriveSeed(seed, 9)));
  return out;
}

async function measureAccuracy(cells: readonly RenderedCell[], degradation: CellDegradation): Promise<Record<string, number>> {
  let right = 0;
  let acceptedCells = 0;
  let acceptedWrongCells = 0;
  let fields = 0;
  let fieldsRight = 0;
  let fieldsAccepted = 0;
  let fieldsAcceptedWrong = 0;
  let fieldsEmpty = 0;
  let reviewGuessRight = 0;
  const groups: RenderedCell[][] = [];
  for (let f = 0; f + FIELD_DIGITS <= cells.length; f += FIELD_DIGITS) groups.push(cells.slice(f, f + FIELD_DIGITS));
  const readings = await readDigitFields(groups.map((group) => group.map((c) => c.crop)));
  groups.forEach((group, g) => {
    const reading = readings[g]!;
    const truth = group.map((c) => String(c.label)).join('');
    reading.cells.forEach((cell, i) => {
      const ok = cell.value === String(group[i]?.label);
      if (ok) right++;
      if (cell.confidence >= DIGIT_ACCEPT_MIN_CONFIDENCE) {
        acceptedCells++;
        if (!ok) acceptedWrongCells++;
      }
    });
    fields++;
    const decided = decideDigitField(PLAIN_FIELD, { preset: 'plain', count: FIELD_DIGITS }, reading);
    if (decided.status === 'empty') fieldsEmpty++;
    if (reading.guess === truth) fieldsRight++;
    if (decided.status === 'auto') {
      fieldsAccepted++;
      if (decided.value !== truth) fieldsAcceptedWrong++;
    } else if (reading.guess === truth) reviewGuessRight++;
  });
  const n = fields * FIELD_DIGITS;
  const p = `digits.${degradation}`;
  return {
    [`${p}.cells`]: n,
    [`${p}.digitAccuracy`]: right / n,
    [`${p}.cellAutoAccept`]: acceptedCells / n,
    [`${p}.cellErrorAmongAccepted`]: acceptedWrongCells / Math.max(1, acceptedCells),
    [`${p}.fields`]: fields,
    [`${p}.fieldAccuracy`]: fieldsRight / fields,
    [`${p}.fieldAutoAccept`]: fieldsAccepted / fields,
    [`${p}.fieldErrorAmongAccepted`]: fieldsAcceptedWrong / Math.max(1, fieldsAccepted),
    [`${p}.fieldsAcceptedWrong`]: fieldsAcceptedWrong,
    [`${p}.fieldsWithInkReadEmpty`]: fieldsEmpty,
    [`${p}.reviewGuessRight`]: reviewGuessRight / Math.max(1, fields - fieldsAccepted),
  };
}

/** Empty cells (border, paper, dust, a neighbour's ink in the margin) must read as blank. */
async function measureBlanks(degradation: CellDegradation, seed: number): Promise<Record<string, number>> {
  const rng = createRng(deriveSeed(seed, 8, degradation === 'scan' ? 0 : 1));
  const { test } = splitMnist(seed);
  const crops = Array.from({ length: BLANK_CELLS }, () => {
    const neighbour = rng.next() < 0.5 ? (test[rng.int(test.length)]?.pixels ?? null) : null;
    return renderDigitCell(null, degradation, rng, { neighbour });
  });
  const readings = await readDigitFields(crops.map((crop) => [crop]));
  let blank = 0;
  let acceptedBlank = 0;
  let acceptedDigit = 0;
  for (const field of readings) {
    const reading = field.cells[0]!;
    const sure = reading.confidence >= DIGIT_ACCEPT_MIN_CONFIDENCE;
    if (reading.value === null) blank++;
    if (reading.value === null && sure) acceptedBlank++;
    if (reading.value !== null && sure) acceptedDigit++;
  }
  const p = `digits.${degradation}`;
  return {
    [`${p}.blankReadAsBlank`]: blank / BLANK_CELLS,
    [`${p}.blankAutoAccept`]: acceptedBlank / BLANK_CELLS,
    [`${p}.blankAcceptedAsDigit`]: acceptedDigit / BLANK_CELLS,
  };
}

/** Median over runs of the time per cell (first look, normalise, classify in batches of one field), after a warm-up. */
async function medianMsPerCell(cells: readonly RenderedCell[]): Promise<number> {
  const fields: GrayImage[][] = [];
  for (let f = 0; f + FIELD_DIGITS <= cells.length; f += FIELD_DIGITS) fields.push(cells.slice(f, f + FIELD_DIGITS).map((c) => c.crop));
  const run = async (): Promise<void> => {
    // Page-sized batches: an intake page holds ~10 digit fields.
    for (let i = 0; i < fields.length; i += 10) await readDigitFields(fields.slice(i, i + 10));
  };
  await run();
  const runs: number[] = [];
  for (let r = 0; r < TIMING_RUNS; r++) {
    const t0 = performance.now();
    await run();
    runs.push((performance.now() - t0) / (fields.length * FIELD_DIGITS));
  }
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)] ?? NaN;
}
