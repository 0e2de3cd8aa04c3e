/**
 * Checkbox groups and choices: measure the ink inside every box against this page's paper and ink, decide
 * empty / marginal / marked / cancelled per box, then the field's value, status and confidence.
 * Pure; never guesses silently: anything unsure is needs-review with a reason, the guess kept apart.
 */
import { insetRect, sampleBilinear, type BoxLayout, type Rect, type FieldLayout, type FieldReading, type GrayImage, type MarkMode, type ReviewReason } from '../model/index.js';
import { inkBetween, paperFloor, type InkLevels } from './ink.js';
import {
  BOX_INSET_MM, BOX_LOCATE_MAX_GROUP_DEVIATION_MM, BOX_LOCATE_REACH_MM, BOX_SAMPLE_STEP_MM, CANCEL_MIN_DARK_FRACTION, CANCEL_MIN_OVERRUN, CANCEL_UNCLEAR_MIN_DARK_FRACTION, DARK_SAMPLE_INK,
  FILL_EMPTY_MAX_INK, FILL_MARKED_MIN_INK, OVERRUN_BAND_INNER_MM, OVERRUN_BAND_OUTER_MM, PAPER_RING_INNER_MM, PAPER_RING_OUTER_MM, PAPER_RING_PERCENTILE, PAPER_RING_SEGMENTS, PAPER_RING_STEP_MM, OUTLINE_MIN_CONTRAST, PEAK_INK_PERCENTILE, STREAK_MAX_ROWS, STREAK_ROW_MIN_COVERAGE, STREAK_SAMPLE_MIN_INK, STROKE_SAMPLE_CONTRAST,
  TICK_EMPTY_MAX_CONTRAST, TICK_EMPTY_MAX_INK, TICK_MARKED_MIN_CONFIDENCE, TICK_MARKED_MIN_DARK_FRACTION, TICK_MARKED_MIN_INK, TICK_STROKE_MIN_CONTRAST, TICK_STROKE_MIN_FRACTION,
} from './thresholds.js';
import type { Homography } from './transform.js';
import { locateBox } from './locate-box.js';

/**
 * A box's state. `filled` (tick mode: blacked out inside its outline) is decided by its field: a cancel when other
 * boxes of the field carry ticks or crosses, else cancel-unclear; a field's reading never keeps it.
 */
export type BoxState = 'empty' | 'marginal' | 'marked' | 'cancelled' | 'cancel-unclear' | 'filled';

export interface BoxMeasure {
  /** Mean ink over the inner area (0 paper … 1 the marks' ink). */
  readonly inkRatio: number;
  /** Share of inner samples darker than DARK_SAMPLE_INK. */
  readonly darkFraction: number;
  /** 95th percentile of the inner samples' ink minus their median: a stroke stands out, haze does not. */
  readonly peakContrast: number;
  /** Share of inner samples with ink at least STROKE_SAMPLE_CONTRAST above the inner median. */
  readonly strokeFraction: number;
  /** Rows of the inner grid found on a scanner/fax streak (those rows and their neighbours are left out of the measures above). */
  readonly streakRows: number;
  /** Paper level of the ring around this box (grey 0..255). */
  readonly paperLevel: number;
  /** Share of a thin band just outside the printed outline that is dark: ink that overruns the box (a black-out). */
  readonly overrun: number;
}

export interface BoxReading extends BoxMeasure {
  readonly state: BoxState;
  readonly confidence: number;
}

/** Grey samples with their page positions (mm): the first `count` entries of each array (typed arrays filled in
 * place: a box takes ≈ 1,600 samples, which as pushed number arrays and comparator sorts cost most of its measure). */
interface Samples { readonly xs: Float64Array; readonly ys: Float64Array; readonly values: Float64Array; count: number }

function emptySamples(capacity: number): Samples {
  return { xs: new Float64Array(capacity), ys: new Float64Array(capacity), values: new Float64Array(capacity), count: 0 };
}

/** How many samples sampleRect takes at most in `rect` (its grid, before the ellipse). */
function gridCount(rect: Rect, stepMm: number): number {
  return Math.max(1, Math.round(rect.wMm / stepMm)) * Math.max(1, Math.round(rect.hMm / stepMm));
}

