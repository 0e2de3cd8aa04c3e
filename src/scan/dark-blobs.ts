/**
 * Dark blobs of a window of the detection copy: the connected pieces of ink the registration looks for its disc marks
 * among (register-page.ts), with the shape measures it tells a disc by. Pure.
 */
import type { GrayImage } from '../model/index.js';

/** A 4-connected dark component: centroid (image px), pixel count, share of its bounding box, long / short side. */
export interface Blob { readonly x: number; readonly y: number; readonly area: number; readonly fill: number; readonly aspect: number }

/**
 * 4-connected components of pixels darker than threshold inside the window, with shape measures; with `openRadius`,
 * on the dark mask opened by a square of that half-size (px) first. Components touching the window's edge or under
 * 4 px are left out. In the order of their first pixel in rows (the measures are integer sums, whatever order a
 * component's pixels are visited in).
 */
export function darkBlobs(image: GrayImage, x0: number, y0: number, x1: number, y1: number, threshold: number, openRadius = 0): Blob[] {
  const w = x1 - x0;
  const h = y1 - y0;
  const data = image.data;
  const stride = image.width;
  // `seen` starts as 1 wherever the (opened) mask is paper, so the labelling below only visits dark pixels.
  const seen = new Uint8Array(w * h);
  let darkCount = 0;
  if (openRadius > 0) {
    const mask = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) {
      const row = (y + y0) * stride + x0;
      for (let x = 0, at = y * w; x < w; x++, at++) mask[at] = data[row + x]! < threshold ? 1 : 0;
    }
    const opened = dilate(erode(mask, w, h, openRadius), w, h, openRadius);
    for (let i = 0; i < seen.length; i++) {
      if (opened[i]) darkCount += 1;
      else seen[i] = 1;
    }
  } else {
    for (let y = 0; y < h; y++) {
      const row = (y + y0) * stride + x0;
      for (let x = 0, at = y * w; x < w; x++, at++) {
        if (data[row + x]! >= threshold) seen[at] = 1;
        else darkCount += 1;
      }
    }
  }
  // The flood fill's stack holds each pixel's x and y (no division to get them back from an index); a pixel is pushed
  // once at most, so it never holds more than the dark pixels (a window is mostly paper: far fewer than w·h).
  const stackX = new Int32Array(darkCount);
  const stackY = new Int32Array(darkCount);
  const blobs: Blob[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (seen[y * w + x]) continue;
      let top = 0;
      stackX[top] = x; stackY[top] = y; top += 1;
      seen[y * w + x] = 1;
      let area = 0; let sx = 0; let sy = 0;
      let minX = x; let maxX = x; let minY = y; let maxY = y;
      let touchesEdge = false;
      while (top > 0) {
        top -= 1;
        const px = stackX[top]!;
        const py = stackY[top]!;
        const index = py * w + px;
        area += 1; sx += px; sy += py;
        if (px < minX) minX = px; if (px > maxX) maxX = px;
        if (py < minY) minY = py; if (py > maxY) maxY = py;
        if (px === 0 || py === 0 || px === w - 1 || py === h - 1) touchesEdge = true;
        if (px > 0 && !seen[index - 1]) { seen[index - 1] = 1; stackX[top] = px - 1; stackY[top] = py; top += 1; }
        if (px < w - 1 && !seen[index + 1]) { seen[index + 1] = 1; stackX[top] = px + 1; stackY[top] = py; top += 1; }
        if (py > 0 && !seen[index - w]) { seen[index - w] = 1; stackX[top] = px; stackY[top] = py - 1; top += 1; }
        if (py < h - 1 && !seen[index + w]) { seen[index + w] = 1; stackX[top] = px; stackY[top] = py + 1; top += 1; }
      }
      if (touchesEdge || area < 4) continue;
      const bw = maxX - minX + 1;
      const bh = maxY - minY + 1;
      blobs.push({ x: sx / area + x0, y: sy / area + y0, area, fill: area / (bw * bh), aspect: Math.max(bw, bh) / Math.min(bw, bh) });
    }
  }
  return blobs;
}

/** Binary erosion by a (2r+1)² square, separable: a pixel stays set when its whole row run and column run are set. */
function erode(mask: Uint8Array, w: number, h: number, r: number): Uint8Array {
  return runMinMax(runMinMax(mask, w, h, r, 1, w, true), h, w, r, w, 1, true);
}

function dilate(mask: Uint8Array, w: number, h: number, r: number): Uint8Array {
  return runMinMax(runMinMax(mask, w, h, r, 1, w, false), h, w, r, w, 1, false);
}

/**
 * Running min (erode) or max (dilate) over 2r+1 positions along `lines` lines of `length` positions, a position
 * `step` apart within a line and lines `lineStep` apart (rows: 1 and w; columns: w and 1); outside the window counts
 * as paper (0).
 */
function runMinMax(mask: Uint8Array, length: number, lines: number, r: number, step: number, lineStep: number, isMin: boolean): Uint8Array {
  const out = new Uint8Array(mask.length);
  const full = 2 * r + 1;
  for (let line = 0; line < lines; line++) {
    const base = line * lineStep;
    // Count of set pixels in the run of 2r+1 positions centred on i.
    let count = 0;
    for (let i = 0; i <= r && i < length; i++) count += mask[base + i * step]!;
    for (let i = 0; i < length; i++) {
      out[base + i * step] = isMin ? (count === full ? 1 : 0) : (count > 0 ? 1 : 0);
      const enter = i + r + 1;
      const leave = i - r;
      if (enter < length) count += mask[base + enter * step]!;
      if (leave >= 0) count -= mask[base + leave * step]!;
    }
  }
  return out;
}
