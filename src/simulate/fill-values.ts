/**
 * Plausible values for every leaf field of a batch of sheets, in exactly the FieldReading value shapes.
 * Generic over any FormDefinition (by field kind and preset), plus the per-form plausibility the forms' meaning asks for
 * (household tables that add up, needs that follow vulnerabilities, stock that balances, numbered radio messages,
 * family-link names that match across the batch). Pure: no I/O, randomness only from the given Rng.
 */
import { leafFields, type DigitsField, type FieldId, type FormDefinition, type LeafField, type Option } from '../model/index.js';
import type { Rng } from '../model/index.js';

/** checkbox → ticked option values; choice → value | null; digits/text/wordgrid → string | null; signature → signed? */
export type TruthValue = readonly string[] | string | boolean | null;
export type SheetValues = Record<FieldId, TruthValue>;

/** Chance that a person fills a field, by requirement (required fields are sometimes forgotten: review must catch it). */
const FILL_CHANCE = { required: 0.985, optional: 0.45, conditional: 0.3 } as const;
/** Length of the blackout window the dates of one batch fall in (hours). */
const BLACKOUT_WINDOW_H = 72;
/** Sites open at about 07:00 and close about 23:00; times outside happen but rarely. */
const DAY_START_H = 7;
const DAY_END_H = 23;

export const NAME_LISTS = {
  dutch: { given: ['Sanne', 'Daan', 'Fenna', 'Bram', 'Anouk', 'Joris', 'Maaike', 'Wouter', 'Ilse', 'Sem', 'Lotte', 'Kees'],
    family: ['de Vries', 'Jansen', 'van Dijk', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'Bos', 'Vos', 'Peters'] },
  ukrainian: { given: ['Olena', 'Andrii', 'Iryna', 'Oleksandr', 'Nataliia', 'Dmytro', 'Kateryna', 'Serhii', 'Yuliia', 'Taras'],
    family: ['Shevchenko', 'Kovalenko', 'Bondarenko', 'Tkachenko', 'Kravchenko', 'Melnyk', 'Boiko', 'Oliinyk', 'Lysenko', 'Moroz'] },
  arabic: { given: ['Ahmad', 'Fatima', 'Mohammed', 'Aisha', 'Omar', 'Layla', 'Yusuf', 'Mariam', 'Khalid', 'Noor'],
    family: ['Haddad', 'Al-Masri', 'Khalil', 'Nasser', 'Saleh', 'Hamdan', 'Othman', 'Darwish', 'Youssef', 'Aziz'] },
  turkish: { given: ['Emre', 'Elif', 'Mehmet', 'Zeynep', 'Mustafa', 'Ayse', 'Burak', 'Fatma', 'Can', 'Esra'],
    family: ['Yilmaz', 'Kaya', 'Demir', 'Sahin', 'Celik', 'Yildiz', 'Aydin', 'Ozturk', 'Arslan', 'Dogan'] },
  polish: { given: ['Katarzyna', 'Piotr', 'Agnieszka', 'Tomasz', 'Magdalena', 'Krzysztof', 'Anna', 'Pawel', 'Joanna', 'Marek'],
    family: ['Nowak', 'Kowalski', 'Wisniewska', 'Wojcik', 'Kaminski', 'Lewandowska', 'Zielinski', 'Szymanska', 'Wozniak', 'Dabrowski'] },
} as const;
export type NameOrigin = keyof typeof NAME_LISTS;
const ORIGIN_WEIGHTS: readonly (readonly [NameOrigin, number])[] = [['dutch', 5], ['ukrainian', 2], ['arabic', 2], ['turkish', 1.5], ['polish', 1]];

