/**
 * Writing areas (text, signature, word grid, digit cells): crops for a person to read, and whether there is any
 * writing at all (ink beyond the printed outline and rules). Pure; it never transcribes handwriting.
 */
import { insetRect, type BoxLayout, type FieldLayout, type FieldReading, type FormLayout, type GrayImage, type Rect } from '../model/index.js';
import { inkBetween, paperFloor, type InkLevels } from './ink.js';
import { countsQuantile, samplePageRect, sampleGrid } from './sample-page.js';
import {
  CROP_MARGIN_MM, CROP_PX_PER_MM, DARK_SAMPLE_INK, DIGIT_CROP_MARGIN_MM,
  DIGIT_CROP_PX_PER_MM, SIGNATURE_BLANK_MAX_DARK_FRACTION, SIGNATURE_SIGNED_MIN_DARK_FRACTION, WRITING_INSET_MM,
  WRITING_MIN_DARK_FRACTION, WRITING_PAPER_PERCENTILE, WRITING_RULE_CLEARANCE_MM, WRITING_SAMPLE_STEP_MM,
} from './thresholds.js';
import type { Homography } from './transform.js';

/** The bounding rectangle of a field's boxes (mm). */
export function fieldArea(field: FieldLayout): Rect {
  const left = Math.min(...field.boxes.map((box) => box.xMm));
  const top = Math.min(...field.boxes.map((box) => box.yMm));
  const right = Math.max(...field.boxes.map((box) => box.xMm + box.wMm));
  const bottom = Math.max(...field.boxes.map((box) => box.yMm + box.hMm));
  return { xMm: left, yMm: top, wMm: right - left, hMm: bottom - top };
}

/** The whole field area + CROP_MARGIN_MM, upright at CROP_PX_PER_MM: what a reviewer sees. */
export function cropField(image: GrayImage, homography: Homography, field: FieldLayout): GrayImage {
  return samplePageRect(image, homography, fieldArea(field), CROP_PX_PER_MM, CROP_MARGIN_MM);
}

/** One crop per digit cell: cell + DIGIT_CROP_MARGIN_MM at DIGIT_CROP_PX_PER_MM (the digit recogniser's input). */
export function cropDigitCells(image: GrayImage, homography: Homography, field: FieldLayout): GrayImage[] {
  return field.boxes.map((box) => samplePageRect(image, homography, box, DIGIT_CROP_PX_PER_MM, DIGIT_CROP_MARGIN_MM));
}

export interface WritingMeasure {
  /** Share of samples darker than DARK_SAMPLE_INK against the area's own paper level. */
  readonly darkFraction: number;
  readonly samples: number;
}

/**
 * Ink in a box beyond what is printed in it: samples inside the outline (inset WRITING_INSET_MM), skipping bands
 * around the page's printed horizontal rules and any `skip` rects (word-grid cell numbers).
 */
export function measureWriting(image: GrayImage, homography: Homography, box: Rect, levels: InkLevels,
  ruleYs: readonly number[], skip: readonly Rect[] = []): WritingMeasure {
  const inner = insetRect(box, WRITING_INSET_MM);
  const rows = Math.max(1, Math.round(inner.hMm / WRITING_SAMPLE_STEP_MM));
  const stepY = inner.hMm / rows;
  // The kept samples are only ever counted (their quantile, and how many are dark): a count per grey holds all of it,
  // and each grey's darkness is decided once instead of once per sample.
  const counts = new Uint32Array(256);
  let samples = 0;
  // Sample row by row (1-row rects) so rows near a printed rule can be left out.
  for (let row = 0; row < rows; row++) {
    const y = inner.yMm + (row + 0.5) * stepY;
    if (ruleYs.some((ruleY) => Math.abs(ruleY - y) < WRITING_RULE_CLEARANCE_MM)) continue;
    const values = sampleGrid(image, homography, { xMm: inner.xMm, yMm: y - stepY / 2, wMm: inner.wMm, hMm: stepY }, WRITING_SAMPLE_STEP_MM);
    const cols = values.length;
    for (let col = 0; col < cols; col++) {
      if (skip.length > 0) {
        const x = inner.xMm + ((col + 0.5) / cols) * inner.wMm;
        if (skip.some((rect) => x >= rect.xMm && x <= rect.xMm + rect.wMm && y >= rect.yMm && y <= rect.yMm + rect.hMm)) continue;
      }
      counts[values[col]!]! += 1;
      samples += 1;
    }
  }
  const paperLevel = Math.max(paperFloor(levels), countsQuantile(counts, samples, WRITING_PAPER_PERCENTILE));
  let dark = 0;
  for (let value = 0; value < 256; value++) {
    if (counts[value]! > 0 && inkBetween(value, paperLevel, levels.inkLevel) > DARK_SAMPLE_INK) dark += counts[value]!;
  }
  return { darkFraction: samples > 0 ? dark / samples : 0, samples };
}

