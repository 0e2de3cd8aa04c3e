/**
 * Relative darkness of a cell crop: (paper − pixel) / paper, with the paper level estimated per region so that uneven
 * light on a phone photo is not taken for ink. Shared by the first look for ink (digit-ink.ts) and the normaliser
 * (read-digits.ts). Pure.
 */
import type { GrayImage } from '../model/index.js';

/** A block's paper is at least this share of its brightest neighbour's: uneven light changes < 10 % per block. */
const PAPER_NEIGHBOUR_MIN_SHARE = 0.9;

/**
 * Relative darkness (paper − pixel) / paper, with paper estimated per region (3×4 blocks, bright percentile,
 * bilinear between block centres) so that uneven light on phone photos does not turn into ink.
 */
export function measureDarkness(crop: GrayImage): Float32Array {
  const { width: w, height: h, data } = crop;
  const cols = 3;
  const rows = 4;
  const paper = new Float32Array(cols * rows);
  const hist = new Uint32Array(256);
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
  const out = new Float32Array(w * h);
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
    for (let x = 0, i = y * w; x < w; x++, i++) {
      const p = upper[x]! * (1 - fy) + lower[x]! * fy;
      const d = (p - data[i]!) / p;
      out[i] = d < 0 ? 0 : d;
    }
  }
  return out;
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