const STREETS = ['KERKSTRAAT', 'DORPSSTRAAT', 'STATIONSWEG', 'JULIANALAAN', 'MOLENWEG', 'SCHOOLSTRAAT', 'BREESTRAAT', 'MARKT', 'HOOFDWEG', 'BEUKENLAAN'];
const TOWNS = ['AMSTERDAM', 'ZAANDAM', 'HAARLEM', 'UTRECHT', 'AMERSFOORT', 'ZWOLLE', 'ARNHEM', 'LEIDEN'];
const REMARKS = ['KOMT MORGEN TERUG', 'BUURVROUW HELPT', 'HEEFT GEEN TELEFOON', 'WACHT OP FAMILIE', 'TRAP KAPOT LIFT WERKT NIET',
  'KOUD IN HUIS', 'NEEDS INTERPRETER', 'DOCHTER BELT TERUG', 'HOND MEE', 'SLAAPT BIJ BUREN'];
const WORDS = ['ALLE', 'PERSONEN', 'VEILIG', 'WATER', 'NODIG', 'LOCATIE', 'OPVANG', 'SPORTHAL', 'STROOM', 'UITVAL', 'AGGREGAAT',
  'DIESEL', 'MORGEN', 'OCHTEND', 'BRENG', 'DEKENS', 'BABYVOEDING', 'ZIEKENHUIS', 'VOL', 'KIND', 'GEVONDEN', 'BEL', 'FAMILIE', 'X'];

export interface PersonName { readonly given: string; readonly family: string; readonly origin: NameOrigin }

/** What all sheets of one batch share: one site, a few volunteers, one blackout window, one neighbourhood. */
export interface BatchContext {
  /** Start of the blackout window, as a UTC calendar instant (only date and hour parts are written). */
  readonly windowStart: Date;
  readonly siteDigits: string;
  readonly volunteers: readonly string[];
  readonly postcodeBase: number;
  readonly town: string;
}

export function createBatchContext(rng: Rng, fixedWindowStart?: Date): BatchContext {
  // A date in 2025–2027 keeps DD-MM-YY unambiguous for the reader; UTC so no time-zone of the machine leaks in.
  const dayOffset = rng.int(0, 3 * 365);
  const sampledStart = new Date(Date.UTC(2025, 0, 1) + dayOffset * 86_400_000 + rng.int(0, 23) * 3_600_000);
  // Batches of one scenario (the demo's forms and sites) share one blackout; the draws above still happen, so a
  // fixed window changes nothing else.
  const windowStart = fixedWindowStart ?? sampledStart;
  const volunteers = Array.from({ length: rng.int(2, 5) }, () => String(rng.int(1000, 9999)));
  return { windowStart, siteDigits: String(rng.int(1000, 9999)), volunteers, postcodeBase: rng.int(1011, 9899), town: rng.pick(TOWNS) };
}

export function randomName(rng: Rng, origin: NameOrigin = rng.weighted(ORIGIN_WEIGHTS)): PersonName {
  const list = NAME_LISTS[origin];
  return { given: rng.pick(list.given), family: rng.pick(list.family), origin };
}

/** Values for `sheetCount` sheets of one batch, each with every leaf field present. */
export function fillBatchValues(definition: FormDefinition, sheetCount: number, rng: Rng, windowStart?: Date): SheetValues[] {
  const context = createBatchContext(rng.fork('batch'), windowStart);
  const sheets: SheetValues[] = [];
  for (let index = 0; index < sheetCount; index++) {
    const sheetRng = rng.fork(`sheet-${index}`);
    const values = fillGeneric(definition, context, sheetRng);
    applyFormPlausibility(definition, values, context, sheetRng, index);
    sheets.push(values);
  }
  if (formMeaning(definition) === 'family-link') linkFamilyRequests(definition, sheets, rng.fork('links'));
  return sheets;
}

// ── Generic values by kind and preset ─────────────────────────────────────────────────────────────────────────

function fillGeneric(definition: FormDefinition, context: BatchContext, rng: Rng): SheetValues {
  const values: SheetValues = {};
  const leaves = leafFields(definition);
  for (const leaf of leaves) values[leaf.id] = blankValue(leaf);
  for (const leaf of leaves) {
    if (leaf.kind === 'choice' && leaf.alongside) continue;
    if (!rng.chance(fillChance(leaf))) continue;
    values[leaf.id] = genericValue(leaf, context, rng);
  }
  // Companion circles ("most urgent, circle one") pick among what was ticked next to them.
  for (const leaf of leaves) {
    if (leaf.kind !== 'choice' || !leaf.alongside) continue;
    const ticked = values[leaf.alongside];
    if (Array.isArray(ticked) && ticked.length > 1 && rng.chance(0.6)) values[leaf.id] = rng.pick(ticked as string[]);
  }
  return values;
}