/** y (mm) of the printed horizontal rules of a page that cross the given box (text lines, table row rules). */
export function rulesInside(layout: FormLayout, page: number, box: Rect): number[] {
  const rules = layout.pages[page - 1]?.rules ?? [];
  return rules.filter((rule) => Math.abs(rule.from.yMm - rule.to.yMm) < 0.01 && rule.from.yMm > box.yMm && rule.from.yMm < box.yMm + box.hMm &&
    Math.min(rule.from.xMm, rule.to.xMm) < box.xMm + box.wMm && Math.max(rule.from.xMm, rule.to.xMm) > box.xMm).map((rule) => rule.from.yMm);
}

/** Where the small printed cell number of a word-grid cell sits (top-left corner), left out of the measure. */
function cellNumberZone(box: BoxLayout): Rect {
  return { xMm: box.xMm, yMm: box.yMm, wMm: 4.5, hMm: 3 };
}

/** Text or word grid: writing → needs-review text-to-transcribe (value null); nothing written → empty. */
export function readWritingField(image: GrayImage, homography: Homography, field: FieldLayout, layout: FormLayout,
  levels: InkLevels): FieldReading {
  const measures = field.boxes.map((box) => measureWriting(image, homography, box, levels, rulesInside(layout, field.page, box),
    field.kind === 'wordgrid' ? [cellNumberZone(box)] : []));
  const darkFraction = Math.max(0, ...measures.map((m) => m.darkFraction));
  const hasWriting = darkFraction >= WRITING_MIN_DARK_FRACTION;
  const metrics = { hasWriting, darkFraction: round4(darkFraction), cellsWithWriting: measures.filter((m) => m.darkFraction >= WRITING_MIN_DARK_FRACTION).length };
  const confidence = round3(hasWriting
    ? 0.5 + 0.5 * Math.min(1, darkFraction / (4 * WRITING_MIN_DARK_FRACTION))
    : 1 - 0.5 * (darkFraction / WRITING_MIN_DARK_FRACTION));
  return hasWriting
    ? { fieldId: field.id, kind: field.kind, value: null, status: 'needs-review', confidence, reasons: ['text-to-transcribe'], metrics }
    : { fieldId: field.id, kind: field.kind, value: null, status: 'empty', confidence, reasons: [], metrics };
}

/** Signature: signed (true) / not signed (false), auto when clear; between the two thresholds → review. */
export function readSignatureField(image: GrayImage, homography: Homography, field: FieldLayout, levels: InkLevels): FieldReading {
  const box = field.boxes[0]!;
  const { darkFraction } = measureWriting(image, homography, box, levels, []);
  const metrics = { hasWriting: darkFraction > SIGNATURE_BLANK_MAX_DARK_FRACTION, darkFraction: round4(darkFraction) };
  const base = { fieldId: field.id, kind: field.kind, metrics };
  if (darkFraction >= SIGNATURE_SIGNED_MIN_DARK_FRACTION) {
    return { ...base, value: true, status: 'auto', reasons: [], confidence: round3(0.5 + 0.5 * Math.min(1, darkFraction / (3 * SIGNATURE_SIGNED_MIN_DARK_FRACTION))) };
  }
  if (darkFraction <= SIGNATURE_BLANK_MAX_DARK_FRACTION) {
    return { ...base, value: false, status: 'auto', reasons: [], confidence: round3(1 - 0.5 * darkFraction / SIGNATURE_BLANK_MAX_DARK_FRACTION) };
  }
  return { ...base, value: null, guess: true, status: 'needs-review', reasons: ['marginal-mark'], confidence: 0.3 };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function round4(value: number): number {
  return Math.round(value * 10000) / 10000;
}
