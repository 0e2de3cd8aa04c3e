/**
 * A received fax carries line errors: a stretch of a few scanlines smeared black or lost to white. One through the
 * code's finder squares stops every QR reader (a finder is found by its 1:1:3:1:1 runs across and down, and the line
 * fills or cuts them). This module finds such thin lines and returns a copy with their pixels taken from the rows just
 * above and below, for the QR reader only (registration and fields keep the original). Pure image maths; it decodes
 * nothing itself.
 */
import type { GrayImage } from '../model/index.js';
import { FAX_STREAK_DARK_LEVEL, FAX_STREAK_GAP_PX, FAX_STREAK_MAX_ROWS, FAX_STREAK_MIN_RUN_SHARE } from './thresholds.js';

/** One row's stretch of streak: columns [from, to). */
export interface StreakRun { readonly y: number; readonly from: number; readonly to: number }
/** A streak: rows [top, bottom] (inclusive) and the long dark run of each of its rows. */
export interface Streak { readonly top: number; readonly bottom: number; readonly runs: readonly StreakRun[] }

/** The dark (or light) runs of row `y` at least `minLength` px long; a run bridges up to `gap` pixels of the other
 * kind (speckle). */
function longRuns(image: GrayImage, y: number, minLength: number, light = false, gap = FAX_STREAK_GAP_PX): StreakRun[] {
  const runs: StreakRun[] = [];
  const row = y * image.width;
  let start = -1; let lastDark = -1;
  for (let x = 0; x <= image.width; x++) {
    const dark = x < image.width && (image.data[row + x]! < FAX_STREAK_DARK_LEVEL) !== light;
    if (dark) {
      if (start < 0 || x - lastDark - 1 > gap) {
        if (start >= 0 && lastDark + 1 - start >= minLength) runs.push({ y, from: start, to: lastDark + 1 });
        start = x;
      }
      lastDark = x;
    }
  }
  if (start >= 0 && lastDark + 1 - start >= minLength) runs.push({ y, from: start, to: lastDark + 1 });
  return runs;
}

/**
 * The streaks of a page: maximal bands of consecutive rows each holding a dark run of at least
 * FAX_STREAK_MIN_RUN_SHARE of the width (longer than the code itself, so never a run of its modules), at most
 * FAX_STREAK_MAX_ROWS tall. A taller band is a black bar, a dark background or a shadow, left alone.
 */
export function findStreaks(image: GrayImage): Streak[] {
  const minLength = Math.max(1, Math.round(image.width * FAX_STREAK_MIN_RUN_SHARE));
  const streaks: Streak[] = [];
  let band: StreakRun[] = []; let top = -1;
  for (let y = 0; y <= image.height; y++) {
    const runs = y < image.height ? longRuns(image, y, minLength) : [];
    if (runs.length > 0) {
      if (top < 0) top = y;
      band.push(...runs);
      continue;
    }
    if (top >= 0 && y - top <= FAX_STREAK_MAX_ROWS) streaks.push({ top, bottom: y - 1, runs: band });
    band = []; top = -1;
  }
  return streaks;
}

/**
 * The pixels a white line error cut out of dark print: in a light run of at least FAX_STREAK_MIN_RUN_SHARE of the width
 * (no row through the code is light that far: its modules, finders and timing pattern break every row), with dark print
 * at most FAX_STREAK_MAX_ROWS rows away both straight above and straight below. Offsets into the image's data.
 */
export function findCutPixels(image: GrayImage): number[] {
  const minLength = Math.max(1, Math.round(image.width * FAX_STREAK_MIN_RUN_SHARE));
  const w = image.width;
  const dark = (offset: number): boolean => image.data[offset]! < FAX_STREAK_DARK_LEVEL;
  const cut: number[] = [];
  for (let y = 1; y < image.height - 1; y++) {
    for (const { from, to } of longRuns(image, y, minLength, true, 0)) {
      for (let x = from; x < to; x++) {
        let up = 0; let down = 0;
        while (up < FAX_STREAK_MAX_ROWS && y - up - 1 >= 0 && !dark((y - up - 1) * w + x)) up += 1;
        if (up >= FAX_STREAK_MAX_ROWS || y - up - 1 < 0) continue;
        while (down < FAX_STREAK_MAX_ROWS && y + down + 1 < image.height && !dark((y + down + 1) * w + x)) down += 1;
        if (down < FAX_STREAK_MAX_ROWS && y + down + 1 < image.height && up + down + 1 <= FAX_STREAK_MAX_ROWS) cut.push(y * w + x);
      }
    }
  }
  return cut;
}

/**
 * A copy with every streak's run pixels replaced: in a band's upper half by the row just above the band, in its lower
 * half by the row just below (a module edge under the line lands in its middle), and every cut pixel made dark again.
 * Undefined when the page has neither, so a page without one costs the chain two passes over its pixels and no read.
 */
export function repairStreaks(image: GrayImage): GrayImage | undefined {
  const streaks = findStreaks(image);
  const cut = findCutPixels(image);
  if (streaks.length === 0 && cut.length === 0) return undefined;
  const data = Uint8Array.from(image.data);
  const w = image.width;
  for (const offset of cut) data[offset] = 0;
  for (const { top, bottom, runs } of streaks) {
    const above = top - 1;
    const below = bottom + 1;
    for (const { y, from, to } of runs) {
      const fromAbove = y - above <= below - y;
      const source = (fromAbove && above >= 0) || below >= image.height ? above : below;
      if (source < 0 || source >= image.height) continue;
      data.copyWithin(y * w + from, source * w + from, source * w + to);
    }
  }
  return { width: image.width, height: image.height, data };
}

/** The image mirrored about its main diagonal (rows become columns). */
export function transpose(image: GrayImage): GrayImage {
  const { width: w, height: h } = image;
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) data[x * h + y] = image.data[row + x]!;
  }
  return { width: h, height: w, data };
}

/**
 * Mended copies of a page to read, cheapest first: with its scanlines' streaks mended (a fax as received), then with
 * its columns' (a fax page turned a quarter before it reached paperlink: its line errors run down the image).
 * Each is made only when asked for, so a page read from the first never pays for the second.
 */
export function* mendedCopies(image: GrayImage): Generator<GrayImage> {
  const rows = repairStreaks(image);
  if (rows) yield rows;
  const columns = repairStreaks(transpose(image));
  if (columns) yield transpose(columns);
}