/** Samples on a grid of pitch stepMm inside `rect` (only inside its inscribed ellipse with `ellipse`), appended to
 * `into` (which has room for gridCount more). */
function sampleRect(image: GrayImage, homography: Homography, rect: Rect, stepMm: number, ellipse = false,
  into: Samples = emptySamples(gridCount(rect, stepMm))): Samples {
  const out = into;
  const { xs, ys, values } = out;
  const cols = Math.max(1, Math.round(rect.wMm / stepMm));
  const rows = Math.max(1, Math.round(rect.hMm / stepMm));
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, k = 0, m = 1] = homography;
  let n = out.count;
  for (let j = 0; j < rows; j++) {
    const v = (j + 0.5) / rows;
    const y = rect.yMm + v * rect.hMm;
    for (let i = 0; i < cols; i++) {
      const u = (i + 0.5) / cols;
      if (ellipse && (u - 0.5) ** 2 + (v - 0.5) ** 2 > 0.25) continue;
      const x = rect.xMm + u * rect.wMm;
      const w = g * x + k * y + m;
      xs[n] = x; ys[n] = y;
      values[n] = bilinearAt(image, (a * x + b * y + c) / w, (d * x + e * y + f) / w);
      n += 1;
    }
  }
  out.count = n;
  return out;
}

/**
 * sampleBilinear, with its in-bounds case written out (exactly its arithmetic, so exactly its values; the border
 * case goes through it). Here rather than inside sampleBilinear: a larger sampleBilinear slowed samplePageRect, which
 * inlines it in its border branch (replayed crops: ≈ 26 → 30 ms a page).
 */
function bilinearAt(image: GrayImage, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const width = image.width;
  // Both neighbours inside (NaN fails every test and takes the clamping path).
  if (!(x0 >= 0 && y0 >= 0 && x0 < width - 1 && y0 < image.height - 1)) return sampleBilinear(image, x, y);
  const fx = x - x0;
  const fy = y - y0;
  const data = image.data;
  const at = y0 * width + x0;
  const a = data[at]!; const b = data[at + 1]!;
  const c = data[at + width]!; const e = data[at + width + 1]!;
  return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + e * fx) * fy;
}

/** Sorts the first `count` values in place by `.sort((p, q) => p - q)`: the order the measures were read in when a
 * NaN is among them (a degenerate homography), which no other sort reproduces. */
function comparatorSort(values: Float64Array, count: number): void {
  values.set(Array.from(values.subarray(0, count)).sort((p, q) => p - q));
}

function hasNaN(values: Float64Array, count: number): boolean {
  for (let i = 0; i < count; i++) if (Number.isNaN(values[i])) return true;
  return false;
}

/**
 * The value at `index` of the first `count` values sorted ascending by `.sort((p, q) => p - q)`, found by selection
 * (quickselect, median-of-three pivots, insertion sort for short ranges) instead of a sort: the values are reordered,
 * not sorted. Any ascending order holds the same value at every index, since sampled greys and inks are never −0
 * (sums of products of non-negative terms, or Math.max(0, …)); with a NaN, that comparator sort itself.
 * The values before `index` end up ≤ its value, so a smaller index can then be selected among those alone.
 */
export function selectInPlace(values: Float64Array, count: number, index: number): number {
  if (hasNaN(values, count)) { comparatorSort(values, count); return values[index]!; }
  let lo = 0;
  let hi = count - 1;
  while (hi - lo > 16) {
    const mid = (lo + hi) >> 1;
    const a = values[lo]!; const b = values[mid]!; const c = values[hi]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i += 1;
      while (values[j]! > pivot) j -= 1;
      if (i <= j) { const t = values[i]!; values[i] = values[j]!; values[j] = t; i += 1; j -= 1; }
    }
    // [lo, j] ≤ pivot ≤ [i, hi], and everything between j and i is the pivot.
    if (index <= j) hi = j;
    else if (index >= i) lo = i;
    else return values[index]!;
  }
  for (let i = lo + 1; i <= hi; i++) {
    const v = values[i]!;
    let j = i - 1;
    while (j >= lo && values[j]! > v) { values[j + 1] = values[j]!; j -= 1; }
    values[j + 1] = v;
  }
  return values[index]!;
}

