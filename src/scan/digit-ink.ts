/**
 * Is there any ink in a comb cell? The cheap first look at every digit cell of a page (a distribution sheet has 280),
 * run before the normaliser and the nets, which only see cells where this finds ink. It must never miss a mark: a
 * cell it calls empty is exported as empty. So it counts every faint-or-darker 2×2 block inside the cell except the
 * printed border lines themselves, which it finds by their shape (a row or column dark over (nearly) its whole
 * length), plus, along each line, the rows where the dark run from the line inwards is wider than the line's own
 * (a "1" written against the border, which stops short of the cell's full height). Pure; measures the crop that scan
 * cuts for the recogniser (cell + margin).
 */
import type { GrayImage } from '../model/index.js';
import { measureCellDarkness, type CellDarkness } from './cell-darkness.js';
import {
  DIGIT_CROP_MARGIN_MM, DIGIT_CROP_PX_PER_MM, DIGIT_BORDER_SEARCH_MM, DIGIT_FAINT_INK_MIN_DARKNESS, DIGIT_INK_SEEN_MIN_PX,
  DIGIT_LINE_MIN_COVERAGE, DIGIT_LINE_FLANK_PX, DIGIT_LINE_TILT_PX, DIGIT_STROKE_MIN_ROWS,
} from './thresholds.js';

export interface CellInk {
  /** Faint-or-darker pixels (in 2×2 blocks) inside the printed border, the border's own rows and columns left out. */
  readonly inkPx: number;
  /** inkPx ≥ DIGIT_INK_SEEN_MIN_PX: the cell holds a mark of some kind (digit, stroke, dust a person should see). */
  readonly inkSeen: boolean;
  /** Printed border lines found where registration put them (0–4). Fewer than 4: the crop is not where the cell is
   * (a hurried photo registered a millimetre or two off), so what lies inside is not to be trusted as a digit. */
  readonly linesFound: number;
}

/** `cell`: the crop's darkness and masks (cell-darkness.ts), shared with the normaliser when the scan reads a cell. */
export function measureCellInk(crop: GrayImage, pxPerMm: number = DIGIT_CROP_PX_PER_MM, marginMm: number = DIGIT_CROP_MARGIN_MM,
  cell: CellDarkness = measureCellDarkness(crop)): CellInk {
  const { width: w, height: h } = crop;
  // Darkness against the paper around each spot (block-wise paper level): a phone's light fall-off is not ink.
  // The faint mask is scratch exactly w × h long, so a run stepping off the crop reads undefined (not ink) rather
  // than a previous, larger cell's pixels.
  const { darkness, faint: dark } = cell;

  const margin = Math.round(marginMm * pxPerMm);
  const search = Math.ceil(DIGIT_BORDER_SEARCH_MM * pxPerMm);
  // Rows: a printed horizontal line (and a fax streak) runs across the whole cell; measured between where the
  // vertical lines can be at most (a cell at a table's edge has no line running on into the margin).
  // Columns: a printed vertical line runs the cell's full height, between the top and bottom lines.
  // The innermost line-like row or column within the search band is the line's inner edge (its flank included).
  const x0Inner = margin + search;
  const x1Inner = w - 1 - margin - search;
  const rowFull = new Uint8Array(h);
  for (let y = 0; y < h; y++) rowFull[y] = lineLike(darkness, y * w + x0Inner, 1, x1Inner - x0Inner + 1) ? 1 : 0;
  const topEdge = findLineEdge(rowFull, margin, search, 1);
  const bottomEdge = findLineEdge(rowFull, h - 1 - margin, search, -1);
  const top = topEdge ?? margin;
  const bottom = bottomEdge ?? h - 1 - margin;
  const colFull = new Uint8Array(w);
  for (let x = 0; x < w; x++) colFull[x] = lineLike(darkness, (top + 1) * w + x, w, bottom - 1 - top) ? 1 : 0;
  const leftEdge = findLineEdge(colFull, margin, search, 1);
  const rightEdge = findLineEdge(colFull, w - 1 - margin, search, -1);
  const left = leftEdge ?? margin;
  const right = rightEdge ?? w - 1 - margin;
  const linesFound = [topEdge, bottomEdge, leftEdge, rightEdge].filter((edge) => edge !== undefined).length;

  // Along each line, the dark run that starts at its inner edge: as wide as the line's blurred flank on the rows no
  // stroke touches (a "1" spans at most ~90 % of them, so the 10th percentile is the line's own), up to
  // DIGIT_LINE_TILT_PX wider where the line is tilted, wider still where a stroke is written against the line.
  const flank = DIGIT_LINE_FLANK_PX;
  // Rows (columns) that are themselves part of a line across are left out: a blurred vertical line's flank runs
  // down from the top line all the way, and is no stroke.
  const depth = Math.floor(Math.min(right - left, bottom - top) / 2);
  let inkPx = along(dark, top + 1 + flank, bottom - 1 - flank, left + 1, w, 1, depth, rowFull)
    + along(dark, top + 1 + flank, bottom - 1 - flank, right - 1, w, -1, depth, rowFull)
    + along(dark, left + 1 + flank, right - 1 - flank, (top + 1) * w, 1, w, depth, colFull)
    + along(dark, left + 1 + flank, right - 1 - flank, (bottom - 1) * w, 1, -w, depth, colFull);

  // Inside the lines, clear of their flanks: 2×2 dark blocks (a stroke is wider than a pixel, noise is not);
  // full rows/columns there are streaks, not writing.
  for (let y = top + 1 + flank; y < bottom - flank - 1; y++) {
    if (rowFull[y] || rowFull[y + 1]) continue;
    for (let x = left + 1 + flank; x < right - flank - 1; x++) {
      if (colFull[x] || colFull[x + 1]) continue;
      const i = y * w + x;
      if (dark[i] && dark[i + 1] && dark[i + w] && dark[i + w + 1]) inkPx++;
    }
  }
  return { inkPx, inkSeen: inkPx >= DIGIT_INK_SEEN_MIN_PX, linesFound };
}

