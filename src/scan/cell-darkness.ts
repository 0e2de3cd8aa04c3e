/**
 * Relative darkness of a cell crop: (paper − pixel) / paper, with the paper level estimated per region so that uneven
 * light on a phone photo is not taken for ink. Shared by the first look for ink (digit-ink.ts) and the normaliser
 * (read-digits.ts). Pure.
 */
import type { GrayImage } from '../model/index.js';
import { DIGIT_FAINT_INK_MIN_DARKNESS, DIGIT_INK_MIN_DARKNESS } from './thresholds.js';

/** A block's paper is at least this share of its brightest neighbour's: uneven light changes < 10 % per block. */
const PAPER_NEIGHBOUR_MIN_SHARE = 0.9;

/**
 * Relative darkness (paper − pixel) / paper, with paper estimated per region (3×4 blocks, bright percentile,
 * bilinear between block centres) so that uneven light on phone photos does not turn into ink.
 */
export function measureDarkness(crop: GrayImage): Float32Array {
  const out = new Float32Array(crop.width * crop.height);
  fillDarkness(crop, out);
  return out;
}

/** A digit cell's darkness and what the first look and the normaliser read off it, worked out in one pass. */
export interface CellDarkness {
  readonly darkness: Float32Array;
  /** 1 where darkness ≥ DIGIT_FAINT_INK_MIN_DARKNESS (the first look's and the faint count's pixels), else 0. */
  readonly faint: Uint8Array;
  /** 1 where darkness ≥ DIGIT_INK_MIN_DARKNESS (the normaliser's ink pixels), else 0. */
  readonly ink: Uint8Array;
  /** Median grey of the crop (medianOf), counted from the paper blocks' histograms. */
  readonly median: number;
}

let darknessBuf = new Float32Array(0);
let faintBuf = new Uint8Array(0);
let inkBuf = new Uint8Array(0);

/**
 * measureDarkness with the two ink masks and the crop's median grey, for the page's cells read one after another:
 * the arrays are scratch, valid until the next call (this runs on every cell of a page: allocating a darkness map
 * per cell and passing over it again for each threshold cost as much as working it out).
 */
export function measureCellDarkness(crop: GrayImage): CellDarkness {
  const n = crop.width * crop.height;
  if (darknessBuf.length < n) {
    darknessBuf = new Float32Array(n);
    faintBuf = new Uint8Array(n);
    inkBuf = new Uint8Array(n);
  }
  const darkness = darknessBuf.subarray(0, n);
  const faint = faintBuf.subarray(0, n);
  const ink = inkBuf.subarray(0, n);
  const median = fillDarkness(crop, darkness, faint, ink);
  return { darkness, faint, ink, median };
}

const blockHist = new Uint32Array(256);
const wholeHist = new Uint32Array(256);