/** Samples on the four strips of a band from `inner` to `outer` mm outside the box edge, each strip tagged. */
function bandStrips(box: BoxLayout, inner: number, outer: number): Rect[] {
  const thick = outer - inner;
  const left = box.xMm - outer;
  const top = box.yMm - outer;
  const fullW = box.wMm + 2 * outer;
  return [
    { xMm: left, yMm: top, wMm: fullW, hMm: thick },
    { xMm: left, yMm: box.yMm + box.hMm + inner, wMm: fullW, hMm: thick },
    { xMm: left, yMm: box.yMm - inner, wMm: thick, hMm: box.hMm + 2 * inner },
    { xMm: box.xMm + box.wMm + inner, yMm: box.yMm - inner, wMm: thick, hMm: box.hMm + 2 * inner },
  ];
}

/** A paper level that varies across the box: grey = p0 + px·(x − cx) + py·(y − cy) (mm from the box centre). */
interface PaperPlane { readonly p0: number; readonly px: number; readonly py: number; readonly cx: number; readonly cy: number }

function paperAt(plane: PaperPlane, x: number, y: number): number {
  return plane.p0 + plane.px * (x - plane.cx) + plane.py * (y - plane.cy);
}

/**
 * The paper level around a box as a plane: the ring is cut into PAPER_RING_SEGMENTS pieces per side, each piece's
 * PAPER_RING_PERCENTILE value (robust to a label letter or a stroke crossing it) is a paper point, and a plane is
 * fitted through them. A shadow edge or a light gradient across the box then no longer reads as ink on its dark
 * side (one level for the whole ring took the bright side's paper). Flat when the fit is degenerate.
 */
function paperPlane(image: GrayImage, homography: Homography, box: BoxLayout): PaperPlane {
  const cx = box.xMm + box.wMm / 2;
  const cy = box.yMm + box.hMm / 2;
  const points: { x: number; y: number; v: number }[] = [];
  const parts: Rect[] = [];
  for (const strip of bandStrips(box, PAPER_RING_INNER_MM, PAPER_RING_OUTER_MM)) {
    const alongX = strip.wMm >= strip.hMm;
    for (let piece = 0; piece < PAPER_RING_SEGMENTS; piece++) {
      parts.push(alongX
        ? { xMm: strip.xMm + (piece * strip.wMm) / PAPER_RING_SEGMENTS, yMm: strip.yMm, wMm: strip.wMm / PAPER_RING_SEGMENTS, hMm: strip.hMm }
        : { xMm: strip.xMm, yMm: strip.yMm + (piece * strip.hMm) / PAPER_RING_SEGMENTS, wMm: strip.wMm, hMm: strip.hMm / PAPER_RING_SEGMENTS });
    }
  }
  // One sample buffer for every piece (emptied before each): twelve pieces a box.
  const samples = emptySamples(Math.max(...parts.map((part) => gridCount(part, PAPER_RING_STEP_MM))));
  for (const part of parts) {
    samples.count = 0;
    sampleRect(image, homography, part, PAPER_RING_STEP_MM, false, samples);
    const { values, count } = samples;
    const v = (count > 0 ? selectInPlace(values, count, Math.min(count - 1, Math.floor(PAPER_RING_PERCENTILE * (count - 1)))) : undefined) ?? 255;
    points.push({ x: part.xMm + part.wMm / 2 - cx, y: part.yMm + part.hMm / 2 - cy, v });
  }
  // Least squares v = p0 + px·x + py·y, on sums centred at the points' mean.
  const n = Math.max(1, points.length);
  const mx = points.reduce((sum, p) => sum + p.x, 0) / n;
  const my = points.reduce((sum, p) => sum + p.y, 0) / n;
  const mv = points.reduce((sum, p) => sum + p.v, 0) / n;
  let sxx = 0; let syy = 0; let sxy = 0; let sxv = 0; let syv = 0;
  for (const { x, y, v } of points) {
    const dx = x - mx; const dy = y - my; const dv = v - mv;
    sxx += dx * dx; syy += dy * dy; sxy += dx * dy; sxv += dx * dv; syv += dy * dv;
  }
  const det = sxx * syy - sxy * sxy;
  if (!(Math.abs(det) > 1e-9)) return { p0: mv, px: 0, py: 0, cx, cy };
  const px = (syy * sxv - sxy * syv) / det;
  const py = (sxx * syv - sxy * sxv) / det;
  const p0 = mv;
  return { p0: p0 - px * mx - py * my, px, py, cx, cy };
}

