/**
 * Resamples page regions (mm) out of the image through the registered homography: crops for review, digit cells,
 * the small upright page for the zoom view, and the samples every ink measure (ink.ts) works on. Pure.
 * No full-page warp at reading resolution: only the regions that are read are ever sampled.
 */
import { sampleBilinear, type GrayImage, type Rect } from '../model/index.js';
import type { Homography } from './transform.js';

/** The region `rect` grown by marginMm on every side, resampled upright at pxPerMm (bilinear). */
export function samplePageRect(image: GrayImage, homography: Homography, rect: Rect, pxPerMm: number, marginMm = 0): GrayImage {
  const x0 = rect.xMm - marginMm;
  const y0 = rect.yMm - marginMm;
  const width = Math.max(1, Math.round((rect.wMm + 2 * marginMm) * pxPerMm));
  const height = Math.max(1, Math.round((rect.hMm + 2 * marginMm) * pxPerMm));
  const data = new Uint8Array(width * height);
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, k = 0, m = 1] = homography;
  const step = 1 / pxPerMm;
  const src = image.data;
  const w = image.width;
  const lastX = w - 1;
  const lastY = image.height - 1;
  for (let row = 0; row < height; row++) {
    const py = y0 + (row + 0.5) * step;
    // Along a row only x changes, so numerators and denominator are linear in the column: add increments.
    const px0 = x0 + 0.5 * step;
    let nx = a * px0 + b * py + c;
    let ny = d * px0 + e * py + f;
    let nw = g * px0 + k * py + m;
    const dx = a * step; const dy = d * step; const dw = g * step;
    const offset = row * width;
    for (let col = 0; col < width; col++) {
      // bilinear() inlined (the same arithmetic, so the same values): this loop makes every crop and the page image.
      const x = nx / nw;
      const y = ny / nw;
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      if (x0 < 0 || y0 < 0 || x0 >= lastX || y0 >= lastY) {
        data[offset + col] = sampleBilinear(image, x, y);
      } else {
        const fx = x - x0;
        const i = y0 * w + x0;
        const p00 = src[i]!;
        const p10 = src[i + w]!;
        const top = p00 + (src[i + 1]! - p00) * fx;
        const bottom = p10 + (src[i + w + 1]! - p10) * fx;
        data[offset + col] = top + (bottom - top) * (y - y0) + 0.5;
      }
      nx += dx; ny += dy; nw += dw;
    }
  }
  return { width, height, data };
}

/**
 * Grey samples on a regular grid (pitch stepMm) inside a rect; with `ellipse`, only points inside its inscribed
 * ellipse (choice circles). Returns the values in row order.
 */
export function sampleGrid(image: GrayImage, homography: Homography, rect: Rect, stepMm: number, ellipse = false): Uint8Array {
  const cols = Math.max(1, Math.round(rect.wMm / stepMm));
  const rows = Math.max(1, Math.round(rect.hMm / stepMm));
  const sx = rect.wMm / cols;
  const sy = rect.hMm / rows;
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, k = 0, m = 1] = homography;
  const out = new Uint8Array(cols * rows);
  let n = 0;
  for (let j = 0; j < rows; j++) {
    const v = (j + 0.5) / rows;
    const y = rect.yMm + (j + 0.5) * sy;
    for (let i = 0; i < cols; i++) {
      const u = (i + 0.5) / cols;
      if (ellipse && (u - 0.5) ** 2 + (v - 0.5) ** 2 > 0.25) continue;
      const x = rect.xMm + (i + 0.5) * sx;
      const w = g * x + k * y + m;
      out[n++] = bilinear(image, (a * x + b * y + c) / w, (d * x + e * y + f) / w);
    }
  }
  return n === out.length ? out : out.subarray(0, n);
}

/** Bilinear sample; the common in-bounds case skips the clamping of sampleBilinear (this is the hot loop). */
function bilinear(image: GrayImage, x: number, y: number): number {
  const w = image.width;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= image.height - 1) return sampleBilinear(image, x, y);
  const fx = x - x0;
  const fy = y - y0;
  const d = image.data;
  const i = y0 * w + x0;
  const top = d[i]! + (d[i + 1]! - d[i]!) * fx;
  const bottom = d[i + w]! + (d[i + w + 1]! - d[i + w]!) * fx;
  return top + (bottom - top) * fy + 0.5;
}

/**
 * The value at a fraction (0..1) of `total` sorted byte samples, given as their count per grey (counts[v]: how many
 * samples are v): the first grey whose running count passes the index (255 when there are none).
 */
export function countsQuantile(counts: Uint32Array, total: number, fraction: number): number {
  if (total === 0) return 255;
  const index = Math.min(total - 1, Math.max(0, Math.floor(fraction * (total - 1))));
  let seen = 0;
  for (let value = 0; value < 256; value++) {
    seen += counts[value]!;
    if (seen > index) return value;
  }
  return 255;
}
