/**
 * The radio summary block of a site-situation sheet (v2, page 2) as a SITREP: the coordinator writes the figures in
 * numbered lines at the end of a shift, in the message's own order, and the operator reads them out; scanned, the same
 * lines make the same message. Pure: the block's field values as read and settled in, the SITREP's figures out, or a
 * refusal that names the line a person has to look at. Never guesses: a line still in review, not read yet or left
 * blank refuses the whole message (a message with one figure missing would be read as that figure being zero).
 *
 * A count of 1 to 4 becomes FEW, as the public report hides it (radio is sent in the clear); 0 and 5 or more are sent
 * as written. The workspace may also send HIDDEN (a count hidden so that a small one elsewhere cannot be worked out):
 * paper alone cannot know that, so a summary never does.
 */
import type { FieldStatus, FieldValue } from '../model/index.js';
import { NEED_WORDS, validDate, validTime, type SitrepCount, type SitrepFigures } from './sitrep.js';

/** One line of the printed block: its number, the field it is read from, and what it is called in a refusal. */
export interface SummaryLine {
  readonly line: number;
  readonly fieldId: string;
  readonly name: string;
}

/** The block's fields, line by line, as forms/site-situation/v2.json prints them. */
export const SUMMARY_LINES: readonly SummaryLine[] = [
  { line: 1, fieldId: 'radio_date', name: 'date of the figures' },
  { line: 2, fieldId: 'radio_time', name: 'time of the figures' },
  { line: 3, fieldId: 'radio_households', name: 'HOUSEHOLDS' },
  { line: 4, fieldId: 'radio_persons', name: 'PERSONS' },
  { line: 5, fieldId: 'radio_urgent', name: 'URGENT' },
  // Lines 6–8: a need circled and its households.
  ...[1, 2, 3].flatMap((n) => [
    { line: 5 + n, fieldId: `radio_need${n}`, name: `need ${n}` },
    { line: 5 + n, fieldId: `radio_need${n}_n`, name: `households with need ${n}` },
  ]),
  { line: 9, fieldId: 'radio_safe', name: 'SAFE' },
  { line: 10, fieldId: 'radio_tracing', name: 'TRACING' },
];

/** A field of the block as stored: its current value and status; absent when its page has not been read. */
export interface SummaryField {
  readonly value: FieldValue;
  readonly status: FieldStatus;
}

export type SummaryRefusalReason = 'not-read' | 'unsure' | 'blank-line' | 'invalid';

export type SummaryResult =
  | { readonly ok: true; readonly figures: SitrepFigures }
  /** Nothing written in the block: this shift sends no summary (not an error). */
  | { readonly ok: false; readonly reason: 'no-summary'; readonly message: string }
  | { readonly ok: false; readonly reason: SummaryRefusalReason; readonly line: number; readonly fieldId: string; readonly message: string };

/** Highest count a summary cell row can hold and a SITREP carries. */
const MAX_COUNT = 99_999;
/** The public report's smallest shown count: 1 to 4 go out as FEW. */
const MIN_SHOWN = 5;

class Refusal extends Error {
  constructor(readonly reason: SummaryRefusalReason, readonly entry: SummaryLine, detail: string) {
    super(`Line ${entry.line} (${entry.name}): ${detail}`);
  }
}

const isBlank = (field: SummaryField): boolean =>
  field.status === 'empty' || field.value === null || field.value === '' || field.value === false || (Array.isArray(field.value) && field.value.length === 0);

/**
 * The SITREP figures of a site-situation sheet's summary block. `fields` holds the sheet's fields by id (others are
 * ignored); `site` is the sheet's own site code (from its QR code), which the block does not repeat.
 */
export function sitrepFromSummary(site: string, fields: Readonly<Record<string, SummaryField | undefined>>): SummaryResult {
  const entries = SUMMARY_LINES.map((entry) => ({ entry, field: fields[entry.fieldId] }));
  if (entries.every(({ field }) => field !== undefined && isBlank(field))) {
    return { ok: false, reason: 'no-summary', message: 'The radio summary block is blank: this sheet sends no SITREP.' };
  }
  try {
    // Every line settled first, in print order, so the refusal names the first line a person has to look at.
    for (const { entry, field } of entries) {
      if (field === undefined) throw new Refusal('not-read', entry, 'not read yet (is page 2 of the sheet scanned?).');
      if (field.status === 'needs-review') throw new Refusal('unsure', entry, 'not sure yet: settle it in review first.');
    }
    const settled = (fieldId: string): { entry: SummaryLine; field: SummaryField } => entries.find((item) => item.entry.fieldId === fieldId) as { entry: SummaryLine; field: SummaryField };
    const digits = (fieldId: string): string => {
      const { entry, field } = settled(fieldId);
      if (isBlank(field)) throw new Refusal('blank-line', entry, 'left blank; write 0 when there are none.');
      if (typeof field.value !== 'string' || !/^\d+$/.test(field.value)) throw new Refusal('invalid', entry, `"${String(field.value)}" is not written in digits.`);
      return field.value;
    };
    const count = (fieldId: string): SitrepCount => {
      const value = Number(digits(fieldId));
      if (value > MAX_COUNT) throw new Refusal('invalid', settled(fieldId).entry, `${value} is more than a SITREP carries.`);
      return value >= 1 && value < MIN_SHOWN ? 'few' : value;
    };
    const dateDigits = digits('radio_date');
    const date = dateDigits.slice(0, 4);
    if (dateDigits.length !== 6 || !validDate(date)) throw new Refusal('invalid', settled('radio_date').entry, `"${dateDigits}" is not a date (DD-MM-YY).`);
    const time = digits('radio_time');
    if (!validTime(time)) throw new Refusal('invalid', settled('radio_time').entry, `"${time}" is not a time (HH:MM).`);
    const households = count('radio_households');
    const persons = count('radio_persons');
    const urgent = count('radio_urgent');
    const needs: { code: string; households: SitrepCount }[] = [];
    for (const index of [1, 2, 3]) {
      const choice = settled(`radio_need${index}`);
      const number = settled(`radio_need${index}_n`);
      if (isBlank(choice.field) && isBlank(number.field)) continue;
      if (isBlank(choice.field)) throw new Refusal('blank-line', choice.entry, 'households are written but no need is circled.');
      const code = choice.field.value;
      if (typeof code !== 'string' || !NEED_WORDS.includes(code.toUpperCase())) throw new Refusal('invalid', choice.entry, `"${String(code)}" is not one need of the list.`);
      if (needs.some((need) => need.code === code)) throw new Refusal('invalid', choice.entry, `${code.toUpperCase()} is circled on an earlier line too.`);
      if (isBlank(number.field)) throw new Refusal('blank-line', number.entry, `${code.toUpperCase()} is circled but its households are not written.`);
      const households = count(number.entry.fieldId);
      // As the workspace does: a need no household named is not sent.
      if (households !== 0) needs.push({ code, households });
    }
    const safe = count('radio_safe');
    const tracing = count('radio_tracing');
    return { ok: true, figures: { site: site.toUpperCase(), date, time, households, persons, urgent, needs, safe, tracing } };
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    return { ok: false, reason: error.reason, line: error.entry.line, fieldId: error.entry.fieldId, message: error.message };
  }
}
