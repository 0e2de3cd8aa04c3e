/**
 * Reads handwritten comb cells: a first look for ink (digit-ink.ts) → printed border and specks removed →
 * MNIST-style 28×28 → one classifier batch per page → digit or blank, with a calibrated confidence per cell and a
 * field value that marks unsure cells '?'. No I/O of its own (the nets are loaded once by digit-classifier.ts).
 */
import type { GrayImage } from '../model/index.js';
import { loadDigitClassifier, type DigitClassifier } from './digit-classifier.js';
import { measureCellDarkness } from './cell-darkness.js';
import { DEFAULT_GEOMETRY, normaliseDigitCell, type DigitCellMetrics, type DigitCropGeometry, type NormalisedDigitCell } from './normalise-digit-cell.js';
import { measureCellInk, type CellInk } from './digit-ink.js';
import {
  DIGIT_ACCEPT_MIN_CONFIDENCE, DIGIT_AMBIGUOUS_MAX_CONFIDENCE, DIGIT_BLANK_CONFIDENCE, DIGIT_BLANK_MAX_INK_RATIO, DIGIT_FAINT_MAX_BLANK_RATIO,
  DIGIT_INK_SEEN_MIN_PX, DIGIT_PRESENT_MIN_INK_RATIO,
} from './thresholds.js';

export { normaliseDigitCell, type DigitCellMetrics, type DigitCropGeometry, type NormalisedDigitCell } from './normalise-digit-cell.js';

export type DigitValue = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';

export interface DigitCellReading {
  /** The digit, or null for a blank cell. */
  readonly value: DigitValue | null;
  /** Probability that `value` is right (calibrated on the validation split). */
  readonly confidence: number;
  readonly metrics: DigitCellMetrics & {
    readonly topProbability: number;
    readonly secondProbability: number;
    /** The first look's ink count (digit-ink.ts); absent on cells decided alone by decideDigitCell. */
    readonly inkPx?: number;
  };
  /** Classifier probabilities for '0'…'9' (all zeros when the cell was blank and not classified). */
  readonly probabilities: number[];
}

export interface DigitFieldReading {
  /** Digits read, '?' for each unsure cell; confident blanks are left out. */
  readonly value: string;
  /** Best guess per cell, ' ' for blank: what a reviewer sees pre-filled. */
  readonly guess: string;
  readonly cells: DigitCellReading[];
  /** True when every cell (digit or blank) reached DIGIT_ACCEPT_MIN_CONFIDENCE. */
  readonly allConfident: boolean;
  /** The first look found ink in at least one cell: a field with ink is never exported as empty. */
  readonly inkSeen: boolean;
}

