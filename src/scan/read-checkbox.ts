/**
 * Checkbox groups and choices: measure the ink inside every box against this page's paper and ink, decide
 * empty / marginal / marked / cancelled per box, then the field's value, status and confidence.
 * Pure; never guesses silently: anything unsure is needs-review with a reason, the guess kept apart.
 */
import { insetRect, sampleBilinear, type BoxLayout, type FieldLayout, type FieldReading, type GrayImage, type MarkMode, type ReviewReason } from '../model/index.js';
import type { InkLevels } from './register-page.js';
import { inkOf, quantile, sampleGrid } from './sample-page.js';
import {
  BOX_INSET_MM, BOX_LOCATE_MAX_GROUP_DEVIATION_MM, BOX_LOCATE_MIN_GAIN, BOX_LOCATE_REACH_MM, BOX_LOCATE_STEP_MM, BOX_SAMPLE_STEP_MM, CANCEL_MIN_DARK_FRACTION, CANCEL_MIN_OVERRUN, CANCEL_UNCLEAR_MIN_DARK_FRACTION, FILLED_MAX_OVERRUN, DARK_SAMPLE_INK,
  FILL_EMPTY_MAX_INK, FILL_MARKED_MIN_INK, OVERRUN_BAND_INNER_MM, OVERRUN_BAND_OUTER_MM, PAPER_RING_INNER_MM, PAPER_RING_OUTER_MM, PAPER_RING_PERCENTILE,
  TICK_EMPTY_MAX_INK, TICK_MARKED_MIN_DARK_FRACTION, TICK_MARKED_MIN_INK,
} from './thresholds.js';
import type { Homography } from './transform.js';

export type BoxState = 'empty' | 'marginal' | 'marked' | 'cancelled' | 'cancel-unclear';

export interface BoxMeasure {
  /** Mean ink over the inner area (0 paper … 1 the marks' ink). */
  readonly inkRatio: number;
  /** Share of inner samples darker than DARK_SAMPLE_INK. */
  readonly darkFraction: number;
  /** Paper level of the ring around this box (grey 0..255). */
  readonly paperLevel: number;
  /** Share of a thin band just outside the printed outline that is dark: ink that overruns the box (a black-out). */
  readonly overrun: number;
}

export interface BoxReading extends BoxMeasure {
  readonly state: BoxState;
  readonly confidence: number;
}

/**
 * Local refinement: where the printed outline really is, within BOX_LOCATE_REACH_MM of where the page-wide homography
 * puts it (a curled or bent page moves a box 1–3 mm from its fitted place). The offset whose outline path is darkest
 * wins; an offset is only taken when clearly darker than staying put (a blacked-out box is dark everywhere).
 */
export function locateBox(image: GrayImage, homography: Homography, box: BoxLayout): { dxMm: number; dyMm: number } {
  const path = outlinePath(box);
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, k = 0, m = 1] = homography;
  const darkness = (dx: number, dy: number): number => {
    let sum = 0;
    for (const point of path) {
      const x = point.x + dx; const y = point.y + dy;
      const w = g * x + k * y + m;
      sum += 255 - sampleBilinear(image, (a * x + b * y + c) / w, (d * x + e * y + f) / w);
    }
    return sum / path.length;
  };
  const still = darkness(0, 0);
  let best = { dxMm: 0, dyMm: 0, value: still };
  const steps = Math.round(BOX_LOCATE_REACH_MM / BOX_LOCATE_STEP_MM);
  for (let j = -steps; j <= steps; j++) {
    for (let i = -steps; i <= steps; i++) {
      if (i === 0 && j === 0) continue;
      const value = darkness(i * BOX_LOCATE_STEP_MM, j * BOX_LOCATE_STEP_MM);
      if (value > best.value) best = { dxMm: i * BOX_LOCATE_STEP_MM, dyMm: j * BOX_LOCATE_STEP_MM, value };
    }
  }
  return best.value - still >= BOX_LOCATE_MIN_GAIN ? { dxMm: best.dxMm, dyMm: best.dyMm } : { dxMm: 0, dyMm: 0 };
}

/** Points (mm) along the printed outline: the square's edges or the inscribed circle. */
function outlinePath(box: BoxLayout): { x: number; y: number }[] {
  const points: { x: number; y: number }[] = [];
  const n = 48;
  if (box.shape === 'circle') {
    const cx = box.xMm + box.wMm / 2; const cy = box.yMm + box.hMm / 2;
    for (let i = 0; i < n; i++) {
      const t = (2 * Math.PI * i) / n;
      points.push({ x: cx + (box.wMm / 2) * Math.cos(t), y: cy + (box.hMm / 2) * Math.sin(t) });
    }
    return points;
  }
  for (let i = 0; i < n / 4; i++) {
    const u = (i + 0.5) / (n / 4);
    points.push({ x: box.xMm + u * box.wMm, y: box.yMm }, { x: box.xMm + u * box.wMm, y: box.yMm + box.hMm },
      { x: box.xMm, y: box.yMm + u * box.hMm }, { x: box.xMm + box.wMm, y: box.yMm + u * box.hMm });
  }
  return points;
}

