/**
 * Integer box-shrink of a grey image: the cheap detection copy used for the first QR attempt, mark search and
 * blank-page test. Pure; never resamples through a homography (that is sample-page.ts).
 */
import type { GrayImage } from '../model/index.js';

/** Averages factor × factor blocks; the last partial row/column of blocks is dropped. factor 1 returns the input. */
export function shrinkImage(image: GrayImage, factor: number): GrayImage {
  if (factor <= 1) return image;
  if (factor === 2) return shrinkBy2(image);
  const width = Math.floor(image.width / factor);
  const height = Math.floor(image.height / factor);
  const out = new Uint8Array(width * height);
  const sums = new Uint32Array(width);
  const src = image.data;
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    sums.fill(0);
    for (let j = 0; j < factor; j++) {
      let offset = (y * factor + j) * image.width;
      // Factors 3 and 4 (12 MP photos, large scans) unrolled: the inner loop of unknown length cost 3× the additions.
      if (factor === 3) {
        for (let x = 0; x < width; x++, offset += 3) sums[x] = sums[x]! + src[offset]! + src[offset + 1]! + src[offset + 2]!;
      } else if (factor === 4) {
        for (let x = 0; x < width; x++, offset += 4) sums[x] = sums[x]! + src[offset]! + src[offset + 1]! + src[offset + 2]! + src[offset + 3]!;
      } else {
        for (let x = 0; x < width; x++) {
          let sum = 0;
          for (let i = 0; i < factor; i++) sum += src[offset++]!;
          sums[x] = sums[x]! + sum;
        }
      }
    }
    const row = y * width;
    for (let x = 0; x < width; x++) out[row + x] = (sums[x]! + (area >> 1)) / area;
  }
  return { width, height, data: out };
}

/** The largest shrink factor that keeps the long side at or above targetLongSidePx, between 1 and maxFactor. */
export function detectionFactor(image: GrayImage, targetLongSidePx: number, maxFactor: number): number {
  const longSide = Math.max(image.width, image.height);
  return Math.max(1, Math.min(maxFactor, Math.floor(longSide / targetLongSidePx)));
}

/**
 * The common case (300-dpi scans, 12 MP photos): 2 × 2 blocks read straight from two source rows, the same rounding
 * as the general loop ((sum + 2) / 4, truncated), a third of its time.
 */
function shrinkBy2(image: GrayImage): GrayImage {
  const width = image.width >> 1;
  const height = image.height >> 1;
  const out = new Uint8Array(width * height);
  const src = image.data;
  const stride = image.width;
  for (let y = 0; y < height; y++) {
    let top = 2 * y * stride;
    let bottom = top + stride;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      out[row + x] = (src[top]! + src[top + 1]! + src[bottom]! + src[bottom + 1]! + 2) >> 2;
      top += 2;
      bottom += 2;
    }
  }
  return { width, height, data: out };
}
