/**
 * Family-link batches with ground truth, at the transcribed level: safe registrations, seekers of whom some look
 * for a registered person (spelled as people spell: other transliterations, swapped names, particles dropped,
 * typos, an age instead of a date of birth, a phone number in another format, another site), look-alike
 * non-matches (same surname, same birth year) and people registered twice. Pure: seed in, sheet values out.
 */
import { createRng, inCyrillic, moveParticles, otherSpelling, typo, type Rng } from '../model/index.js';
import { drawPerson, lookAlike, type SheetValues, type SimPerson } from './family-link-people.js';

export interface FamilyLinkBatchRequest {
  readonly safe: number;
  readonly seekers: number;
  /** Seekers looking for someone who registered safe. */
  readonly truePairs: number;
  /** Registrations that are a second registration of an earlier one, at another site. */
  readonly duplicates: number;
  readonly sites: readonly string[];
  readonly seed: number;
  /** Day the sheets were filled in (default 14 March 2026). */
  readonly date?: Date;
  /** First serial at each site (default 1): lets a batch take printed serials after those already scanned. */
  readonly serialFrom?: number;
}

export interface FamilyLinkSimSheet {
  readonly site: string;
  readonly serial: number;
  readonly values: SheetValues;
}

export interface FamilyLinkTruth {
  /** [seeker sheet index, safe sheet index]: the person sought registered on that sheet. */
  readonly seekerSafe: readonly (readonly [number, number])[];
  /** [first, second] safe sheet indexes of one person registered twice. */
  readonly registrations: readonly (readonly [number, number])[];
  /** Seeker sheet indexes looking for someone who did not register (some of them look-alikes). */
  readonly unmatchedSeekers: readonly number[];
}

export interface FamilyLinkBatch {
  readonly sheets: readonly FamilyLinkSimSheet[];
  readonly truth: FamilyLinkTruth;
}

function ageOn(person: SimPerson, date: Date): number {
  const day = Number(person.dob.slice(0, 2));
  const month = Number(person.dob.slice(2, 4));
  const year = Number(person.dob.slice(4, 8));
  const before = date.getUTCMonth() + 1 < month || (date.getUTCMonth() + 1 === month && date.getUTCDate() < day);
  return date.getUTCFullYear() - year - (before ? 1 : 0);
}

function sheetDate(date: Date): string {
  return `${String(date.getUTCDate()).padStart(2, '0')}${String(date.getUTCMonth() + 1).padStart(2, '0')}${String(date.getUTCFullYear() % 100).padStart(2, '0')}`;
}

function header(site: string, date: Date, type: string, rng: Rng): SheetValues {
  return { site_code: site, date: sheetDate(date), time: `${String(rng.int(8, 21)).padStart(2, '0')}${String(rng.int(0, 59)).padStart(2, '0')}`, volunteer_no: String(rng.int(1000, 1200)), req_type: type };
}

/** A person's own registration, written by themself: Ukrainians often in Cyrillic. */
function registrationValues(person: SimPerson, date: Date, rng: Rng): SheetValues {
  const cyrillic = person.origin === 'ukrainian' && rng.chance(0.4);
  const other = rng.chance(0.1) ? otherSpelling(person.given, rng) : null;
  return {
    p_family: cyrillic ? inCyrillic(person.family) : person.family, p_given: cyrillic ? inCyrillic(person.given) : person.given,
    p_other: other, p_sex: person.sex,
    ...(rng.chance(0.85) ? { p_dob: person.dob, p_age: null } : { p_dob: null, p_age: String(ageOn(person, date)).padStart(3, '0') }),
    p_addr: null, p_pc: rng.chance(0.9) ? person.pc4 : null, p_phone: rng.chance(0.7) ? person.phone : null, p_now: rng.pick(['home', 'family_friends', 'shelter', 'hospital']),
    p_msgs: ['safe_well'], msg: rng.chance(0.5) ? 'ALLE PERSONEN VEILIG' : null,
    k1_share_name: rng.chance(0.8) ? 'yes' : 'no', k2_share_where: rng.chance(0.6) ? 'yes' : 'no', k3_list: rng.chance(0.5) ? 'yes' : 'no',
  };
}