/** Measures one box: inner area samples and the local paper ring. */
export function measureBox(image: GrayImage, homography: Homography, box: BoxLayout, levels: InkLevels): BoxMeasure {
  const circle = box.shape === 'circle';
  const inner = sampleGrid(image, homography, insetRect(box, BOX_INSET_MM), BOX_SAMPLE_STEP_MM, circle);
  const ring = paperRing(image, homography, box);
  const paperLevel = Math.max(levels.inkLevel + 40, quantile(ring, PAPER_RING_PERCENTILE));
  let ink = 0;
  let dark = 0;
  for (const value of inner) {
    const v = inkOf(value, paperLevel, levels.inkLevel);
    ink += v;
    if (v > DARK_SAMPLE_INK) dark += 1;
  }
  const n = Math.max(1, inner.length);
  let over = 0;
  const band = overrunBand(image, homography, box);
  for (const value of band) if (inkOf(value, paperLevel, levels.inkLevel) > DARK_SAMPLE_INK) over += 1;
  return { inkRatio: ink / n, darkFraction: dark / n, paperLevel, overrun: over / Math.max(1, band.length) };
}

/** Samples on the four sides of a band OVERRUN_BAND_INNER_MM–OVERRUN_BAND_OUTER_MM outside the box's square edge. */
function overrunBand(image: GrayImage, homography: Homography, box: BoxLayout): Uint8Array {
  return bandSamples(image, homography, box, OVERRUN_BAND_INNER_MM, OVERRUN_BAND_OUTER_MM, 0.1);
}

/** Samples on the four strips of a ring just outside the box edge. */
function paperRing(image: GrayImage, homography: Homography, box: BoxLayout): Uint8Array {
  return bandSamples(image, homography, box, PAPER_RING_INNER_MM, PAPER_RING_OUTER_MM, 0.3);
}

/** Samples on the four strips of a band from `inner` to `outer` mm outside the box edge. */
function bandSamples(image: GrayImage, homography: Homography, box: BoxLayout, inner: number, outer: number, stepMm: number): Uint8Array {
  const thick = outer - inner;
  const left = box.xMm - outer;
  const top = box.yMm - outer;
  const fullW = box.wMm + 2 * outer;
  const strips = [
    { xMm: left, yMm: top, wMm: fullW, hMm: thick },
    { xMm: left, yMm: box.yMm + box.hMm + inner, wMm: fullW, hMm: thick },
    { xMm: left, yMm: box.yMm - inner, wMm: thick, hMm: box.hMm + 2 * inner },
    { xMm: box.xMm + box.wMm + inner, yMm: box.yMm - inner, wMm: thick, hMm: box.hMm + 2 * inner },
  ];
  const parts = strips.map((strip) => sampleGrid(image, homography, strip, stepMm));
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) { out.set(part, offset); offset += part.length; }
  return out;
}

/** Decides one box from its measures, with a confidence (0.5 at a threshold, 1 far from every threshold). */
export function decideBox(measure: BoxMeasure, markMode: MarkMode): BoxReading {
  const { inkRatio, darkFraction } = measure;
  const clamp = (value: number): number => Math.min(1, Math.max(0, value));
  if (markMode === 'fill') {
    if (inkRatio >= FILL_MARKED_MIN_INK) return { ...measure, state: 'marked', confidence: 0.5 + 0.5 * clamp((inkRatio - FILL_MARKED_MIN_INK) / 0.25) };
    if (inkRatio < FILL_EMPTY_MAX_INK) return { ...measure, state: 'empty', confidence: 1 - 0.5 * clamp(inkRatio / FILL_EMPTY_MAX_INK) };
    return { ...measure, state: 'marginal', confidence: 0.3 };
  }
  if (darkFraction >= CANCEL_MIN_DARK_FRACTION) {
    // Inside all dark: blacked out over the outline = cancelled; filled in up to the outline = marked; between: review.
    const { overrun } = measure;
    if (overrun >= CANCEL_MIN_OVERRUN) {
      return { ...measure, state: 'cancelled', confidence: Math.min(0.5 + 0.5 * clamp((darkFraction - CANCEL_MIN_DARK_FRACTION) / 0.1), 0.5 + 0.5 * clamp((overrun - CANCEL_MIN_OVERRUN) / 0.1)) };
    }
    if (overrun <= FILLED_MAX_OVERRUN) return { ...measure, state: 'marked', confidence: 0.5 + 0.5 * clamp((FILLED_MAX_OVERRUN - overrun) / FILLED_MAX_OVERRUN) };
    return { ...measure, state: 'cancel-unclear', confidence: 0.3 };
  }
  if (darkFraction >= CANCEL_UNCLEAR_MIN_DARK_FRACTION) return { ...measure, state: 'cancel-unclear', confidence: 0.3 };
  // Mean ink without any stroke-dark sample is haze (shadow edge, blur, a smeared outline), not a pen stroke: review.
  if (inkRatio >= TICK_MARKED_MIN_INK && darkFraction < TICK_MARKED_MIN_DARK_FRACTION) return { ...measure, state: 'marginal', confidence: 0.3 };
  if (inkRatio >= TICK_MARKED_MIN_INK) {
    const fromCancel = clamp((CANCEL_UNCLEAR_MIN_DARK_FRACTION - darkFraction) / 0.2);
    return { ...measure, state: 'marked', confidence: Math.min(0.5 + 0.5 * clamp((inkRatio - TICK_MARKED_MIN_INK) / 0.06), 0.5 + 0.5 * fromCancel) };
  }
  if (inkRatio < TICK_EMPTY_MAX_INK) return { ...measure, state: 'empty', confidence: 1 - 0.5 * clamp(inkRatio / TICK_EMPTY_MAX_INK) };
  return { ...measure, state: 'marginal', confidence: 0.3 };
}

