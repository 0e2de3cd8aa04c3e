/**
 * The people on family-link sheets, as the matcher sees them: the registering person of every sheet (safe, or the
 * enquirer when only looking for someone) and the person sought, each with comparison keys. Pure: sheet values in,
 * people out.
 */
import type { FieldValue } from '../model/index.js';
import type { FamilyLinkSheetRow } from '../store/index.js';
import { makeComparisonKeys, type ComparisonKeys, type PersonSide, type PersonValues } from './comparison-keys.js';

/** Bumped whenever the keys change meaning, so stored keys from an older paperlink are recomputed, never compared. */
export const KEY_VERSION = 1;

/** safe: registered "I am safe" · enquirer: registered only to look for someone · sought: the person looked for. */
export type PersonRole = 'safe' | 'enquirer' | 'sought';

export interface FamilyLinkPerson {
  readonly sheetId: number;
  readonly side: PersonSide;
  readonly role: PersonRole;
  readonly site: string;
  readonly serial: number;
  readonly keys: ComparisonKeys;
}

function text(value: FieldValue | undefined): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (Array.isArray(value)) return value.length > 0 ? value.join(' ') : null;
  return null;
}

/** The year the sheet was filled in: its date field (DDMMYY), else the year it was first scanned. */
export function referenceYear(sheet: FamilyLinkSheetRow): number {
  const written = text(sheet.values.date)?.replace(/\D/g, '') ?? '';
  if (written.length === 6) return 2000 + Number(written.slice(4, 6));
  return Number(sheet.firstSeen.slice(0, 4));
}

/** What staff typed for one side of a sheet (prefix p: the person registering, s: the person sought). */
export function personValues(values: Readonly<Record<string, FieldValue>>, prefix: 'p' | 's'): PersonValues {
  return {
    given: text(values[`${prefix}_given`]), family: text(values[`${prefix}_family`]), other: text(values[`${prefix}_other`]),
    sex: text(values[`${prefix}_sex`]), dob: text(values[`${prefix}_dob`]), age: text(values[`${prefix}_age`]),
    postcode: text(values[`${prefix}_pc`]), phone: prefix === 'p' ? text(values.p_phone) : null,
    freeText: prefix === 's' ? text(values.s_descr) : null,
  };
}

/** The one or two people of a sheet. A sheet without any name for a side has no person on that side. */
export function peopleOfSheet(sheet: FamilyLinkSheetRow): FamilyLinkPerson[] {
  const type = text(sheet.values.req_type);
  const year = referenceYear(sheet);
  const people: FamilyLinkPerson[] = [];
  const person = personValues(sheet.values, 'p');
  if (person.given || person.family) {
    people.push({ sheetId: sheet.sheetId, side: 'person', role: type === 'seeking' ? 'enquirer' : 'safe', site: sheet.site, serial: sheet.serial, keys: makeComparisonKeys(person, year) });
  }
  const sought = personValues(sheet.values, 's');
  if (type !== 'safe' && (sought.given || sought.family)) {
    people.push({ sheetId: sheet.sheetId, side: 'sought', role: 'sought', site: sheet.site, serial: sheet.serial, keys: makeComparisonKeys(sought, year) });
  }
  return people;
}