function fillChance(leaf: LeafField): number {
  // Table cells inherit "required" from the table; a distribution row is not filled in every cell.
  if (leaf.tableId !== undefined) return leaf.required === 'required' ? 0.8 : 0.35;
  return FILL_CHANCE[leaf.required];
}

export function blankValue(leaf: LeafField): TruthValue {
  switch (leaf.kind) {
    case 'checkbox': return [];
    case 'signature': return false;
    default: return null;
  }
}

function genericValue(leaf: LeafField, context: BatchContext, rng: Rng): TruthValue {
  switch (leaf.kind) {
    case 'checkbox': {
      const ticked = leaf.options.filter(() => rng.chance(0.2)).map((option) => option.value);
      return ticked.length > 0 || leaf.required !== 'required' ? ticked : [rng.pick(leaf.options).value];
    }
    case 'choice': return rng.pick(leaf.options).value;
    case 'digits': return digitsValue(leaf, context, rng);
    case 'text': return textValue(leaf.id, leaf.lines, context, rng);
    case 'wordgrid': return wordsValue(rng.int(4, Math.min(leaf.rows * leaf.cols, 20)), rng);
    case 'signature': return true;
  }
}

/** Digits are written in full: a count of 3 in two cells is "03" (the printed form asks one digit per cell). */
export function digitsValue(field: DigitsField, context: BatchContext, rng: Rng): string {
  switch (field.preset) {
    case 'date': return dateDigits(sampleInstant(context, rng), field.count);
    case 'dob': {
      // A birth date: any age from 0 to 95 years before the blackout.
      const daysBefore = rng.int(0, 95 * 365);
      return dateDigits(new Date(context.windowStart.getTime() - daysBefore * 86_400_000), 8);
    }
    case 'time': return timeDigits(sampleInstant(context, rng));
    case 'postcode': return String(context.postcodeBase + rng.int(-40, 40)).padStart(field.count, '0').slice(-field.count);
    case 'phone': return `06${Array.from({ length: field.count - 2 }, () => rng.int(0, 9)).join('')}`;
    case 'count': {
      const max = Math.min(field.max ?? 10 ** field.count - 1, 10 ** field.count - 1);
      const min = field.min ?? 0;
      // Small counts are far more common than large ones: skew towards the bottom of the range.
      const value = Math.min(max, min + Math.floor(Math.pow(rng.next(), 2.2) * Math.min(max - min + 1, 30)));
      return writeCount(value, field.count, rng);
    }
    case 'plain': return Array.from({ length: field.count }, () => rng.int(0, 9)).join('');
  }
}

/**
 * A count as people write it in a comb: often in full ("03"), often right-aligned with the cells before it left
 * blank (" 3"). Zero is written "0" or "00". The truth of a blank-then-3 is "3" (fill-page.ts records digits only).
 */
export function writeCount(value: number, count: number, rng: Rng): string {
  const full = padDigits(value, count);
  if (value === 0 || rng.chance(0.55)) return full;
  return String(Math.max(0, Math.round(value))).padStart(count, ' ').slice(-count);
}

export function padDigits(value: number, count: number): string {
  return String(Math.max(0, Math.round(value))).padStart(count, '0').slice(-count);
}

function sampleInstant(context: BatchContext, rng: Rng): Date {
  const hour = rng.int(0, Math.floor(BLACKOUT_WINDOW_H / 24) - 1) * 24 + rng.int(DAY_START_H, DAY_END_H - 1);
  return new Date(context.windowStart.getTime() - context.windowStart.getUTCHours() * 3_600_000 + hour * 3_600_000 + rng.int(0, 59) * 60_000);
}

function dateDigits(instant: Date, count: number): string {
  const dd = padDigits(instant.getUTCDate(), 2);
  const mm = padDigits(instant.getUTCMonth() + 1, 2);
  const year = instant.getUTCFullYear();
  return count >= 8 ? `${dd}${mm}${year}` : `${dd}${mm}${padDigits(year % 100, 2)}`;
}

