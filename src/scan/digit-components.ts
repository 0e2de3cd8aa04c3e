/**
 * The normaliser's component filter (normalise-digit-cell.ts): which connected ink pieces of a cell are the digit.
 * Runs once per inked cell (≈ 65 a page), so its buffers are module-level scratch reused from cell to cell (the
 * scan reads one cell at a time per thread) rather than allocated and collected per cell.
 */
import { DIGIT_SPECK_MAX_AREA_PX, DIGIT_STRAY_MAX_INK_SHARE } from './thresholds.js';

export interface CellInside {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

export interface KeptInk {
  /** 1 where ink is kept, over the whole crop (w × h). Scratch: valid until the next call. */
  readonly keep: Uint8Array;
  readonly keptPx: number;
  readonly droppedPx: number;
  readonly touchesBorder: boolean;
  /** Bounding box of the kept pixels (kx1 < kx0 when none is kept): later passes need look no further. */
  readonly kx0: number;
  readonly kx1: number;
  readonly ky0: number;
  readonly ky1: number;
}

let labels = new Int32Array(0);
// Seeds of the scanline fill: at most one per run of ink in a neighbour row of each filled run, so fewer than 4 per pixel.
let seeds = new Int32Array(0);
let keepBuf = new Uint8Array(0);

interface Component {
  area: number;
  insidePx: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * Connected ink components (8-neighbour). Keeps those that lie mostly inside the cell, drops specks and small
 * stray marks away from the main stroke, and anything living in the margin (a neighbour's digit or border).
 * Marks visited pixels in `mask` (1 → 2), so the caller must not read `mask` afterwards; that spares clearing a
 * label array per cell: a label is read only where the mask says a pixel was visited.
 */
export function keepDigitComponents(mask: Uint8Array, w: number, h: number, inside: CellInside): KeptInk {
  const n = w * h;
  if (labels.length < n) {
    labels = new Int32Array(n);
    seeds = new Int32Array(4 * n + 8);
    keepBuf = new Uint8Array(n);
  }
  const comps: Component[] = [];
  const { x0: ix0, x1: ix1, y0: iy0, y1: iy1 } = inside;
  // Scanline flood fill: a component is filled a row run at a time, and the rows above and below are searched one
  // pixel beyond the run's ends (8-neighbour). The same pixels join the same components, found in the same order
  // (by their first pixel in raster order), and the counts are whole numbers, so nothing depends on the fill order.
  for (let start = 0; start < n; start++) {
    if (mask[start] !== 1) continue;
    const id = comps.length;
    const comp: Component = { area: 0, insidePx: 0, x0: w, x1: -1, y0: h, y1: -1 };
    let top = 0;
    seeds[top++] = start;
    while (top > 0) {
      const seed = seeds[--top]!;
      if (mask[seed] !== 1) continue;
      const sx = seed % w;
      const y = (seed - sx) / w;
      const row = y * w;
      let xl = sx;
      while (xl > 0 && mask[row + xl - 1] === 1) xl--;
      let xr = sx;
      while (xr < w - 1 && mask[row + xr + 1] === 1) xr++;
      for (let i = row + xl; i <= row + xr; i++) {
        mask[i] = 2;
        labels[i] = id;
      }
      comp.area += xr - xl + 1;
      if (y >= iy0 && y <= iy1) {
        const a = Math.max(xl, ix0);
        const b = Math.min(xr, ix1);
        if (b >= a) comp.insidePx += b - a + 1;
      }
      if (xl < comp.x0) comp.x0 = xl;
      if (xr > comp.x1) comp.x1 = xr;
      if (y < comp.y0) comp.y0 = y;
      if (y > comp.y1) comp.y1 = y;
      const from = xl > 0 ? xl - 1 : 0;
      const to = xr < w - 1 ? xr + 1 : w - 1;
      for (let ny = y - 1; ny <= y + 1; ny += 2) {
        if (ny < 0 || ny >= h) continue;
        const nrow = ny * w;
        for (let x = from; x <= to; x++) {
          if (mask[nrow + x] !== 1) continue;
          seeds[top++] = nrow + x;
          while (x < to && mask[nrow + x + 1] === 1) x++;
        }
      }
    }
    comps.push(comp);
  }

  const candidates = comps.map((c) => c.insidePx >= Math.max(DIGIT_SPECK_MAX_AREA_PX, c.area * 0.3));
  let totalInside = 0;
  let main = -1;
  comps.forEach((c, k) => {
    if (!candidates[k]) return;
    totalInside += c.area;
    if (main < 0 || c.area > (comps[main]?.area ?? 0)) main = k;
  });
  const mainComp = comps[main];
  const reach = 6; // px: pieces of one digit (the bar of a 5, a broken stroke) sit this close to the main stroke
  const keepComp = comps.map((c, k) => {
    if (!candidates[k] || !mainComp) return false;
    if (k === main) return true;
    if (c.area >= DIGIT_STRAY_MAX_INK_SHARE * totalInside) return true;
    const near =
      c.x1 >= mainComp.x0 - reach && c.x0 <= mainComp.x1 + reach && c.y1 >= mainComp.y0 - reach && c.y0 <= mainComp.y1 + reach;
    return near && c.area > DIGIT_SPECK_MAX_AREA_PX;
  });

  const keep = keepBuf.subarray(0, n);
  let keptPx = 0;
  let droppedPx = 0;
  let touchesBorder = false;
  let kx0 = w;
  let kx1 = -1;
  let ky0 = h;
  let ky1 = -1;
  for (let y = 0, i = 0; y < h; y++) {
    for (let x = 0; x < w; x++, i++) {
      if (mask[i] !== 2) {
        keep[i] = 0;
        continue;
      }
      if (keepComp[labels[i]!]) {
        keep[i] = 1;
        keptPx++;
        if (x <= ix0 || x >= ix1 || y <= iy0 || y >= iy1) touchesBorder = true;
        if (x < kx0) kx0 = x;
        if (x > kx1) kx1 = x;
        if (y < ky0) ky0 = y;
        if (y > ky1) ky1 = y;
      } else {
        keep[i] = 0;
        droppedPx++;
      }
    }
  }
  return { keep, keptPx, droppedPx, touchesBorder, kx0, kx1, ky0, ky1 };
}