/** Writes measureDarkness's map into `out` (and the masks, when asked for); returns the crop's median grey. */
function fillDarkness(crop: GrayImage, out: Float32Array, faint?: Uint8Array, ink?: Uint8Array): number {
  const { width: w, height: h, data } = crop;
  const cols = 3;
  const rows = 4;
  const paper = new Float32Array(cols * rows);
  const hist = blockHist;
  // The blocks tile the crop, so their histograms add up to the whole crop's.
  wholeHist.fill(0);
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      hist.fill(0);
      const x0 = Math.floor((bx * w) / cols);
      const x1 = Math.floor(((bx + 1) * w) / cols);
      const y0 = Math.floor((by * h) / rows);
      const y1 = Math.floor(((by + 1) * h) / rows);
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) hist[data[y * w + x] ?? 255]! += 1;
      // 90th percentile: paper, unless ink covers nearly all of the block (a thick stroke): fixed just below.
      paper[by * cols + bx] = Math.max(1, percentileOfHistogram(hist, (x1 - x0) * (y1 - y0), 0.9));
      for (let v = 0; v < 256; v++) wholeHist[v] = wholeHist[v]! + hist[v]!;
    }
  }
  // Light changes slowly across 1 cm, so a block far darker than its neighbours is covered by ink, not shaded.
  const raw = paper.slice();
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      let brightest = 0;
      for (let ny = Math.max(0, by - 1); ny <= Math.min(rows - 1, by + 1); ny++) {
        for (let nx = Math.max(0, bx - 1); nx <= Math.min(cols - 1, bx + 1); nx++) brightest = Math.max(brightest, raw[ny * cols + nx] ?? 0);
      }
      paper[by * cols + bx] = Math.max(raw[by * cols + bx] ?? 0, brightest * PAPER_NEIGHBOUR_MIN_SHARE);
    }
  }
  const bw = w / cols;
  const bh = h / rows;
  // Each column's place between block centres, worked out once rather than once per pixel (this runs on every cell).
  const colX0 = new Int32Array(w);
  const colX1 = new Int32Array(w);
  const colFx = new Float64Array(w);
  for (let x = 0; x < w; x++) {
    const gx = Math.min(cols - 1, Math.max(0, (x + 0.5) / bw - 0.5));
    colX0[x] = Math.floor(gx);
    colX1[x] = Math.min(cols - 1, Math.floor(gx) + 1);
    colFx[x] = gx - Math.floor(gx);
  }
  // The paper level interpolated along x between the two block rows around y depends only on which block rows those
  // are (4 per crop), so it is worked out once per block row, with the very expression the per-pixel formula had.
  const upper = new Float64Array(w);
  const lower = new Float64Array(w);
  let cachedY0 = -1;
  for (let y = 0; y < h; y++) {
    const gy = Math.min(rows - 1, Math.max(0, (y + 0.5) / bh - 0.5));
    const y0 = Math.floor(gy);
    const y1 = Math.min(rows - 1, y0 + 1);
    const fy = gy - y0;
    if (y0 !== cachedY0) {
      cachedY0 = y0;
      for (let x = 0; x < w; x++) {
        const x0 = colX0[x]!;
        const x1 = colX1[x]!;
        const fx = colFx[x]!;
        upper[x] = paper[y0 * cols + x0]! * (1 - fx) + paper[y0 * cols + x1]! * fx;
        lower[x] = paper[y1 * cols + x0]! * (1 - fx) + paper[y1 * cols + x1]! * fx;
      }
    }
    if (!faint || !ink) {
      for (let x = 0, i = y * w; x < w; x++, i++) {
        const p = upper[x]! * (1 - fy) + lower[x]! * fy;
        const d = (p - data[i]!) / p;
        out[i] = d < 0 ? 0 : d;
      }
      continue;
    }
    for (let x = 0, i = y * w; x < w; x++, i++) {
      const p = upper[x]! * (1 - fy) + lower[x]! * fy;
      const d = (p - data[i]!) / p;
      // The masks compare the value as stored (single precision), as reading it back from the map would.
      const stored = Math.fround(d < 0 ? 0 : d);
      out[i] = stored;
      faint[i] = stored >= DIGIT_FAINT_INK_MIN_DARKNESS ? 1 : 0;
      ink[i] = stored >= DIGIT_INK_MIN_DARKNESS ? 1 : 0;
    }
  }
  return percentileOfHistogram(wholeHist, w * h, 0.5);
}

function percentileOfHistogram(hist: Uint32Array, total: number, q: number): number {
  const target = total * q;
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += hist[v] ?? 0;
    if (acc >= target) return v;
  }
  return 255;
}

/** Median grey of a crop (its paper level when most of it is paper). */
export function medianOf(data: Uint8Array): number {
  const hist = new Uint32Array(256);
  for (let i = 0; i < data.length; i++) hist[data[i] ?? 255]! += 1;
  return percentileOfHistogram(hist, data.length, 0.5);
}