function timeDigits(instant: Date): string {
  return `${padDigits(instant.getUTCHours(), 2)}${padDigits(instant.getUTCMinutes(), 2)}`;
}

function textValue(id: FieldId, lines: number, context: BatchContext, rng: Rng): string {
  if (/name|naam|family|given|guardian|from|operator|by$/.test(id)) {
    const name = randomName(rng);
    return /given/.test(id) ? name.given.toUpperCase() : /family/.test(id) ? name.family.toUpperCase() : `${name.given} ${name.family}`.toUpperCase();
  }
  if (/addr/.test(id)) return streetAddress(context, rng, lines);
  if (/mail/.test(id)) return `${randomName(rng).given.toLowerCase()}${rng.int(1, 99)}@mail.nl`.toUpperCase();
  const phrases = Array.from({ length: rng.int(1, Math.max(1, lines)) }, () => rng.pick(REMARKS));
  return phrases.join('. ');
}

function streetAddress(context: BatchContext, rng: Rng, lines: number): string {
  const street = `${rng.pick(STREETS)} ${rng.int(1, 180)}`;
  return lines >= 2 ? `${street}, ${context.town}` : street;
}

function wordsValue(count: number, rng: Rng): string {
  return Array.from({ length: count }, () => rng.pick(WORDS)).join(' ');
}

// ── Per-form plausibility ───────────────────────────────────────────────────────────────────────────────────

function applyFormPlausibility(definition: FormDefinition, values: SheetValues, context: BatchContext, rng: Rng, index: number): void {
  setIfPresent(values, 'site_code', context.siteDigits);
  setIfPresent(values, 'volunteer_no', rng.pick(context.volunteers));
  switch (formMeaning(definition)) {
    case 'intake': fillIntake(definition, values, rng); break;
    case 'family-link': fillFamilyLink(definition, values, context, rng); break;
    case 'supply-distribution': fillDistribution(definition, values, context, rng); break;
    case 'radio-message': fillRadio(definition, values, context, rng, index); break;
    default: break;
  }
}

/** Which shipped form this is, by its sheet code (INT, RFL, DIS, RAD, SIT) or its id (hyphens or underscores). */
export function formMeaning(definition: FormDefinition): 'intake' | 'family-link' | 'supply-distribution' | 'radio-message' | 'site-situation' | 'other' {
  const byCode = { INT: 'intake', RFL: 'family-link', DIS: 'supply-distribution', RAD: 'radio-message', SIT: 'site-situation' } as const;
  const code = definition.code as keyof typeof byCode;
  if (code in byCode) return byCode[code];
  const id = definition.id.replace(/_/g, '-');
  return id === 'intake' || id === 'family-link' || id === 'supply-distribution' || id === 'radio-message' || id === 'site-situation' ? id : 'other';
}

function setIfPresent(values: SheetValues, id: FieldId, value: TruthValue): void {
  if (id in values) values[id] = value;
}

function optionValues(definition: FormDefinition, id: FieldId): string[] {
  const leaf = leafFields(definition).find((field) => field.id === id);
  return leaf && (leaf.kind === 'checkbox' || leaf.kind === 'choice') ? leaf.options.map((option: Option) => option.value) : [];
}

function digitsLeaf(definition: FormDefinition, id: FieldId): DigitsField | undefined {
  const leaf = leafFields(definition).find((field) => field.id === id);
  return leaf?.kind === 'digits' ? leaf : undefined;
}

function pickPresent(rng: Rng, available: readonly string[], weighted: readonly (readonly [string, number])[]): string | null {
  const usable = weighted.filter(([value]) => available.includes(value));
  return usable.length > 0 ? rng.weighted(usable) : available.length > 0 ? rng.pick(available) : null;
}

