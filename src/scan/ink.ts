/**
 * What ink is on this page, and the one measure of it: the grey levels of the page's own paper and ink (measured at
 * the registration marks) and how far a grey value lies from the local paper towards the ink, 0 = paper, 1 = ink.
 * Every reader measures against these, never against fixed grey values (phones, shadows and toner differ).
 */
import { INK_SPAN_MIN_LEVELS, PAPER_MIN_LEVELS_OVER_INK } from './thresholds.js';

/** Grey levels of this page's own paper and ink, measured at the marks (inputs to every ink measure). */
export interface InkLevels { readonly paperLevel: number; readonly inkLevel: number }

/**
 * Ink of one grey value between the local paper level and the local ink level: 0 = paper, 1 = full ink, clamped.
 * Where light falls off (a shadow), paper and ink darken alike: pass the ink level scaled to the local paper.
 */
export function inkBetween(value: number, paperLevel: number, inkLevel: number): number {
  const span = Math.max(INK_SPAN_MIN_LEVELS, paperLevel - inkLevel);
  return Math.min(1, Math.max(0, (paperLevel - value) / span));
}

/** The darkest grey a local paper level may be taken as (PAPER_MIN_LEVELS_OVER_INK above the marks' ink). */
export function paperFloor(levels: InkLevels): number {
  return levels.inkLevel + PAPER_MIN_LEVELS_OVER_INK;
}