/**
 * Ink of a grey value against the local paper: light multiplies paper and ink alike (a shadow darkens both), so the
 * ink level under that paper is the page's ink reflectance (inkLevel/paperLevel at the marks) times it.
 */
function inkAgainst(value: number, paper: number, inkReflectance: number): number {
  return inkBetween(value, paper, inkReflectance * paper);
}

/**
 * Samples of the inner area that lie on a scanner or fax streak: a straight line across the whole box that goes on
 * outside the outline on both sides (a row of the inner grid at least STREAK_ROW_MIN_COVERAGE inked, and ink just
 * outside the left and right outline at that height). Pen strokes do not run straight through a box and beyond it on
 * both sides. The rows next to a streak row are masked too (a 1–3 px streak spreads over two sample rows). Nothing is
 * masked when more than STREAK_MAX_ROWS rows qualify: that is a black-out, not a streak.
 */
function streakMask(image: GrayImage, homography: Homography, box: BoxLayout, inner: Samples, inks: Float64Array,
  inkAt: (x: number, y: number, value: number) => number): boolean[] & { streakRows: number } {
  const rows: { y: number; start: number; end: number }[] = [];
  for (let i = 0; i < inner.count; i++) {
    const last = rows[rows.length - 1];
    if (last && last.y === inner.ys[i]) last.end = i + 1;
    else rows.push({ y: inner.ys[i]!, start: i, end: i + 1 });
  }
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, k = 0, m = 1] = homography;
  const inkOutside = (x: number, y0: number): number => {
    let best = 0;
    for (const y of [y0 - BOX_SAMPLE_STEP_MM, y0, y0 + BOX_SAMPLE_STEP_MM]) {
      const w = g * x + k * y + m;
      best = Math.max(best, inkAt(x, y, sampleBilinear(image, (a * x + b * y + c) / w, (d * x + e * y + f) / w)));
    }
    return best;
  };
  const outsideMm = (OVERRUN_BAND_INNER_MM + OVERRUN_BAND_OUTER_MM) / 2;
  // A streak runs along image rows; on a page skewed by a few degrees it drifts by up to a sample row across the
  // box, so a column counts as inked when the sample in this row or a neighbouring row is.
  const inkedIn = (row: { start: number; end: number } | undefined, x: number): boolean => {
    if (!row) return false;
    for (let i = row.start; i < row.end; i++) if (inner.xs[i] === x) return inks[i]! >= STREAK_SAMPLE_MIN_INK;
    return false;
  };
  // Inked samples per row: a row whose own and neighbours' inked samples together fall short of the coverage cannot
  // be a streak (a sample counts by itself or by the neighbours' sample in its column, and a row's columns lie ≈ 0.2
  // mm apart, so no inked sample counts twice), so the column matching below is skipped there: on an empty or
  // ticked box, nearly every row.
  const inkedPerRow = rows.map((row) => {
    let count = 0;
    for (let i = row.start; i < row.end; i++) if (inks[i]! >= STREAK_SAMPLE_MIN_INK) count += 1;
    return count;
  });
  const streak = rows.map((row, index) => {
    const reachable = inkedPerRow[index]! + (inkedPerRow[index - 1] ?? 0) + (inkedPerRow[index + 1] ?? 0);
    if (reachable < STREAK_ROW_MIN_COVERAGE * (row.end - row.start)) return false;
    let inked = 0;
    for (let i = row.start; i < row.end; i++) {
      const x = inner.xs[i]!;
      if (inks[i]! >= STREAK_SAMPLE_MIN_INK || inkedIn(rows[index - 1], x) || inkedIn(rows[index + 1], x)) inked += 1;
    }
    return inked >= STREAK_ROW_MIN_COVERAGE * (row.end - row.start) &&
      inkOutside(box.xMm - outsideMm, row.y) >= STREAK_SAMPLE_MIN_INK && inkOutside(box.xMm + box.wMm + outsideMm, row.y) >= STREAK_SAMPLE_MIN_INK;
  });
  const streakRows = streak.filter(Boolean).length;
  const mask = Object.assign(new Array<boolean>(inks.length).fill(false), { streakRows });
  if (streakRows === 0 || streakRows > STREAK_MAX_ROWS) return mask;
  rows.forEach((row, index) => {
    if (!(streak[index] || streak[index - 1] || streak[index + 1])) return;
    for (let i = row.start; i < row.end; i++) mask[i] = true;
  });
  return mask;
}