/** Household table that adds up to n_total; needs, urgency, actions and follow-up consistent with vulnerabilities. */
function fillIntake(definition: FormDefinition, values: SheetValues, rng: Rng): void {
  const ages = ['0_4', '5_17', '18_64', '65p'];
  const sexes = ['f', 'm', 'x'];
  const minorAlone = rng.chance(0.01);
  const size = minorAlone ? 1 : rng.weighted([[1, 28], [2, 30], [3, 15], [4, 14], [5, 7], [6, 4], [7, 2]] as const);
  const people: { age: string; sex: string }[] = [];
  const adultAge = rng.chance(0.22) ? '65p' : '18_64';
  for (let i = 0; i < size; i++) {
    // The first person is the one at the desk: an adult (or the minor who came alone).
    const age = minorAlone ? '5_17' : i === 0 ? adultAge : i === 1 && rng.chance(0.6) ? adultAge : rng.weighted([['0_4', 2], ['5_17', 4], ['18_64', 3], ['65p', 1]] as const);
    people.push({ age, sex: rng.chance(0.01) ? 'x' : rng.pick(['f', 'm']) });
  }
  for (const age of ages) {
    for (const sex of sexes) {
      const id = `n.${age}.${sex}`;
      const field = digitsLeaf(definition, id);
      if (!field) continue;
      const count = people.filter((person) => person.age === age && person.sex === sex).length;
      // Zero cells are mostly left blank, sometimes written as 0.
      values[id] = count > 0 ? writeCount(count, field.count, rng) : sex !== 'x' && rng.chance(0.04) ? padDigits(0, field.count) : null;
    }
  }
  const total = digitsLeaf(definition, 'n_total');
  if (total) values['n_total'] = writeCount(size, total.count, rng);

  const has = (age: string): boolean => people.some((person) => person.age === age);
  const vuln = new Set<string>();
  if (minorAlone) vuln.add('unaccompanied_minor');
  if (size === 1 && has('65p') && rng.chance(0.7)) vuln.add('elderly_alone');
  if (people.some((p) => p.age === '18_64' && p.sex === 'f') && rng.chance(0.05)) vuln.add('pregnant');
  if (has('0_4') && rng.chance(0.35)) vuln.add('infant_u1');
  for (const [option, chance] of [['walking', has('65p') ? 0.3 : 0.05], ['seeing_hearing', has('65p') ? 0.15 : 0.03], ['cognition', 0.04],
    ['selfcare', has('65p') ? 0.1 : 0.02], ['homecare', has('65p') ? 0.15 : 0.03], ['chronic', 0.12], ['no_nl_en', 0.08], ['home_unfit', 0.06]] as const) {
    if (rng.chance(chance)) vuln.add(option);
  }
  const power = new Set<string>();
  if (rng.chance(has('65p') ? 0.15 : 0.06)) power.add(rng.weighted([['oxygen', 3], ['ventilator', 2], ['dialysis', 0.5], ['pump', 1], ['mobility', 2], ['other', 1]] as const));
  const meds = new Set<string>();
  if (rng.chance(0.12)) meds.add('short');
  if (rng.chance(0.05)) meds.add('cold');
  if (rng.chance(0.03)) meds.add('lost');

  const needs = new Set<string>();
  const lifeSupport = power.has('ventilator') || power.has('oxygen');
  if (power.size > 0) needs.add('charging');
  if (lifeSupport) needs.add(rng.chance(0.6) ? 'medical' : 'charging');
  if (vuln.has('infant_u1') && rng.chance(0.7)) needs.add('baby');
  if (meds.size > 0) needs.add('medication');
  if (vuln.has('home_unfit')) needs.add(rng.chance(0.5) ? 'shelter' : 'warmth');
  if (vuln.has('unaccompanied_minor')) needs.add('family');
  const extra = rng.int(needs.size > 0 ? 0 : 1, 3);
  for (let i = 0; i < extra; i++) {
    needs.add(rng.weighted([['info', 6], ['water', 5], ['food', 4], ['charging', 5], ['warmth', 3], ['family', 1.5], ['pss', 1], ['transport', 1], ['hygiene', 1.5], ['other', 0.5]] as const));
  }
  const battery = digitsLeaf(definition, 'battery_h');
  const batteryHours = power.size > 0 ? rng.weighted([[rng.int(1, 4), 3], [rng.int(5, 12), 4], [rng.int(13, 48), 2]] as const) : 0;
  let urgency = rng.weighted([['now', 3], ['h24', 25], ['can_wait', 72]] as const);
  if (lifeSupport && batteryHours <= 4) urgency = rng.chance(0.6) ? 'now' : 'h24';
  else if (vuln.has('unaccompanied_minor') || lifeSupport) urgency = rng.chance(0.2) ? 'now' : 'h24';

  const provided = new Set<string>();
  const serve: readonly (readonly [string, string])[] = [['info', 'info'], ['water', 'water'], ['food', 'food'], ['charging', 'charging'], ['pss', 'pss'], ['family', 'rfl_form'], ['medical', 'firstaid']];
  for (const [need, action] of serve) if (needs.has(need) && rng.chance(0.7)) provided.add(action);
  if ((needs.has('hygiene') || needs.has('baby')) && rng.chance(0.5)) provided.add('goods');
  const referral = new Set<string>();
  if (urgency === 'now') referral.add('r112');
  if (needs.has('medical') || needs.has('medication')) referral.add(rng.chance(0.6) ? 'gp' : 'ghor');
  if (lifeSupport) referral.add('ghor');
  if (needs.has('shelter')) referral.add('shelter');
  if ((vuln.has('elderly_alone') || vuln.has('walking') || vuln.has('homecare')) && rng.chance(0.5)) referral.add('homevisit');
  if (vuln.has('unaccompanied_minor')) referral.add('gemeente');

  const only = (id: FieldId, set: Set<string>): string[] => optionValues(definition, id).filter((value) => set.has(value));
  setIfPresent(values, 'vuln', only('vuln', vuln));
  setIfPresent(values, 'power_dep', only('power_dep', power));
  setIfPresent(values, 'meds', only('meds', meds));
  setIfPresent(values, 'needs', only('needs', needs));
  setIfPresent(values, 'provided', only('provided', provided));
  setIfPresent(values, 'referral', only('referral', referral));
  if (battery) values['battery_h'] = power.size > 0 && rng.chance(0.9) ? padDigits(batteryHours, battery.count) : null;
  setIfPresent(values, 'urgency', rng.chance(0.02) ? null : urgency);
  setIfPresent(values, 'visit', rng.chance(0.75) ? 'first' : 'returning');
  setIfPresent(values, 'lang', rng.chance(0.05) ? null : minorAlone ? rng.pick(['uk', 'ar', 'ti']) : rng.weighted([['nl', 60], ['en', 8], ['uk', 10], ['ar', 8], ['ti', 4], ['tr', 5], ['pl', 4], ['other', 1]] as const));
  const address: string[] = [];
  if (rng.chance(0.05)) address.push('no_fixed');
  if (rng.chance(0.1)) address.push('outside');
  setIfPresent(values, 'address_status', only('address_status', new Set(address)));
  if (address.includes('no_fixed')) setIfPresent(values, 'pc4', rng.chance(0.5) ? null : values['pc4'] ?? null);

  const followUp = referral.size > 0;
  const name = randomName(rng);
  setIfPresent(values, 'contact_name', followUp ? `${name.given} ${name.family}`.toUpperCase() : null);
  setIfPresent(values, 'contact_addr', referral.has('homevisit') ? `${rng.pick(STREETS)} ${rng.int(1, 180)}` : null);
  setIfPresent(values, 'contact_phone', followUp && rng.chance(0.7) ? `06${Array.from({ length: 8 }, () => rng.int(0, 9)).join('')}` : null);
  setIfPresent(values, 'consent_followup', followUp ? (rng.chance(0.9) ? 'yes' : 'no') : null);
  setIfPresent(values, 'remarks', rng.chance(0.25) ? rng.pick(REMARKS) : null);
  setIfPresent(values, 'vol_initials', rng.chance(0.85));
}