/** Reads a checkbox group or a choice: every box measured and decided, then the field's value and status. */
export function readCheckboxField(image: GrayImage, homography: Homography, field: FieldLayout, levels: InkLevels,
  markMode: MarkMode): { reading: FieldReading; boxes: BoxReading[] } {
  const shifts = field.boxes.map((box) => locateBox(image, homography, box));
  const lost = strayShifts(shifts);
  const boxes = field.boxes.map((box, index) => {
    const shift = shifts[index]!;
    const reading = decideBox(measureBox(image, homography, { ...box, xMm: box.xMm + shift.dxMm, yMm: box.yMm + shift.dyMm }, levels), markMode);
    // Measured in the wrong place: whatever it reads (empty or marked) is not sure; a cancel stays visible as such.
    return lost[index] && (reading.state === 'empty' || reading.state === 'marked') ? { ...reading, state: 'marginal' as const, confidence: 0.3 } : reading;
  });
  const valueOf = (index: number): string => String(field.boxes[index]?.value ?? index);
  const indices = (state: BoxState): number[] => boxes.flatMap((box, index) => (box.state === state ? [index] : []));
  const marked = indices('marked').map(valueOf);
  const marginal = indices('marginal').map(valueOf);
  const unclear = indices('cancel-unclear').map(valueOf);
  const cancelled = indices('cancelled').map(valueOf);
  const reasons: ReviewReason[] = [];
  if (marginal.length > 0) reasons.push('marginal-mark');
  if (unclear.length > 0) reasons.push('cancel-unclear');
  const metrics = {
    inkRatios: boxes.map((box) => round3(box.inkRatio)),
    darkFractions: boxes.map((box) => round3(box.darkFraction)),
    overruns: boxes.map((box) => round3(box.overrun)),
    shiftsMm: shifts.map((shift) => `${round3(shift.dxMm)},${round3(shift.dyMm)}`).join(' '),
    states: boxes.map((box) => box.state).join(','),
    cancelled: cancelled.join(','),
  };
  const confidence = round3(Math.min(1, ...boxes.map((box) => box.confidence)));
  const base = { fieldId: field.id, kind: field.kind, metrics, confidence };
  if (field.kind === 'choice') {
    if (marked.length > 1) reasons.unshift('several-choices');
    if (reasons.length > 0) {
      const guess = marked.length === 1 && marginal.length === 0 ? marked[0]! : null;
      return { reading: { ...base, value: null, ...(guess ? { guess } : {}), status: 'needs-review', reasons }, boxes };
    }
    if (marked.length === 0) return { reading: { ...base, value: null, status: 'empty', reasons }, boxes };
    return { reading: { ...base, value: marked[0]!, status: 'auto', reasons }, boxes };
  }
  if (reasons.length > 0) {
    return { reading: { ...base, value: marked, guess: [...marked, ...marginal, ...unclear], status: 'needs-review', reasons }, boxes };
  }
  return { reading: { ...base, value: marked, status: marked.length === 0 ? 'empty' : 'auto', reasons }, boxes };
}

/** Per box: whether its located offset strays from the median offset of its field's boxes (a box not found). */
function strayShifts(shifts: readonly { dxMm: number; dyMm: number }[]): boolean[] {
  if (shifts.length < 2) return shifts.map(() => false);
  const median = (values: number[]): number => {
    const sorted = [...values].sort((p, q) => p - q);
    const mid = sorted.length / 2;
    return sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  const mx = median(shifts.map((shift) => shift.dxMm));
  const my = median(shifts.map((shift) => shift.dyMm));
  return shifts.map((shift) => Math.max(Math.abs(shift.dxMm - mx), Math.abs(shift.dyMm - my)) > BOX_LOCATE_MAX_GROUP_DEVIATION_MM);
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
