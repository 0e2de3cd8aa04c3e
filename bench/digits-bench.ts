/**
 * Digit-cell benchmark on the held-out test split of the mnist digits (never trained or tuned on):
 * (1) `digitsSim.*`: written into intake forms by the simulator, captured as scan-300 and phone-good, read by
 * readPage and compared with truth.json (digits-simulated-bench.ts) — the figures the goals are about;
 * (2) `digits.*`: synthetic comb cells at two degradations (harsher than the simulator), read cell by cell:
 * accuracy, 4-digit field acceptance and errors, blank handling, and the median cost per cell.
 */
import type { GrayImage } from '../src/model/gray-image.js';
import { loadDigitClassifier, readDigitEnsembleFile } from '../src/scan/digit-classifier.js';
import { readDigitCell, readDigitField } from '../src/scan/read-digits.js';
import { DIGIT_ACCEPT_MIN_CONFIDENCE } from '../src/scan/thresholds.js';
import { benchSimulatedDigits } from './digits-simulated-bench.js';
import {
  createRng,
  deriveSeed,
  renderCells,
  renderDigitCell,
  splitMnist,
  type CellDegradation,
  type RenderedCell,
} from '../test/helpers/digit-cells.js';

const FIELD_DIGITS = 4;
/** Each test digit is rendered this often per degradation (different pen, position, paper, noise each time). */
const VARIANTS = 2;
const BLANK_CELLS = 1000;
const TIMING_CELLS = 400;
const TIMING_RUNS = 7;

export async function benchDigits(): Promise<Record<string, number | string>> {
  // The split must be the one the shipped members were trained with, or "held out" would not be true.
  const ensemble = readDigitEnsembleFile();
  const seed = ensemble.seed;
  const { test } = splitMnist(seed);
  const classifier = loadDigitClassifier();
  const cells = renderCells(test, deriveSeed(seed, 7), VARIANTS);
  const out: Record<string, number | string> = {
    'digits.testDigits': test.length,
    'digits.acceptMinConfidence': DIGIT_ACCEPT_MIN_CONFIDENCE,
    'digits.ensembleMembers': ensemble.members.length,
  };

  for (const degradation of ['scan', 'phone'] as const) {
    const mine = cells.filter((c) => c.degradation === degradation);
    Object.assign(out, measureAccuracy(mine, degradation, classifier));
    Object.assign(out, measureBlanks(degradation, seed, classifier));
  }
  out['digits.scan.msPerCell'] = medianMsPerCell(cells.filter((c) => c.degradation === 'scan').slice(0, TIMING_CELLS), classifier);
  out['digits.phone.msPerCell'] = medianMsPerCell(cells.filter((c) => c.degradation === 'phone').slice(0, TIMING_CELLS), classifier);
  Object.assign(out, await benchSimulatedDigits(test, deriveSeed(seed, 9)));
  return out;
}

function measureAccuracy(
  cells: readonly RenderedCell[],
  degradation: CellDegradation,
  classifier: ReturnType<typeof loadDigitClassifier>,
): Record<string, number> {
  let right = 0;
  let acceptedCells = 0;
  let acceptedWrongCells = 0;
  let fields = 0;
  let fieldsRight = 0;
  let fieldsAccepted = 0;
  let fieldsAcceptedWrong = 0;
  let reviewGuessRight = 0;
  for (let f = 0; f + FIELD_DIGITS <= cells.length; f += FIELD_DIGITS) {
    const group = cells.slice(f, f + FIELD_DIGITS);
    const truth = group.map((c) => String(c.label)).join('');
    const reading = readDigitField(
      group.map((c) => c.crop),
      classifier,
    );
    reading.cells.forEach((cell, i) => {
      const ok = cell.value === String(group[i]?.label);
      if (ok) right++;
      if (cell.confidence >= DIGIT_ACCEPT_MIN_CONFIDENCE) {
        acceptedCells++;
        if (!ok) acceptedWrongCells++;
      }
    });
    fields++;
    if (reading.guess === truth) fieldsRight++;
    if (reading.allConfident) {
      fieldsAccepted++;
      if (reading.value !== truth) fieldsAcceptedWrong++;
    } else if (reading.guess === truth) reviewGuessRight++;
  }
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
    [`${p}.reviewGuessRight`]: reviewGuessRight / Math.max(1, fields - fieldsAccepted),
  };
}

/** Empty cells (border, paper, dust, a neighbour's ink in the margin) must read as blank. */
function measureBlanks(
  degradation: CellDegradation,
  seed: number,
  classifier: ReturnType<typeof loadDigitClassifier>,
): Record<string, number> {
  const rng = createRng(deriveSeed(seed, 8, degradation === 'scan' ? 0 : 1));
  const { test } = splitMnist(seed);
  let blank = 0;
  let acceptedBlank = 0;
  let acceptedDigit = 0;
  for (let i = 0; i < BLANK_CELLS; i++) {
    const neighbour = rng.next() < 0.5 ? (test[rng.int(test.length)]?.pixels ?? null) : null;
    const reading = readDigitCell(renderDigitCell(null, degradation, rng, { neighbour }), classifier);
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

/** Median over runs of the mean time per cell (normalise + classify), after a warm-up run. */
function medianMsPerCell(cells: readonly RenderedCell[], classifier: ReturnType<typeof loadDigitClassifier>): number {
  const crops: GrayImage[] = cells.map((c) => c.crop);
  for (const crop of crops) readDigitCell(crop, classifier);
  const runs: number[] = [];
  for (let r = 0; r < TIMING_RUNS; r++) {
    const t0 = performance.now();
    for (const crop of crops) readDigitCell(crop, classifier);
    runs.push((performance.now() - t0) / crops.length);
  }
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)] ?? NaN;
}