/** Names from five origins; "I am safe" and "I am looking for someone" requests; linking happens batch-wide later. */
function fillFamilyLink(definition: FormDefinition, values: SheetValues, context: BatchContext, rng: Rng): void {
  const types = optionValues(definition, 'req_type');
  const kind = pickPresent(rng, types, [['safe', 5], ['seek', 4], ['both', 1]]);
  setIfPresent(values, 'req_type', kind);
  const person = randomName(rng);
  writePerson(definition, values, 'p', person, context, rng);
  const seeking = kind !== null && !/safe/.test(kind);
  if (seeking) {
    writePerson(definition, values, 's', randomName(rng, rng.chance(0.8) ? person.origin : undefined), context, rng);
  } else {
    for (const leaf of leafFields(definition)) if (leaf.id.startsWith('s_')) values[leaf.id] = blankValue(leaf);
  }
  for (const consent of ['k1_share_name', 'k2_share_where', 'k3_list']) {
    setIfPresent(values, consent, pickPresent(rng, optionValues(definition, consent), [['yes', 85], ['no', 15]]));
  }
  setIfPresent(values, 'sig', rng.chance(0.93));
}

function writePerson(definition: FormDefinition, values: SheetValues, prefix: 'p' | 's', name: PersonName, context: BatchContext, rng: Rng): void {
  setIfPresent(values, `${prefix}_family`, name.family.toUpperCase());
  setIfPresent(values, `${prefix}_given`, name.given.toUpperCase());
  const age = rng.int(2, 90);
  const dob = digitsLeaf(definition, `${prefix}_dob`);
  const birthYear = context.windowStart.getUTCFullYear() - age;
  if (dob) values[`${prefix}_dob`] = rng.chance(0.7) ? `${padDigits(rng.int(1, 28), 2)}${padDigits(rng.int(1, 12), 2)}${dob.count >= 8 ? birthYear : padDigits(birthYear % 100, 2)}` : null;
  const ageField = digitsLeaf(definition, `${prefix}_age`);
  if (ageField) values[`${prefix}_age`] = values[`${prefix}_dob`] ? (rng.chance(0.3) ? padDigits(age, ageField.count) : null) : padDigits(age, ageField.count);
  setIfPresent(values, `${prefix}_addr`, streetAddress(context, rng, 2));
}

