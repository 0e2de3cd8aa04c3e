/**
 * Whether a page was captured in 1-bit black and white (an office scanner's "B/W" setting, a fax) rather than in
 * greyscale or colour. A 1-bit capture decides ink or paper per pixel at the scanner, so a light pencil tick can be
 * gone before paperlink sees the page; staff can still switch the scanner to greyscale for the next batch.
 * Pure: measures the image it is given.
 */
import type { GrayImage } from '../model/index.js';
import { BILEVEL_MAX_MIDTONE_SHARE, BILEVEL_MIDTONE_MAX, BILEVEL_MIDTONE_MIN, BILEVEL_SAMPLE_STEP_PX } from './thresholds.js';

export interface CaptureTone {
  /** Share of sampled pixels between BILEVEL_MIDTONE_MIN and BILEVEL_MIDTONE_MAX (neither paper nor ink). */
  readonly midToneShare: number;
  /** The page holds (almost) only black and white: a 1-bit capture. */
  readonly bilevel: boolean;
}

/**
 * Samples every BILEVEL_SAMPLE_STEP_PX-th pixel of every BILEVEL_SAMPLE_STEP_PX-th row of the full-resolution image
 * (a shrunken copy would average black and white into grey and hide a 1-bit capture).
 */
export function measureCaptureTone(image: GrayImage): CaptureTone {
  let samples = 0;
  let midTones = 0;
  for (let y = 0; y < image.height; y += BILEVEL_SAMPLE_STEP_PX) {
    const row = y * image.width;
    for (let x = 0; x < image.width; x += BILEVEL_SAMPLE_STEP_PX) {
      const v = image.data[row + x]!;
      samples += 1;
      if (v >= BILEVEL_MIDTONE_MIN && v <= BILEVEL_MIDTONE_MAX) midTones += 1;
    }
  }
  const midToneShare = samples > 0 ? midTones / samples : 0;
  return { midToneShare, bilevel: samples > 0 && midToneShare <= BILEVEL_MAX_MIDTONE_SHARE };
}