/** Measures one box: inner area samples against the local paper plane from the ring around it. */
export function measureBox(image: GrayImage, homography: Homography, box: BoxLayout, levels: InkLevels): BoxMeasure {
  const circle = box.shape === 'circle';
  const inner = sampleRect(image, homography, insetRect(box, BOX_INSET_MM), BOX_SAMPLE_STEP_MM, circle);
  const plane = paperPlane(image, homography, box);
  // Paper is never taken darker than the marks' ink plus a margin (a box inside a black-out or a dark band).
  const floor = paperFloor(levels);
  const inkReflectance = Math.min(0.6, Math.max(0, levels.inkLevel / Math.max(1, levels.paperLevel)));
  const paperOf = (x: number, y: number): number => Math.max(floor, paperAt(plane, x, y));
  const sampleInks = new Float64Array(inner.count);
  for (let i = 0; i < inner.count; i++) sampleInks[i] = inkAgainst(inner.values[i]!, paperOf(inner.xs[i]!, inner.ys[i]!), inkReflectance);
  const masked = streakMask(image, homography, box, inner, sampleInks, (x, y, v) => inkAgainst(v, paperOf(x, y), inkReflectance));
  let ink = 0;
  let dark = 0;
  const kept = new Float64Array(sampleInks.length);
  let count = 0;
  for (let i = 0; i < sampleInks.length; i++) {
    if (masked[i]) continue;
    const v = sampleInks[i]!;
    kept[count++] = v;
    ink += v;
    if (v > DARK_SAMPLE_INK) dark += 1;
  }
  const n = Math.max(1, count);
  const inks = kept.subarray(0, count);
  // Two order statistics, not a sort: the peak's selection leaves every smaller value before it, the median is
  // selected among those.
  const peakIndex = Math.floor((count - 1) * PEAK_INK_PERCENTILE);
  const medianIndex = Math.floor((count - 1) / 2);
  let peak = 0;
  let median = 0;
  if (count > 0 && hasNaN(kept, count)) {
    comparatorSort(kept, count);
    peak = kept[peakIndex]!; median = kept[medianIndex]!;
  } else if (count > 0) {
    peak = selectInPlace(kept, count, peakIndex);
    median = selectInPlace(kept, Math.max(peakIndex, medianIndex + 1), medianIndex);
  }
  let stroke = 0;
  for (let i = 0; i < inks.length; i++) if (inks[i]! - median >= STROKE_SAMPLE_CONTRAST) stroke += 1;
  let over = 0;
  const strips = bandStrips(box, OVERRUN_BAND_INNER_MM, OVERRUN_BAND_OUTER_MM);
  const band = emptySamples(strips.reduce((sum, strip) => sum + gridCount(strip, 0.1), 0));
  for (const strip of strips) sampleRect(image, homography, strip, 0.1, false, band);
  for (let i = 0; i < band.count; i++) {
    if (inkAgainst(band.values[i]!, paperOf(band.xs[i]!, band.ys[i]!), inkReflectance) > DARK_SAMPLE_INK) over += 1;
  }
  return { inkRatio: ink / n, darkFraction: dark / n, peakContrast: peak - median, strokeFraction: stroke / n, streakRows: masked.streakRows, paperLevel: Math.max(floor, plane.p0), overrun: over / Math.max(1, band.count) };
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
    // Inside all dark on a tick form: the printed rule says a blacked-out box is cancelled. With ink clearly over the
    // outline it is; without, the pen stopped at (or just short of) the outline: still a black-out by the rule, or a
    // box filled in to mark it by someone who missed the rule. The box alone cannot tell (scan-300 tuning: black-outs
    // measured overrun 0.05–0.07); its field can (readCheckboxField): never a silent tick either way.
    const { overrun } = measure;
    if (overrun >= CANCEL_MIN_OVERRUN) {
      return { ...measure, state: 'cancelled', confidence: Math.min(0.5 + 0.5 * clamp((darkFraction - CANCEL_MIN_DARK_FRACTION) / 0.1), 0.5 + 0.5 * clamp((overrun - CANCEL_MIN_OVERRUN) / 0.1)) };
    }
    return { ...measure, state: 'filled', confidence: 0.5 + 0.5 * clamp((darkFraction - CANCEL_MIN_DARK_FRACTION) / 0.1) };
  }
  // A heavy mark that is neither a tick nor a black-out (a dense scribble meant as a mark, or a box scribbled over to
  // cancel it: they measure alike, see CANCEL_UNCLEAR_MIN_DARK_FRACTION): review, whatever the rest of the field says.
  if (darkFraction >= CANCEL_UNCLEAR_MIN_DARK_FRACTION) return { ...measure, state: 'cancel-unclear', confidence: 0.3 };
  const { peakContrast, strokeFraction } = measure;
  // A pen stroke: mean ink with stroke-dark samples, or a line standing out of the box's own background (a blurred or
  // light stroke never reaches half ink, but still stands 0.3+ above the median of the box; haze does not).
  const darkStroke = inkRatio >= TICK_MARKED_MIN_INK && darkFraction >= TICK_MARKED_MIN_DARK_FRACTION;
  const contrastStroke = peakContrast >= TICK_STROKE_MIN_CONTRAST && strokeFraction >= TICK_STROKE_MIN_FRACTION;
  if (darkStroke || contrastStroke) {
    const fromCancel = clamp((CANCEL_UNCLEAR_MIN_DARK_FRACTION - darkFraction) / 0.2);
    const strength = Math.max(
      darkStroke ? 0.5 + 0.5 * clamp((inkRatio - TICK_MARKED_MIN_INK) / 0.06) : 0,
      contrastStroke ? 0.5 + 0.5 * Math.min(clamp((peakContrast - TICK_STROKE_MIN_CONTRAST) / 0.2), clamp((strokeFraction - TICK_STROKE_MIN_FRACTION) / 0.06)) : 0,
    );
    const confidence = Math.min(strength, 0.5 + 0.5 * fromCancel);
    // Just over a threshold is no evidence either way (fax noise lands there): review, not a silent tick.
    return { ...measure, state: confidence >= TICK_MARKED_MIN_CONFIDENCE ? 'marked' : 'marginal', confidence };
  }
  // Empty: nothing stands out of the box's background and little mean ink (what is left of a shadow or of the
  // outline's blur). Mean ink without a stroke above that (a uniform grey box) is not sure: review.
  if (peakContrast < TICK_EMPTY_MAX_CONTRAST && inkRatio < TICK_EMPTY_MAX_INK) {
    return { ...measure, state: 'empty', confidence: Math.min(1 - 0.5 * clamp(inkRatio / TICK_EMPTY_MAX_INK), 1 - 0.5 * clamp(peakContrast / TICK_EMPTY_MAX_CONTRAST)) };
  }
  return { ...measure, state: 'marginal', confidence: 0.3 };
}

