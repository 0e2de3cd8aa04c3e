/**
 * The one decision for a digit field from its cell crops: read every cell (read-digits.ts), then `auto` only when
 * every cell is confident AND the value is whole and in range for its preset and min/max; otherwise needs-review
 * with the machine's best guess. Cross-field checks come after, in check-fields.ts. Pure.
 */
import type { DigitsField, FieldLayout, FieldReading, GrayImage } from '../model/index.js';
import type { DigitClassifier } from './digit-classifier.js';
import { readDigitField } from './read-digits.js';
import { DOB_MAX_YEAR, DOB_MIN_YEAR } from './thresholds.js';

/** What validation needs of a digit field's definition. */
export type DigitsSpec = Pick<DigitsField, 'preset' | 'count' | 'min' | 'max'>;

/** Why confidently read digits are still not a value: a gap, a partly filled date, or a part out of range. */
export type DigitsProblem = 'gap' | 'incomplete' | 'day' | 'month' | 'year' | 'hours' | 'minutes' | 'below-min' | 'above-max';

/** Presets whose every cell must be written: a date, time, postcode or phone number with a cell missing is not a value. */
const FULL_PRESETS: ReadonlySet<DigitsSpec['preset']> = new Set(['date', 'dob', 'time', 'postcode', 'phone']);
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function decideDigitField(
  field: FieldLayout,
  spec: DigitsSpec | undefined,
  cells: readonly GrayImage[],
  written: readonly boolean[],
  darkFractions: readonly number[],
  classifier?: DigitClassifier,
): FieldReading {
  const base = { cellsWritten: written.filter(Boolean).length, cellDarkFractions: darkFractions };
  const empty: FieldReading = { fieldId: field.id, kind: 'digits', value: null, status: 'empty', confidence: 1, reasons: [], metrics: base };
  // The cheap ink test saw nothing in any cell: the field is empty without running the classifier.
  if (!written.some(Boolean)) return empty;
  const reading = classifier ? readDigitField(cells, classifier) : readDigitField(cells);
  const cellConfidences = reading.cells.map((cell) => round4(cell.confidence));
  const confidence = round4(Math.min(1, ...reading.cells.map((cell) => cell.confidence)));
  const metrics = { ...base, cellConfidences, cellGuess: reading.guess };
  const guess = reading.guess.trim();
  if (!reading.allConfident) {
    return { fieldId: field.id, kind: 'digits', value: reading.value, ...(guess ? { guess } : {}), status: 'needs-review', confidence,
      reasons: ['digits-unsure'], metrics };
  }
  // Every cell confident and all blank: the ink the cheap test saw was the border or dust.
  if (reading.value === '') return { ...empty, metrics };
  const problem = validateDigits(reading.cells.map((cell) => cell.value ?? ' ').join(''), spec);
  if (problem) {
    return { fieldId: field.id, kind: 'digits', value: reading.value, guess, status: 'needs-review', confidence,
      reasons: ['digits-out-of-range'], metrics: { ...metrics, digitsProblem: problem } };
  }
  return { fieldId: field.id, kind: 'digits', value: reading.value, status: 'auto', confidence, reasons: [], metrics };
}

/**
 * Checks confidently read cells (' ' = blank cell) against the field: no blank between digits, every cell of a
 * date/time/postcode/phone written, date parts and times in range, the field's own min/max. null = valid.
 */
export function validateDigits(cells: string, spec: DigitsSpec | undefined): DigitsProblem | null {
  const digits = cells.trim();
  if (digits.includes(' ')) return 'gap';
  if (!spec) return null;
  if (FULL_PRESETS.has(spec.preset) && digits.length !== cells.length) return 'incomplete';
  const part = (from: number, length: number): number => Number(digits.slice(from, from + length));
  if (spec.preset === 'date' || spec.preset === 'dob') {
    const day = part(0, 2);
    const month = part(2, 2);
    if (month < 1 || month > 12) return 'month';
    if (day < 1 || day > (DAYS_IN_MONTH[month - 1] ?? 31)) return 'day';
    if (spec.preset === 'dob' && digits.length === 8) {
      const year = part(4, 4);
      if (year < DOB_MIN_YEAR || year > DOB_MAX_YEAR) return 'year';
    }
  }
  if (spec.preset === 'time') {
    if (part(0, 2) > 23) return 'hours';
    if (part(2, 2) > 59) return 'minutes';
  }
  const value = Number(digits);
  if (spec.min !== undefined && value < spec.min) return 'below-min';
  if (spec.max !== undefined && value > spec.max) return 'above-max';
  return null;
}

function round4(value: number): number {
  return Math.round(value * 10000) / 10000;
}
