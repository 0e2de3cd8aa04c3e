/**
 * The situation message ("SITREP") a site sends by radio: one line of plain words and numbers, in capitals as
 * radiograms are written, in a fixed order, at most 25 words, ending in a control total (the sum of every number in
 * it, date and time included) so that a misheard or miscopied number is caught. The preamble's check is the word
 * count, as radiogram practice has it. Pure: figures in, text out; text in, figures or the check that failed out.
 *
 *   SITREP AMS01 0312 1400 HOUSEHOLDS 18 PERSONS 51 URGENT 3 WATER 12 FOOD 9 MEDICATION 4 SAFE 5 TRACING 2 TOTAL 1816
 *
 * HOUSEHOLDS and PERSONS registered, URGENT households needing help now, up to three most-heard needs with their
 * households, SAFE ("I am safe") registrations and TRACING requests; counts for the site, never a person. Radio is
 * sent in the clear, so a count the public report hides is sent as the report shows it: FEW (1–4) or HIDDEN (hidden
 * so that a small count elsewhere cannot be worked out); neither is part of the total.
 */

/** Radiogram text: at most 25 words. */
export const MAX_SITREP_WORDS = 25;
/** The needs a message may name: the intake form's need options, as one capitalised word each. */
export const NEED_WORDS: readonly string[] = ['INFO', 'WATER', 'FOOD', 'WARMTH', 'SHELTER', 'MEDICAL', 'MEDICATION', 'FAMILY', 'PSS', 'CHARGING', 'TRANSPORT', 'HYGIENE', 'BABY', 'OTHER'];
const MAX_NEEDS = 3;
/** Highest count a message carries: five digits are read out reliably; a larger count is not a site's. */
const MAX_COUNT = 99_999;

/** A count as the public report shows it. */
export type SitrepCount = number | 'few' | 'hidden';

export interface SitrepFigures {
  readonly site: string;
  /** DDMM and HHMM, local time of the figures. */
  readonly date: string;
  readonly time: string;
  readonly households: SitrepCount;
  readonly persons: SitrepCount;
  readonly urgent: SitrepCount;
  /** Most-heard needs first; at most three. Code is the intake option value (water, food, …). */
  readonly needs: readonly { readonly code: string; readonly households: SitrepCount }[];
  readonly safe: SitrepCount;
  readonly tracing: SitrepCount;
}

export type SitrepCheck = 'word-count' | 'control-total' | 'format' | 'too-long';

export type ParsedSitrep =
  | { readonly ok: true; readonly figures: SitrepFigures; readonly words: number }
  | { readonly ok: false; readonly check: SitrepCheck; readonly message: string; readonly askAgain: readonly string[] };

function count(label: string, value: SitrepCount): string[] {
  if (value === 'few' || value === 'hidden') return [label, value.toUpperCase()];
  if (!Number.isInteger(value) || value < 0 || value > MAX_COUNT) throw new RangeError(`${label} ${value} is not a count a SITREP carries`);
  return [label, String(value)];
}

/** The message text for the figures (throws on figures no message may carry: a programming slip, not a user's). */
export function composeSitrep(figures: SitrepFigures): string {
  const needs = figures.needs.slice(0, MAX_NEEDS).map((need) => {
    const word = need.code.toUpperCase();
    if (!NEED_WORDS.includes(word)) throw new RangeError(`need ${need.code} has no SITREP word`);
    return count(word, need.households);
  });
  const words = [
    'SITREP', figures.site.toUpperCase(), figures.date, figures.time,
    ...count('HOUSEHOLDS', figures.households), ...count('PERSONS', figures.persons), ...count('URGENT', figures.urgent),
    ...needs.flat(), ...count('SAFE', figures.safe), ...count('TRACING', figures.tracing),
  ];
  const total = words.filter((word) => /^\d+$/.test(word)).reduce((sum, word) => sum + Number(word), 0);
  words.push('TOTAL', String(total));
  if (words.length > MAX_SITREP_WORDS) throw new RangeError(`SITREP of ${words.length} words`);
  return words.join(' ');
}

/** Words as received: any spacing, case and line breaks; "X" breaks and full stops some operators write are dropped. */
export function sitrepWords(text: string): string[] {
  return text.toUpperCase().replace(/[.,]/g, ' ').split(/\s+/).filter((word) => word !== '' && word !== 'X');
}

