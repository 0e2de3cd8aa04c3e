/**
 * Comparison keys of one family-link person (the registering person of a sheet, or the person sought on it): name
 * words, phone in E.164, date of birth or the birth years a stated age allows, PC4 and PC2, sex. Pure: takes the
 * transcribed values as stored after review and returns new values; the typed values are never changed.
 */
import libphonenumber from 'google-libphonenumber';
import { nameKeys, type NameKeys } from './name-keys.js';

const PHONES = libphonenumber.PhoneNumberUtil.getInstance();
/** Numbers written without a country code are Dutch: the forms are used at Dutch support points. */
const DEFAULT_REGION = 'NL';
/** A phone number written in free text (description, other names): 9–15 digits with spaces, dots or dashes. */
const PHONE_IN_TEXT = /(?:\+|00)?\d[\d .-]{7,17}\d/g;

/** Which person of a sheet: the one registering (safe, or the enquirer) or the one sought. */
export type PersonSide = 'person' | 'sought';

export interface ComparisonKeys extends NameKeys {
  /** E.164 (+31612345678) when the number parses as valid, else its digits; null when none. */
  readonly phone: string | null;
  /** YYYYMMDD when a whole, possible date of birth was written. */
  readonly dob: string | null;
  /** Birth years that fit: [y, y] from a date of birth, [ref − age − 1, ref − age] from a stated age. */
  readonly birthYears: readonly [number, number] | null;
  readonly pc4: string | null;
  readonly pc2: string | null;
  readonly sex: string | null;
}

/** The transcribed values of one person, by role rather than by field id (the sheet's p_ and s_ fields). */
export interface PersonValues {
  readonly given: string | null;
  readonly family: string | null;
  readonly other: string | null;
  readonly sex: string | null;
  readonly dob: string | null;
  readonly age: string | null;
  readonly postcode: string | null;
  readonly phone: string | null;
  /** Free text that may hold a phone number (the sought person's description). */
  readonly freeText: string | null;
}

/** Normalised phone number, or null. Invalid but long enough numbers keep their digits so a typo still blocks apart. */
export function normalisePhone(written: string | null): string | null {
  if (!written) return null;
  const digits = written.replace(/\D/g, '');
  if (digits.length < 6) return null;
  try {
    const parsed = PHONES.parseAndKeepRawInput(written, DEFAULT_REGION);
    if (PHONES.isValidNumber(parsed)) return PHONES.format(parsed, libphonenumber.PhoneNumberFormat.E164);
  } catch {
    // Not a phone number libphonenumber can parse: keep the digits (below), a person will see the evidence.
  }
  return digits;
}

/** The first valid phone number written inside free text, or null. */
export function phoneInText(text: string | null): string | null {
  for (const match of text?.match(PHONE_IN_TEXT) ?? []) {
    const phone = normalisePhone(match);
    if (phone?.startsWith('+')) return phone;
  }
  return null;
}

/** DDMMYYYY (the dob digits field) → YYYYMMDD, or null when incomplete or impossible. */
export function parseDob(written: string | null): string | null {
  const digits = written?.replace(/\D/g, '') ?? '';
  if (digits.length !== 8) return null;
  const day = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const year = Number(digits.slice(4, 8));
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2100) return null;
  return `${digits.slice(4, 8)}${digits.slice(2, 4)}${digits.slice(0, 2)}`;
}

/** Birth years from a date of birth, else from a stated age at the reference year (a birthday may be still to come). */
export function birthYears(dob: string | null, age: string | null, referenceYear: number): readonly [number, number] | null {
  if (dob) {
    const year = Number(dob.slice(0, 4));
    return [year, year];
  }
  const years = age ? Number(age.replace(/\D/g, '')) : Number.NaN;
  if (!Number.isFinite(years) || years < 0 || years > 120 || age?.replace(/\D/g, '') === '') return null;
  return [referenceYear - years - 1, referenceYear - years];
}

function blankToNull(text: string | null): string | null {
  const trimmed = text?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** All comparison keys of one person; `referenceYear` is the year the sheet was filled in (for a stated age). */
export function makeComparisonKeys(values: PersonValues, referenceYear: number): ComparisonKeys {
  const names = nameKeys(blankToNull(values.given), blankToNull(values.family), blankToNull(values.other));
  const dob = parseDob(values.dob);
  const postcode = values.postcode?.replace(/\D/g, '') ?? '';
  const phone = normalisePhone(blankToNull(values.phone)) ?? phoneInText(values.freeText) ?? phoneInText(values.other);
  return {
    ...names,
    phone,
    dob,
    birthYears: birthYears(dob, values.age, referenceYear),
    pc4: postcode.length === 4 ? postcode : null,
    pc2: postcode.length >= 2 ? postcode.slice(0, 2) : null,
    sex: blankToNull(values.sex),
  };
}