/** Reads a checkbox group or a choice: every box measured and decided, then the field's value and status. */
export function readCheckboxField(image: GrayImage, homography: Homography, field: FieldLayout, levels: InkLevels,
  markMode: MarkMode): CheckboxFieldRead {
  const shifts = field.boxes.map((box) => locateBox(image, homography, box));
  const lost = strayShifts(shifts);
  const measured = field.boxes.map((box, index) => {
    const shift = shifts[index]!;
    const reading = decideBox(measureBox(image, homography, { ...box, xMm: box.xMm + shift.dxMm, yMm: box.yMm + shift.dyMm }, levels), markMode);
    // Measured in the wrong place (strays from its group, or no printed outline where it was located): whatever it
    // reads (empty or marked) is not sure; a cancel stays visible as such.
    // An outline found at the very edge of the search may lie further out: what was found there is the next box's or
    // a rule's line (a curl the page-wide fit absorbs at the marks moves mid-edge boxes 3–5 mm; tuning seed 4242 n60:
    // a whole group located 2.5 mm off read its neighbours' ticks). Registration treats such a box as no evidence too.
    const atReachEdge = Math.abs(shift.dxMm) >= BOX_LOCATE_REACH_MM - 1e-6 || Math.abs(shift.dyMm) >= BOX_LOCATE_REACH_MM - 1e-6;
    const unconfirmed = shift.outlineContrast < OUTLINE_MIN_CONTRAST || atReachEdge;
    return (lost[index] || unconfirmed) && (reading.state === 'empty' || reading.state === 'marked') ? { ...reading, state: 'marginal' as const, confidence: 0.3 } : reading;
  });
  const boxes = resolveFilledBoxes(measured);
  const valueOf = (index: number): string => String(field.boxes[index]?.value ?? index);
  const indices = (state: BoxState): number[] => boxes.flatMap((box, index) => (box.state === state ? [index] : []));
  const marked = indices('marked').map(valueOf);
  const marginal = indices('marginal').map(valueOf);
  const unclear = indices('cancel-unclear').map(valueOf);
  const cancelled = indices('cancelled').map(valueOf);
  const reasons: ReviewReason[] = [];
  if (marginal.length > 0) reasons.push('marginal-mark');
  if (unclear.length > 0) reasons.push('cancel-unclear');
  // Every box's printed outline was found (confirmed, inside the search reach, in line with its group): each box
  // was measured where it is printed, whatever the page-wide fit's residual.
  const outlinesConfirmed = shifts.every((shift, index) => !lost[index] && shift.outlineContrast >= OUTLINE_MIN_CONTRAST &&
    Math.abs(shift.dxMm) < BOX_LOCATE_REACH_MM && Math.abs(shift.dyMm) < BOX_LOCATE_REACH_MM);
  const metrics = {
    inkRatios: boxes.map((box) => round3(box.inkRatio)),
    darkFractions: boxes.map((box) => round3(box.darkFraction)),
    peakContrasts: boxes.map((box) => round3(box.peakContrast)),
    strokeFractions: boxes.map((box) => round3(box.strokeFraction)),
    streakRows: boxes.map((box) => box.streakRows),
    overruns: boxes.map((box) => round3(box.overrun)),
    shiftsMm: shifts.map((shift) => `${round3(shift.dxMm)},${round3(shift.dyMm)}`).join(' '),
    outlineContrasts: shifts.map((shift) => Math.round(shift.outlineContrast)),
    innerContrasts: shifts.map((shift) => Math.round(shift.innerContrast)),
    states: boxes.map((box) => box.state).join(','),
    cancelled: cancelled.join(','),
    outlinesConfirmed,
  };
  const confidence = round3(Math.min(1, ...boxes.map((box) => box.confidence)));
  const base = { fieldId: field.id, kind: field.kind, metrics, confidence };
  if (field.kind === 'choice') {
    if (marked.length > 1) reasons.unshift('several-choices');
    if (reasons.length > 0) {
      const guess = marked.length === 1 && marginal.length === 0 ? marked[0]! : null;
      return { reading: { ...base, value: null, ...(guess ? { guess } : {}), status: 'needs-review', reasons }, boxes, outlinesConfirmed };
    }
    if (marked.length === 0) return { reading: { ...base, value: null, status: 'empty', reasons }, boxes, outlinesConfirmed };
    return { reading: { ...base, value: marked[0]!, status: 'auto', reasons }, boxes, outlinesConfirmed };
  }
  if (reasons.length > 0) {
    return { reading: { ...base, value: marked, guess: [...marked, ...marginal, ...unclear], status: 'needs-review', reasons }, boxes, outlinesConfirmed };
  }
  return { reading: { ...base, value: marked, status: marked.length === 0 ? 'empty' : 'auto', reasons }, boxes, outlinesConfirmed };
}

/**
 * Tick mode, in context: a box blacked out inside its outline (`filled`) is a cancel, as the form's printed rule says,
 * when other boxes of the field carry ticks or crosses (the person marked what they meant elsewhere). Where the filled
 * box is the only mark, the person may have filled it to mark it: cancel-unclear, a person decides.
 */
function resolveFilledBoxes(boxes: readonly BoxReading[]): BoxReading[] {
  const ticked = boxes.some((box) => box.state === 'marked');
  return boxes.map((box) => {
    if (box.state !== 'filled') return box;
    return ticked ? { ...box, state: 'cancelled' } : { ...box, state: 'cancel-unclear', confidence: 0.3 };
  });
}

/** A checkbox or choice field read: the reading, each box's, and whether every printed outline was found in place. */
export interface CheckboxFieldRead {
  readonly reading: FieldReading;
  readonly boxes: BoxReading[];
  readonly outlinesConfirmed: boolean;
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
