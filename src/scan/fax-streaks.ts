/**
 * A received fax carries line errors: a few scanlines black across the whole page. One through the code's finder
 * squares stops every QR reader (a finder is found by its 1:1:3:1:1 runs across and down, and the line fills them).
 * This module finds such thin dark bands and returns a copy with each band's rows taken from the rows beside it, for
 * the QR reader only (registration and fields keep the original). Pure image maths; it decodes nothing itself.
 */
import type { GrayImage } from '../model/index.js';
import { FAX_STREAK_DARK_LEVEL, FAX_STREAK_MAX_ROWS, FAX_STREAK_MIN_DARK_SHARE, FAX_STREAK_MIN_STEP } from './thresholds.js';

/** Inclusive row ranges [top, bottom] of the thin full-width dark bands. */
export function findStreaks(image: GrayImage): [number, number][] {
  const share = new Float32Array(image.height);
  for (let y = 0; y < image.height; y++) {
    let dark = 0;
    const row = y * image.width;
    for (let x = 0; x < image.width; x++) if (image.data[row + x]! < FAX_STREAK_DARK_LEVEL) dark += 1;
    share[y] = dark / image.width;
  }
  const bands: [number, number][] = [];
  for (let y = 0; y < image.height; y++) {
    if (share[y]! < FAX_STREAK_MIN_DARK_SHARE) continue;
    let bottom = y;
    while (bottom + 1 < image.height && share[bottom + 1]! >= FAX_STREAK_MIN_DARK_SHARE) bottom += 1;
    // A band taller than a streak is a dark background, a shadow or a thick rule: copying rows across it would erase
    // a module row of the code. A band no darker than the rows beside it is no line either.
    const beside = Math.max(y > 0 ? share[y - 1]! : 0, bottom + 1 < image.height ? share[bottom + 1]! : 0);
    let darkest = 0;
    for (let r = y; r <= bottom; r++) darkest = Math.max(darkest, share[r]!);
    if (bottom - y + 1 <= FAX_STREAK_MAX_ROWS && darkest - beside >= FAX_STREAK_MIN_STEP) bands.push([y, bottom]);
    y = bottom;
  }
  return bands;
}

/**
 * A copy with every streak's rows replaced: the upper half of a band by the row above it, the lower half by the row
 * below (a module edge inside the band lands in its middle). Undefined when the page has no streak, so a page without
 * one costs the chain one pass over its pixels and no read.
 */
export function repairStreaks(image: GrayImage): GrayImage | undefined {
  const bands = findStreaks(image);
  if (bands.length === 0) return undefined;
  const data = Uint8Array.from(image.data);
  const w = image.width;
  for (const [top, bottom] of bands) {
    const above = top - 1;
    const below = bottom + 1;
    for (let y = top; y <= bottom; y++) {
      const fromAbove = y - above <= below - y;
      const source = (fromAbove && above >= 0) || below >= image.height ? above : below;
      if (source < 0 || source >= image.height) continue;
      data.copyWithin(y * w, source * w, source * w + w);
    }
  }
  return { width: image.width, height: image.height, data };
}