/** How a relative writes the person sought: from memory, in Latin letters, with the slips people make. */
function soughtValues(person: SimPerson, date: Date, rng: Rng): SheetValues {
  let given = rng.chance(0.35) ? otherSpelling(person.given, rng) ?? person.given : person.given;
  let family = rng.chance(0.2) ? otherSpelling(person.family, rng) ?? person.family : person.family;
  family = (rng.chance(0.5) ? moveParticles(family, rng) : null) ?? family;
  if (rng.chance(0.2)) {
    if (rng.chance(0.5)) family = typo(family, rng);
    else given = typo(given, rng);
  }
  if (rng.chance(0.1)) [given, family] = [family, given];
  const age = ageOn(person, date) + (rng.chance(0.25) ? rng.pick([-1, 1, 2]) : 0);
  const dob = rng.chance(0.3) ? (rng.chance(0.1) ? person.dob.slice(0, 7) + String((Number(person.dob[7]) + 1) % 10) : person.dob) : null;
  const phone = rng.chance(0.3) ? `TEL +31 6 ${person.phone.slice(2, 6)} ${person.phone.slice(6)}` : null;
  return {
    s_family: family, s_given: given, s_other: null, s_sex: rng.chance(0.8) ? person.sex : null,
    s_dob: dob, s_age: dob ? null : String(Math.max(0, age)).padStart(3, '0'),
    s_rel: rng.pick(['partner', 'child', 'parent', 'sibling', 'grand', 'relative', 'friend_neighbour']),
    s_pc: rng.chance(0.6) ? person.pc4 : null, s_descr: phone, s_last_place: null,
  };
}

function otherSite(sites: readonly string[], site: string, rng: Rng): string {
  const others = sites.filter((candidate) => candidate !== site);
  return others.length > 0 ? rng.pick(others) : site;
}

/** A batch of `safe` registrations then `seekers` seeker sheets, with the truth of who is whom. */
export function generateFamilyLinkBatch(request: FamilyLinkBatchRequest): FamilyLinkBatch {
  const rng = createRng(request.seed);
  const date = request.date ?? new Date(Date.UTC(2026, 2, 14));
  const sheets: FamilyLinkSimSheet[] = [];
  const people: SimPerson[] = [];
  const serials = new Map<string, number>();
  const add = (site: string, values: SheetValues): number => {
    const serial = (serials.get(site) ?? (request.serialFrom ?? 1) - 1) + 1;
    serials.set(site, serial);
    sheets.push({ site, serial, values });
    return sheets.length - 1;
  };
  const registrations: [number, number][] = [];
  for (let index = 0; index < request.safe; index++) {
    const sheetRng = rng.fork(`safe-${index}`);
    const duplicateOf = index >= request.safe - request.duplicates && people.length > 0 ? sheetRng.int(0, people.length - 1) : -1;
    const person = duplicateOf >= 0 ? people[duplicateOf]! : drawPerson(sheetRng);
    const site = duplicateOf >= 0 ? otherSite(request.sites, sheets[duplicateOf]!.site, sheetRng) : sheetRng.pick(request.sites);
    const sheet = add(site, { ...header(site, date, 'safe', sheetRng), ...registrationValues(person, date, sheetRng) });
    if (duplicateOf >= 0) registrations.push([duplicateOf, sheet]);
    else people.push(person);
  }
  const registered = people.length;
  const seekerSafe: [number, number][] = [];
  const unmatchedSeekers: number[] = [];
  const soughtIndexes = new Set<number>();
  for (let index = 0; index < request.seekers; index++) {
    const sheetRng = rng.fork(`seeker-${index}`);
    let sought: SimPerson;
    let truth = -1;
    if (index < request.truePairs) {
      do truth = sheetRng.int(0, registered - 1); while (soughtIndexes.has(truth));
      soughtIndexes.add(truth);
      sought = people[truth]!;
    } else {
      sought = sheetRng.chance(0.5) ? lookAlike(people[sheetRng.int(0, registered - 1)]!, sheetRng) : drawPerson(sheetRng);
    }
    // The enquirer is a relative: often the same family name, often the same neighbourhood.
    const enquirer = { ...drawPerson(sheetRng), ...(sheetRng.chance(0.6) ? { family: sought.family, pc4: sought.pc4 } : {}) };
    const site = truth >= 0 && sheetRng.chance(0.85) ? otherSite(request.sites, sheets[truth]!.site, sheetRng) : sheetRng.pick(request.sites);
    const own = registrationValues(enquirer, date, sheetRng);
    const sheet = add(site, { ...header(site, date, 'seeking', sheetRng), ...own, p_msgs: [], ...soughtValues(sought, date, sheetRng) });
    if (truth >= 0) seekerSafe.push([sheet, truth]);
    else unmatchedSeekers.push(sheet);
  }
  return { sheets, truth: { seekerSafe, registrations, unmatchedSeekers } };
}
