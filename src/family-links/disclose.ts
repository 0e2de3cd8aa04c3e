/**
 * What a tracing officer may tell an enquirer about a person found, decided by that person's consents alone
 * (family-link form, section 3): K1 name and message, K2 whereabouts; without K1 only "found, does not wish
 * contact". Pure. Anything not named here (date of birth, address, phone, postcode, relationship, description) is
 * never disclosed: this module is the only place that picks values for the enquirer.
 */
import type { FieldValue } from '../model/index.js';

export interface Whereabouts {
  /** Where the person is staying, as ticked (home, family or friends, shelter, hospital, other). */
  readonly staying: string | null;
  /** The support point where the person registered, and whether they can be reached through it. */
  readonly site: string;
  readonly reachableViaSite: boolean;
}

export type Disclosure =
  | {
    readonly kind: 'name-and-message';
    readonly name: string;
    readonly message: string | null;
    readonly standardMessages: readonly string[];
    /** Null unless K2 was answered yes (and the person is an adult). */
    readonly whereabouts: Whereabouts | null;
    /** Why something was held back, for the officer ("K2 not given", "minor: the coordinator decides"). */
    readonly withheld: readonly string[];
  }
  | { readonly kind: 'found-no-contact'; readonly withheld: readonly string[] };

function text(value: FieldValue | undefined): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** Under 18 on the reference date by the written date of birth or age; unknown counts as not a minor. */
export function isMinor(values: Readonly<Record<string, FieldValue>>, referenceYear: number): boolean {
  const dob = text(values.p_dob)?.replace(/\D/g, '') ?? '';
  if (dob.length === 8) return referenceYear - Number(dob.slice(4, 8)) < 18;
  const age = Number(text(values.p_age)?.replace(/\D/g, '') ?? Number.NaN);
  return Number.isFinite(age) && age < 18;
}

/**
 * The disclosure for a confirmed match, from the registered person's sheet values. A consent not answered is a
 * no. For a minor the whereabouts are never given automatically: the RFL coordinator decides (ICRC priority on
 * separated children, and the enquirer's claim to be a parent is not checked here).
 */
export function disclosureFor(values: Readonly<Record<string, FieldValue>>, site: string, referenceYear: number): Disclosure {
  const k1 = text(values.k1_share_name) === 'yes';
  const k2 = text(values.k2_share_where) === 'yes';
  if (!k1) return { kind: 'found-no-contact', withheld: ['K1 not given: no name, message or whereabouts'] };
  const withheld: string[] = [];
  const minor = isMinor(values, referenceYear);
  if (!k2) withheld.push('K2 not given: no whereabouts');
  else if (minor) withheld.push('minor: whereabouts only by decision of the RFL coordinator');
  const via = values.p_via_site;
  return {
    kind: 'name-and-message',
    name: [text(values.p_given), text(values.p_family)].filter((part): part is string => part !== null).join(' '),
    message: text(values.msg),
    standardMessages: Array.isArray(values.p_msgs) ? [...values.p_msgs] : [],
    whereabouts: k2 && !minor ? { staying: text(values.p_now), site, reachableViaSite: Array.isArray(via) && via.includes('via_site') } : null,
    withheld,
  };
}