/**
 * Some sought persons are the same people who registered "I am safe" on another sheet of the batch (so matching can
 * be tested): copy a safe registrant's names into a seeking sheet's sought person.
 */
function linkFamilyRequests(definition: FormDefinition, sheets: SheetValues[], rng: Rng): void {
  const safe = sheets.filter((values) => typeof values['req_type'] === 'string' && /safe/.test(values['req_type']) && values['p_family']);
  const seeking = sheets.filter((values) => typeof values['req_type'] === 'string' && !/safe/.test(values['req_type']) && values['s_family'] !== undefined);
  for (const values of seeking) {
    if (safe.length === 0 || !rng.chance(0.35)) continue;
    const found = rng.pick(safe);
    for (const part of ['family', 'given', 'dob', 'age', 'sex']) {
      if (`s_${part}` in values && `p_${part}` in found) values[`s_${part}`] = found[`p_${part}`] ?? null;
    }
  }
  void definition;
}

/**
 * Distribution rows and a stock footer that balances: issued = the row sums, closing = opening + received − issued.
 * The footer is found generically: a table (or digit fields) whose ids name opening/received/issued/closing per item.
 */
function fillDistribution(definition: FormDefinition, values: SheetValues, context: BatchContext, rng: Rng): void {
  const leaves = leafFields(definition);
  const stockWords = ['opening', 'received', 'issued', 'closing'] as const;
  const isStock = (id: string): boolean => stockWords.some((word) => id.includes(word));
  const rowLeaves = leaves.filter((leaf) => leaf.tableId !== undefined && !isStock(leaf.id) && leaf.rowId !== undefined);
  const rowIds = [...new Set(rowLeaves.map((leaf) => leaf.rowId!))];
  const used = rng.int(Math.ceil(rowIds.length / 3), rowIds.length);
  let minute = rng.int(DAY_START_H * 60, (DAY_START_H + 6) * 60);
  const issued = new Map<string, number>();
  rowIds.forEach((rowId, index) => {
    const cells = rowLeaves.filter((leaf) => leaf.rowId === rowId);
    for (const cell of cells) values[cell.id] = blankValue(cell);
    if (index >= used) return;
    minute += rng.int(2, 25);
    const persons = rng.weighted([[1, 3], [2, 3], [3, 2], [4, 2], [5, 1], [6, 1]] as const);
    const walkIn = rng.chance(0.12);
    for (const cell of cells) {
      const column = cell.columnId ?? '';
      if (cell.kind === 'digits') {
        if (cell.preset === 'time' || /time/.test(column)) values[cell.id] = `${padDigits(Math.floor(minute / 60) % 24, 2)}${padDigits(minute % 60, 2)}`;
        else if (/card/.test(column)) values[cell.id] = walkIn ? null : digitsValue({ ...cell, preset: 'plain' }, context, rng);
        else if (/persons/.test(column)) values[cell.id] = padDigits(persons, cell.count);
        else {
          const item = column.replace(/^r_/, '');
          const amount = /water/.test(column) ? (rng.chance(0.8) ? Math.min(10 ** cell.count - 1, 3 * persons) : 0)
            : rng.chance(0.35) ? Math.min(10 ** cell.count - 1, rng.int(1, Math.min(9, persons))) : 0;
          values[cell.id] = amount > 0 ? padDigits(amount, cell.count) : null;
          issued.set(item, (issued.get(item) ?? 0) + amount);
        }
      } else if (cell.kind === 'checkbox') {
        const walkInBox = /walk/.test(column);
        values[cell.id] = (walkInBox ? walkIn : rng.chance(0.2)) ? cell.options.map((option) => option.value).slice(0, 1) : [];
      } else if (cell.kind === 'signature') {
        values[cell.id] = rng.chance(0.9);
      }
    }
  });
  // Footer: any digit leaf whose id names a stock word and an item.
  const stock = leaves.filter((leaf): leaf is Extract<LeafField, { kind: 'digits' }> => leaf.kind === 'digits' && isStock(leaf.id));
  const items = new Set<string>();
  for (const leaf of stock) {
    const item = stockItem(leaf.id, stockWords);
    if (item) items.add(item);
  }
  for (const item of items) {
    const find = (word: string): DigitsField | undefined => stock.find((leaf) => leaf.id.includes(word) && stockItem(leaf.id, stockWords) === item);
    const out = matchIssued(issued, item);
    const opening = out + rng.int(0, 60);
    const received = rng.chance(0.3) ? rng.int(10, 100) : 0;
    const closing = opening + received - out;
    const write = (word: string, value: number | null): void => {
      const field = find(word);
      if (field) values[field.id] = value === null ? null : padDigits(Math.min(value, 10 ** field.count - 1), field.count);
    };
    write('opening', opening);
    write('received', received > 0 ? received : null);
    write('issued', out);
    write('closing', closing);
  }
}

function stockItem(id: string, words: readonly string[]): string | null {
  const parts = id.split(/[._]/).filter((part) => part !== '' && part !== 't' && part !== 'r' && !words.includes(part) && part !== 'stock');
  return parts.length > 0 ? parts.join('_') : null;
}

function matchIssued(issued: ReadonlyMap<string, number>, item: string): number {
  for (const [key, amount] of issued) if (key === item || key.includes(item) || item.includes(key)) return amount;
  return 0;
}

/** Radio messages: the station numbers its messages in sequence; the check is the word count of the text grid. */
function fillRadio(definition: FormDefinition, values: SheetValues, context: BatchContext, rng: Rng, index: number): void {
  const number = digitsLeaf(definition, 'msg_no');
  if (number) values['msg_no'] = padDigits(Number(context.siteDigits.slice(-2)) + index + 1, number.count);
  setIfPresent(values, 'precedence', pickPresent(rng, optionValues(definition, 'precedence'), [['emergency', 3], ['priority', 15], ['welfare', 30], ['routine', 52]]));
  const text = values['text'];
  const check = digitsLeaf(definition, 'check');
  if (check && typeof text === 'string') values['check'] = padDigits(text.split(' ').length, check.count);
}