/** A DDMM that names a real day of the year (29 February allowed). */
export function validDate(ddmm: string): boolean {
  if (!/^\d{4}$/.test(ddmm)) return false;
  const day = Number(ddmm.slice(0, 2));
  const month = Number(ddmm.slice(2));
  return month >= 1 && month <= 12 && day >= 1 && day <= [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** An HHMM from 0000 to 2359. */
export function validTime(hhmm: string): boolean {
  return /^\d{4}$/.test(hhmm) && Number(hhmm.slice(0, 2)) <= 23 && Number(hhmm.slice(2)) <= 59;
}

const isCount = (word: string | undefined): boolean => word !== undefined && (/^\d{1,5}$/.test(word) || word === 'FEW' || word === 'HIDDEN');
const countOf = (word: string): SitrepCount => (word === 'FEW' ? 'few' : word === 'HIDDEN' ? 'hidden' : Number(word));

/**
 * Reads a received message against its preamble check (the word count the sender counted). Refuses, never repairs:
 * the operator is told which check failed and which words to ask again for.
 */
export function parseSitrep(text: string, check: number): ParsedSitrep {
  const words = sitrepWords(text);
  const fail = (kind: SitrepCheck, message: string, askAgain: readonly string[]): ParsedSitrep => ({ ok: false, check: kind, message, askAgain });
  if (words.length > MAX_SITREP_WORDS) return fail('too-long', `${words.length} words: a SITREP has at most ${MAX_SITREP_WORDS}.`, ['the whole message']);
  if (words.length !== check) {
    return fail('word-count', `${words.length} words received, the check says ${check}: a word was lost or heard twice.`, ['the whole text, word by word (ask for "words twice")']);
  }
  const [head, site, date, time] = words;
  if (head !== 'SITREP' || !site || !/^[A-Z0-9]{2,8}$/.test(site)) return fail('format', 'The message does not start with SITREP and a site code.', ['the first two words']);
  if (!date || !validDate(date)) return fail('format', `"${date ?? ''}" is not a date (DDMM).`, ['the date']);
  if (!time || !validTime(time)) return fail('format', `"${time ?? ''}" is not a time (HHMM).`, ['the time']);
  const figures: Record<string, SitrepCount> = {};
  const needs: { code: string; households: SitrepCount }[] = [];
  const order = ['HOUSEHOLDS', 'PERSONS', 'URGENT'];
  let at = 4;
  const expectCount = (label: string): { value: SitrepCount } | string => {
    if (words[at] !== label) return `"${words[at] ?? '(end)'}" where ${label} belongs`;
    if (!isCount(words[at + 1])) return `${label} is followed by "${words[at + 1] ?? '(end)'}", not a number`;
    const value = countOf(words[at + 1]!);
    at += 2;
    return { value };
  };
  for (const label of order) {
    const value = expectCount(label);
    if (typeof value === 'string') return fail('format', `${value}.`, [label]);
    figures[label] = value.value;
  }
  while (at < words.length && NEED_WORDS.includes(words[at]!) && needs.length < MAX_NEEDS) {
    if (!isCount(words[at + 1])) return fail('format', `${words[at]} is followed by "${words[at + 1] ?? '(end)'}", not a number.`, [words[at]!]);
    if (needs.some((need) => need.code === words[at]!.toLowerCase())) return fail('format', `${words[at]} is named twice.`, ['the needs']);
    needs.push({ code: words[at]!.toLowerCase(), households: countOf(words[at + 1]!) });
    at += 2;
  }
  for (const label of ['SAFE', 'TRACING', 'TOTAL']) {
    const value = expectCount(label);
    if (typeof value === 'string') return fail('format', `${value}.`, [label]);
    figures[label] = value.value;
  }
  if (at !== words.length) return fail('format', `"${words.slice(at).join(' ')}" after TOTAL.`, ['the end of the message']);
  const numbers = words.slice(0, words.length - 1).filter((word) => /^\d+$/.test(word));
  const sum = numbers.reduce((total, word) => total + Number(word), 0);
  if (typeof figures['TOTAL'] !== 'number') return fail('format', 'TOTAL is not a number.', ['TOTAL']);
  if (sum !== figures['TOTAL']) {
    return fail('control-total', `The numbers add up to ${sum}, the message says TOTAL ${figures['TOTAL']}: one of them was misheard.`,
      ['every number (date, time and each figure), read digit by digit']);
  }
  return {
    ok: true, words: words.length,
    figures: {
      site, date, time, households: figures['HOUSEHOLDS']!, persons: figures['PERSONS']!, urgent: figures['URGENT']!, needs,
      safe: figures['SAFE']!, tracing: figures['TRACING']!,
    },
  };
}
