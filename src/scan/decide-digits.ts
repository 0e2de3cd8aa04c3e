/**
 * The one decision for a digit field from its cells as read (read-digits.ts): empty only when no cell holds ink;
 * `auto` only when its least sure cell reaches its preset's threshold AND the value is whole and in range for its
 * preset and min/max; otherwise needs-review with the machine's best guess. Cross-field checks come after, in
 * check-fields.ts (a sum that holds may accept counts just below their own threshold). Pure.
 */
import type { DigitsField, FieldLayout, FieldReading } from '../model/index.js';
import type { DigitFieldReading } from './read-digits.js';
import {
  DIGIT_ACCEPT_MIN_CONFIDENCE, DIGIT_FIELD_ACCEPT_MIN_CONFIDENCE, DIGIT_INK_SEEN_MIN_PX, DIGIT_SITE_AGREEMENT_MIN_CONFIDENCE, DIGIT_SUM_ACCEPT_MIN_CONFIDENCE, DOB_MAX_YEAR, DOB_MIN_YEAR,
} from './thresholds.js';

/** What validation needs of a digit field's definition. */
export type DigitsSpec = Pick<DigitsField, 'preset' | 'count' | 'min' | 'max' | 'recursAtSite'>;

/** Why confidently read digits are still not a value: a gap, a partly filled date, or a part out of range. */
export type DigitsProblem = 'gap' | 'trailing-blank' | 'incomplete' | 'phone-prefix' | 'day' | 'month' | 'year' | 'hours' | 'minutes' | 'below-min' | 'above-max';

/** Presets whose every cell must be written: a date, time, postcode or phone number with a cell missing is not a value. */
const FULL_PRESETS: ReadonlySet<DigitsSpec['preset']> = new Set(['date', 'dob', 'time', 'postcode', 'phone']);
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function decideDigitField(field: FieldLayout, spec: DigitsSpec | undefined, reading: DigitFieldReading): FieldReading {
  const cellInkPx = reading.cells.map((cell) => cell.metrics.inkPx ?? 0);
  const base = { cellsWritten: cellInkPx.filter((px) => px >= DIGIT_INK_SEEN_MIN_PX).length, cellInkPx };
  // The first look found no ink in any cell: the field is empty (the nets never ran). A field with ink never is.
  if (!reading.inkSeen) return { fieldId: field.id, kind: 'digits', value: null, status: 'empty', confidence: 1, reasons: [], metrics: base };
  const cellConfidences = reading.cells.map((cell) => round4(cell.confidence));
  const confidence = round4(Math.min(1, ...reading.cells.map((cell) => cell.confidence)));
  const metrics = { ...base, cellConfidences, cellGuess: reading.guess };
  const guess = reading.guess.trim();
  const asRead = reading.cells.map((cell) => cell.value ?? ' ').join('');
  const problem = validateDigits(asRead, spec);
  // What the form knows vouches for the reading: a preset whose checks catch most misreads accepts at a lower
  // confidence (thresholds.ts, tuned per preset on validation fields); the checks never change a value.
  const threshold = spec ? DIGIT_FIELD_ACCEPT_MIN_CONFIDENCE[spec.preset] : DIGIT_ACCEPT_MIN_CONFIDENCE;
  if (confidence < threshold) {
    // A count sure enough to be vouched for by its form's sum check, if that check holds (check-fields.ts).
    const sumCandidate = spec?.preset === 'count' && problem === null && confidence >= DIGIT_SUM_ACCEPT_MIN_CONFIDENCE;
    // A site code or volunteer number, whole, that other sheets of the site may vouch for (model/site-agreement.ts).
    const agreementCandidate = spec?.recursAtSite === true && problem === null && !asRead.includes(' ') && confidence >= DIGIT_SITE_AGREEMENT_MIN_CONFIDENCE;
    return { fieldId: field.id, kind: 'digits', value: reading.value, ...(guess ? { guess } : {}), status: 'needs-review', confidence,
      reasons: ['digits-unsure'], metrics: { ...metrics, ...(sumCandidate ? { sumCandidate } : {}), ...(agreementCandidate ? { agreementCandidate } : {}) } };
  }
  if (problem) {
    return { fieldId: field.id, kind: 'digits', value: asRead.replace(/ /g, ''), guess, status: 'needs-review', confidence,
      reasons: ['digits-out-of-range'], metrics: { ...metrics, digitsProblem: problem } };
  }
  return { fieldId: field.id, kind: 'digits', value: asRead.replace(/ /g, ''), status: 'auto', confidence, reasons: [], metrics };
}

/**
 * Checks confidently read cells (' ' = blank cell) against the field: no blank between digits, every cell of a
 * date/time/postcode/phone written, date parts and times in range, the field's own min/max. null = valid.
 */
export function validateDigits(cells: string, spec: DigitsSpec | undefined): DigitsProblem | null {
  const digits = cells.trim();
  if (digits.includes(' ')) return 'gap';
  if (!spec) return null;
  // A count is written to the right of its comb: " 3" is 3, but "3 " may be a 3 or a 30 left unfinished.
  if (spec.preset === 'count' && digits.length > 0 && cells.endsWith(' ')) return 'trailing-blank';
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
  // A Dutch phone number has ten digits and starts with 0 (06 mobile, 0xx area codes).
  if (spec.preset === 'phone' && digits.length === 10 && !digits.startsWith('0')) return 'phone-prefix';
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