let runsBuf = new Int32Array(0);
let runCount = new Int32Array(0);

/**
 * Extra dark pixels along one line (see measureCellInk): for each row (column) p in from..to not itself part of a
 * line across, the dark run from pixel `base + p * stepP` stepping by `stride`, at most `limit` long. The line's own
 * run is the 10th percentile of those runs (the value sorting them would put at index ⌊n/10⌋, found by counting:
 * runs are whole numbers 0..limit); only runs wider than it by more than DIGIT_LINE_TILT_PX over at least
 * DIGIT_STROKE_MIN_ROWS consecutive rows count (a stroke is long, noise at the run's edge is a row here and there).
 */
function along(dark: Uint8Array, from: number, to: number, base: number, stepP: number, stride: number, limit: number, across: Uint8Array): number {
  const span = Math.max(0, to - from + 1);
  if (runsBuf.length < span) runsBuf = new Int32Array(span);
  const top = Math.max(0, limit);
  if (runCount.length < top + 1) runCount = new Int32Array(top + 1);
  runCount.fill(0, 0, top + 1);
  let n = 0;
  for (let p = from; p <= to; p++) {
    if (across[p]) continue;
    let r = 0;
    for (let i = base + p * stepP; r < limit && dark[i]; i += stride) r++;
    runsBuf[n++] = r;
    runCount[r]!++;
  }
  let own = 0;
  if (n > 0) {
    const k = Math.floor(n * 0.1);
    let seen = 0;
    for (let v = 0; v <= top; v++) {
      seen += runCount[v]!;
      if (seen > k) { own = v; break; }
    }
  }
  let total = 0;
  let stretch = 0;
  let stretchPx = 0;
  for (let q = 0; q <= n; q++) {
    const r = q < n ? runsBuf[q]! : 0;
    const extra = Math.max(0, r - own - DIGIT_LINE_TILT_PX);
    if (extra > 0) { stretch++; stretchPx += extra; continue; }
    if (stretch >= DIGIT_STROKE_MIN_ROWS) total += stretchPx;
    stretch = 0;
    stretchPx = 0;
  }
  return total;
}

/**
 * A row or column (`length` pixels of `darkness` from index `start`, `stride` apart) that belongs to a printed line rather than to writing: dark
 * over (nearly) its whole length, or, beside a line blurred by a shaken phone, evenly grey along it — a flank is as
 * grey at one end as at the other, a stroke alongside stops short or comes and goes.
 */
function lineLike(darkness: Float32Array, start: number, stride: number, length: number): boolean {
  if (length <= 0) return false;
  let dark = 0;
  let sum = 0;
  for (let k = 0, i = start; k < length; k++, i += stride) {
    const d = darkness[i] ?? 0;
    sum += d;
    if (d >= DIGIT_FAINT_INK_MIN_DARKNESS) dark++;
  }
  if (dark >= DIGIT_LINE_MIN_COVERAGE * length) return true;
  const mean = sum / length;
  if (mean < DIGIT_FAINT_INK_MIN_DARKNESS / 2) return false;
  let even = 0;
  for (let k = 0, i = start; k < length; k++, i += stride) if ((darkness[i] ?? 0) >= mean / 2) even++;
  return even >= DIGIT_LINE_MIN_COVERAGE * length;
}

/**
 * The inner edge of the printed line near `expected`: the innermost line-like row/column within the search band, or
 * undefined when there is none (the caller then takes the expected position, so the cell's inside is still known).
 */
function findLineEdge(full: Uint8Array, expected: number, search: number, inward: 1 | -1): number | undefined {
  let edge: number | undefined;
  for (let d = -search; d <= search; d++) {
    const p = expected + d;
    if (p < 0 || p >= full.length || !full[p]) continue;
    if (edge === undefined || (p - edge) * inward > 0) edge = p;
  }
  return edge;
}