const DIGITS: readonly DigitValue[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * Decides one cell from its normalised image and, when it holds ink, the classifier's probabilities. A cell the first
 * look (digit-ink.ts) found ink in is never a sure blank: when the normaliser then keeps no ink (a stroke wiped with
 * the border, a pencil line under the ink level) blank is only the guess and a person confirms it.
 */
export function decideDigitCell(normalised: NormalisedDigitCell, probabilitiesIn: Float32Array | null,
  ink: Pick<CellInk, 'inkSeen' | 'linesFound'>): DigitCellReading {
  const { metrics } = normalised;
  const inkSeen = ink.inkSeen;
  if (!probabilitiesIn || metrics.inkRatio < DIGIT_BLANK_MAX_INK_RATIO) {
    const faint = inkSeen || metrics.faintInkRatio >= DIGIT_FAINT_MAX_BLANK_RATIO;
    return {
      value: null,
      confidence: faint ? DIGIT_AMBIGUOUS_MAX_CONFIDENCE : DIGIT_BLANK_CONFIDENCE,
      metrics: { ...metrics, topProbability: 0, secondProbability: 0 },
      probabilities: new Array<number>(10).fill(0),
    };
  }
  const probabilities = Array.from(probabilitiesIn);
  let best = 0;
  for (let k = 1; k < probabilities.length; k++) if ((probabilities[k] ?? 0) > (probabilities[best] ?? 0)) best = k;
  const topProbability = probabilities[best] ?? 0;
  let secondProbability = 0;
  for (let k = 0; k < probabilities.length; k++) {
    if (k !== best) secondProbability = Math.max(secondProbability, probabilities[k] ?? 0);
  }
  const cellMetrics = { ...metrics, topProbability, secondProbability };
  if (metrics.inkRatio < DIGIT_PRESENT_MIN_INK_RATIO) {
    // A faint or tiny mark: could be a short stroke or dirt. Offer the digit as a guess, never accept it.
    const value = topProbability >= 0.5 ? (DIGITS[best] ?? null) : null;
    return {
      value,
      confidence: Math.min(DIGIT_AMBIGUOUS_MAX_CONFIDENCE, value === null ? 1 - topProbability : topProbability),
      metrics: cellMetrics,
      probabilities,
    };
  }
  // The crop is not where the cell is (its printed border was not found on every side): the ink may be a border line
  // or a neighbour's digit read as this cell's. The reading is the guess; a person confirms it.
  const confidence = ink.linesFound < 4 ? Math.min(DIGIT_AMBIGUOUS_MAX_CONFIDENCE, topProbability) : topProbability;
  return { value: DIGITS[best] ?? null, confidence, metrics: cellMetrics, probabilities };
}

const EMPTY_CELL: NormalisedDigitCell = {
  image28: new Float32Array(28 * 28),
  metrics: { inkRatio: 0, faintInkRatio: 0, paperLevel: 255, inkDarkness: 0, borderSidesRemoved: 0, droppedInkPx: 0, touchesBorder: 0, slant: 0, inkWidthMm: 0, inkHeightMm: 0 },
};

/**
 * Reads several comb fields at once (a page's): the first look at every cell, the normaliser on cells with ink, one
 * classifier batch for all of them, then each cell's decision. A field is confident only when every cell is; `value`
 * keeps '?' at each unsure cell so nothing unsure is ever silently a digit, while `guess` pre-fills review.
 */
export async function readDigitFields(
  fields: readonly (readonly GrayImage[])[],
  classifier?: DigitClassifier,
  geometry: DigitCropGeometry = DEFAULT_GEOMETRY,
): Promise<DigitFieldReading[]> {
  const looked = fields.map((crops) => crops.map((crop) => lookAtCell(crop, geometry)));
  const toClassify = looked.flat().filter((cell) => cell.normalised.metrics.inkRatio >= DIGIT_BLANK_MAX_INK_RATIO);
  const probabilities = new Map<NormalisedDigitCell, Float32Array>();
  if (toClassify.length > 0) {
    const nets = classifier ?? (await loadDigitClassifier());
    const out = await nets.classify(toClassify.map((cell) => cell.normalised.image28));
    toClassify.forEach((cell, k) => probabilities.set(cell.normalised, out[k]!));
  }
  return looked.map((cells) => {
    const readings = cells.map((cell) => {
      const reading = decideDigitCell(cell.normalised, probabilities.get(cell.normalised) ?? null, cell.ink);
      return { ...reading, metrics: { ...reading.metrics, inkPx: cell.ink.inkPx } };
    });
    return fieldFromCells(readings);
  });
}

/**
 * The first look at one cell and, when it finds ink, the normaliser: one darkness map (and its masks) shared by both,
 * scratch that the next cell overwrites.
 */
export function lookAtCell(crop: GrayImage, geometry: DigitCropGeometry = DEFAULT_GEOMETRY): { ink: CellInk; normalised: NormalisedDigitCell } {
  const looked = measureCellDarkness(crop);
  const ink = measureCellInk(crop, geometry.pxPerMm, geometry.marginMm, looked);
  return { ink, normalised: ink.inkSeen ? normaliseDigitCell(crop, geometry, looked) : EMPTY_CELL };
}

/** One field's cells (see readDigitFields). */
export async function readDigitField(crops: readonly GrayImage[], classifier?: DigitClassifier, geometry: DigitCropGeometry = DEFAULT_GEOMETRY): Promise<DigitFieldReading> {
  return (await readDigitFields([crops], classifier, geometry))[0]!;
}

function fieldFromCells(cells: DigitCellReading[]): DigitFieldReading {
  let value = '';
  let guess = '';
  let allConfident = true;
  for (const cell of cells) {
    const sure = cell.confidence >= DIGIT_ACCEPT_MIN_CONFIDENCE;
    allConfident &&= sure;
    guess += cell.value ?? ' ';
    if (!sure) value += '?';
    else if (cell.value !== null) value += cell.value;
  }
  return { value, guess, cells, allConfident, inkSeen: cells.some((cell) => (cell.metrics.inkPx ?? 0) >= DIGIT_INK_SEEN_MIN_PX) };
}
