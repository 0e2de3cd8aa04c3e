/**
 * Integer box-shrink of a grey image: the cheap detection copy used for the first QR attempt, mark search and
 * blank-page test. Pure; never resamples through a homography (that is sample-page.ts).
 */
import type { GrayImage } from '../model/index.js';

/** Averages factor × factor blocks; the last partial row/column of blocks is dropped. factor 1 returns the input. */
export function shrinkImage(image: GrayImage, factor: number): GrayImage {
  if (factor <= 1) return image;
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
      for (let x = 0; x < width; x++) {
        let sum = 0;
        for (let i = 0; i < factor; i++) sum += src[offset++]!;
        sums[x] = sums[x]! + sum;
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
