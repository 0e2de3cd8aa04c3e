/**
 * Plans an exercise pack from a scenario: exercise sites, who plays which role, which blank sheets each site gets,
 * the resident cards, and the pre-filled sheets with their exact values and hard cases. Pure and deterministic for a
 * seed; printing, simulating and writing files happen in create-exercise-pack.ts.
 */
import Handlebars from 'handlebars';
import {
  PaperlinkError,
  emptyValue,
  leafFields,
  type FieldValue,
  type FormDefinition,
  type Label,
  type LeafField,
} from '../model/index.js';
import type { ExpectedValue, HardCase, Inject, NameOrigin, PersonSex, Role, Scenario } from './scenario.js';
import { STREETS, TOWNS, givenNames, RESIDENT_NAMES } from './resident-names.js';
import { createRng, hashSeed, type Rng } from '../model/index.js';
import { asRemembered } from './remembered-name.js';

export const MAX_SITES = 20;
export const MAX_PARTICIPANTS = 200;
/** Blank sheets start at serial 1; pre-filled residents start here, so a trainer sees at once which is which. */
export const PREFILLED_SERIAL_FROM = 501;
/** Exercise sites are EX01, EX02…: never a real site code. */
export const EXERCISE_SITE_PREFIX = 'EX';

export interface Resident {
  readonly given: string;
  readonly family: string;
  readonly sex: PersonSex;
  readonly age: number;
  readonly origin: NameOrigin;
  readonly street: string;
  readonly houseNo: number;
  readonly town: string;
  readonly pc4: string;
  readonly phone: string;
}

export interface Assignment {
  readonly participant: string;
  readonly role: string;
  /** null for central roles (office, coordination). */
  readonly site: string | null;
}

export interface BlankRun {
  readonly site: string;
  readonly form: string;
  readonly sheets: number;
  readonly serialFrom: number;
  readonly serialTo: number;
  readonly roles: readonly string[];
}

export interface InjectCard {
  readonly number: number;
  readonly injectId: string;
  readonly site: string;
  readonly hour: number;
  readonly clock: string;
  readonly day: number;
  readonly person: Resident;
  readonly sought?: Resident;
  readonly seeker?: Resident;
  readonly situation: Label;
  readonly says: Label;
  readonly trainerNote?: Label;
  /** Per form id: the full value of every field the resident's story fixes (others blank). */
  readonly expected: Readonly<Record<string, Readonly<Record<string, FieldValue>>>>;
}

export interface PrefilledEffects {
  /** A box ticked and then blacked out, as the form instructs for a mistake: not part of the value. */
  readonly cancelledTicks: readonly { readonly field: string; readonly option: string }[];
  readonly upsideDown: boolean;
  readonly tornQr: boolean;
  readonly duplicateScan: boolean;
}

export interface PrefilledSheet {
  /** File base name, e.g. `p03-intake-EX02-000501`. */
  readonly name: string;
  readonly injectId: string;
  readonly form: string;
  readonly site: string;
  readonly serial: number;
  readonly hour: number;
  readonly person: Resident;
  readonly values: Readonly<Record<string, FieldValue>>;
  readonly effects: PrefilledEffects;
  readonly hard: readonly HardCase[];
  readonly seed: number;
}

export interface PackRequest {
  readonly scenario: Scenario;
  readonly sites: number;
  readonly participants: number;
  readonly seed: number;
  /** Installed definitions, latest version per form id. */
  readonly definitions: readonly FormDefinition[];
}

export interface PackPlan {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly sites: readonly string[];
  readonly siteDigits: Readonly<Record<string, string>>;
  readonly assignments: readonly Assignment[];
  readonly blankRuns: readonly BlankRun[];
  readonly cards: readonly InjectCard[];
  readonly prefilled: readonly PrefilledSheet[];
  /** Scenario forms that are not installed: left out of the pack (said in the summary and the briefing). */
  readonly missingForms: readonly string[];
}

export function exerciseSites(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `${EXERCISE_SITE_PREFIX}${String(index + 1).padStart(2, '0')}`);
}

export function planPack(request: PackRequest): PackPlan {
  const { scenario, seed } = request;
  if (!Number.isInteger(request.sites) || request.sites < 1 || request.sites > MAX_SITES) {
    throw new PaperlinkError('argument-invalid', `${request.sites} is not a number of exercise sites paperlink can plan.`,
      `Give --sites as a whole number from 1 to ${MAX_SITES}.`, { path: '--sites' });
  }
  if (!Number.isInteger(request.participants) || request.participants < 1 || request.participants > MAX_PARTICIPANTS) {
    throw new PaperlinkError('argument-invalid', `${request.participants} is not a number of participants paperlink can plan.`,
      `Give --participants as a whole number from 1 to ${MAX_PARTICIPANTS}.`, { path: '--participants' });
  }
  const byId = new Map(request.definitions.map((definition) => [definition.id, definition]));
  const sites = exerciseSites(request.sites);
  const siteDigits = Object.fromEntries(sites.map((site, index) => [site, String(index + 1).padStart(4, '0')]));
  const rng = createRng(hashSeed('exercise', scenario.id, seed));
  const volunteers = Object.fromEntries(sites.map((site) => [site, String(rng.fork(`volunteer-${site}`).int(1000, 9999))]));
  const assignments = assignRoles(scenario.roles, sites, request.participants);
  const blankRuns = planBlankRuns(scenario.roles, assignments, sites, byId);
  const context: FillContext = { scenario, byId, siteDigits, volunteers };
  const cards = planCards(context, sites, rng.fork('cards'));
  const prefilled = planPrefilled(context, sites, rng.fork('prefilled'));
  const missing = new Set<string>();
  for (const role of scenario.roles) for (const need of role.forms) if (!byId.has(need.form)) missing.add(need.form);
  for (const inject of scenario.injects) for (const form of Object.keys(inject.expected)) if (!byId.has(form)) missing.add(form);
  return { scenario, seed, sites, siteDigits, assignments, blankRuns, cards, prefilled, missingForms: [...missing].sort() };
}

/**
 * Fills roles in rounds, in the scenario's role order: round one gives every role one person (per site for site
 * roles), later rounds add people up to each role's max. So a small group still covers every role once.
 */
export function assignRoles(roles: readonly Role[], sites: readonly string[], participants: number): Assignment[] {
  const assignments: Assignment[] = [];
  const count = new Map<string, number>();
  let next = 1;
  const take = (role: Role, site: string | null): boolean => {
    const key = `${role.id}@${site ?? ''}`;
    const have = count.get(key) ?? 0;
    if (role.max !== undefined && have >= role.max) return false;
    count.set(key, have + 1);
    assignments.push({ participant: `P${String(next).padStart(2, '0')}`, role: role.id, site });
    next += 1;
    return true;
  };
  while (next <= participants) {
    let placed = false;
    for (const role of roles) {
      for (const site of role.scope === 'site' ? sites : [null]) {
        if (next > participants) break;
        if (take(role, site)) placed = true;
      }
    }
    if (!placed) {
      // Every role is at its max: the rest join the first unlimited-or-site role as extra hands at the busiest site.
      const role = roles[0]!;
      assignments.push({ participant: `P${String(next).padStart(2, '0')}`, role: role.id, site: role.scope === 'site' ? sites[0]! : null });
      next += 1;
    }
  }
  return assignments;
}

function planBlankRuns(roles: readonly Role[], assignments: readonly Assignment[], sites: readonly string[],
  byId: ReadonlyMap<string, FormDefinition>): BlankRun[] {
  const sheets = new Map<string, { sheets: number; roles: Set<string> }>();
  const add = (site: string, form: string, count: number, role: string): void => {
    const key = `${site}\u0000${form}`;
    const entry = sheets.get(key) ?? { sheets: 0, roles: new Set<string>() };
    entry.sheets += count;
    entry.roles.add(role);
    sheets.set(key, entry);
  };
  for (const role of roles) {
    const holders = assignments.filter((assignment) => assignment.role === role.id);
    if (holders.length === 0) continue;
    for (const need of role.forms) {
      if (!byId.has(need.form)) continue;
      if (need.per === 'site') {
        const staffed = role.scope === 'central' ? sites : [...new Set(holders.map((holder) => holder.site ?? sites[0]!))];
        for (const site of staffed) add(site, need.form, need.sheets, role.id);
      } else {
        // Central roles work from the office, which prints on the first exercise site's serials.
        for (const holder of holders) add(holder.site ?? sites[0]!, need.form, need.sheets, role.id);
      }
    }
  }
  const runs: BlankRun[] = [];
  for (const site of sites) {
    const forms = [...sheets.entries()].filter(([key]) => key.startsWith(`${site}\u0000`))
      .map(([key, entry]) => ({ form: key.split('\u0000')[1]!, ...entry }))
      .sort((a, b) => formOrder(roles, a.form) - formOrder(roles, b.form) || a.form.localeCompare(b.form));
    for (const entry of forms) {
      runs.push({ site, form: entry.form, sheets: entry.sheets, serialFrom: 1, serialTo: entry.sheets, roles: [...entry.roles] });
    }
  }
  return runs;
}

function formOrder(roles: readonly Role[], form: string): number {
  const index = roles.findIndex((role) => role.forms.some((need) => need.form === form));
  return index < 0 ? roles.length : index;
}

interface FillContext {
  readonly scenario: Scenario;
  readonly byId: ReadonlyMap<string, FormDefinition>;
  readonly siteDigits: Readonly<Record<string, string>>;
  readonly volunteers: Readonly<Record<string, string>>;
}

function makeResident(sketch: Inject['person'], rng: Rng): Resident {
  const origin = sketch.origin;
  return {
    given: rng.pick(givenNames(origin, sketch.sex)),
    family: rng.pick(RESIDENT_NAMES[origin].family),
    sex: sketch.sex, age: sketch.age, origin,
    street: rng.pick(STREETS), houseNo: rng.int(1, 180), town: rng.pick(TOWNS),
    pc4: String(rng.int(1011, 9899)),
    phone: `06${String(rng.int(10_000_000, 99_999_999))}`,
  };
}

/** Hour offset → clock on the forms: the scenario start plus the hour, and a few minutes so times differ. */
function clockAt(scenario: Scenario, hour: number, minutes: number): { date: Date; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(scenario.start)!;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const start = Date.UTC(y, mo - 1, d, h, mi);
  const date = new Date(start + Math.round(hour * 60 + minutes) * 60_000);
  const day = Math.floor((date.getTime() - Date.UTC(y, mo - 1, d)) / 86_400_000) + 1;
  return { date, day };
}

const pad2 = (value: number): string => String(value).padStart(2, '0');

function placeholderContext(context: FillContext, site: string, person: Resident, date: Date, extra: { sought?: Resident; seeker?: Resident }, hhCard: string): Record<string, unknown> {
  return {
    person, sought: extra.sought, seeker: extra.seeker, site, siteDigits: context.siteDigits[site],
    date: `${pad2(date.getUTCDate())}${pad2(date.getUTCMonth() + 1)}${pad2(date.getUTCFullYear() % 100)}`,
    time: `${pad2(date.getUTCHours())}${pad2(date.getUTCMinutes())}`,
    dateText: `${pad2(date.getUTCDate())}-${pad2(date.getUTCMonth() + 1)}-${date.getUTCFullYear()}`,
    clock: `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}`,
    hhCard, volunteer: context.volunteers[site],
  };
}

const handlebars = Handlebars.create();
handlebars.registerHelper('upper', (value: unknown) => String(value ?? '').toUpperCase());
handlebars.registerHelper('pad', (value: unknown, width: unknown) => String(value ?? '').padStart(Number(width), '0'));
const compiled = new Map<string, HandlebarsTemplateDelegate>();

function fill(text: string, data: Record<string, unknown>): string {
  if (!text.includes('{{')) return text;
  let template = compiled.get(text);
  if (!template) {
    template = handlebars.compile(text, { noEscape: true, strict: true });
    compiled.set(text, template);
  }
  return template(data);
}

function fillLabel(label: Label, data: Record<string, unknown>): Label {
  return Object.fromEntries(Object.entries(label).map(([language, text]) => [language, fill(text, data)])) as Label;
}

/** The value a scenario writes for a field, converted to the stored value shape of the field's kind. */
function toFieldValue(leaf: LeafField, value: ExpectedValue, data: Record<string, unknown>, where: string): FieldValue {
  if (value === null) return emptyValue(leaf.kind);
  switch (leaf.kind) {
    case 'checkbox': {
      const ticked = new Set(value as readonly string[]);
      return leaf.options.map((option) => option.value).filter((option) => ticked.has(option));
    }
    case 'choice':
      return fill(String(value), data);
    case 'digits': {
      const text = fill(String(value), data);
      if (!/^\d+$/.test(text) || text.length > leaf.count) {
        throw new PaperlinkError('scenario-invalid', `The scenario value ${where} becomes "${text}", which does not fit ${leaf.count} digit cells.`,
          'Fix the value or its {{placeholder}} in the scenario file.', { path: where });
      }
      return text.padStart(leaf.count, '0');
    }
    case 'text':
    case 'wordgrid':
      return fill(String(value), data);
    case 'signature':
      return value === true;
  }
}

/** Every leaf of the form: blank, then the common header (site, date, time, volunteer), then the inject's own values. */
function sheetValues(context: FillContext, definition: FormDefinition, given: Readonly<Record<string, ExpectedValue>>,
  data: Record<string, unknown>, where: string): Record<string, FieldValue> {
  const values: Record<string, FieldValue> = {};
  const header: Record<string, string> = {
    site_code: String(data['siteDigits']), date: String(data['date']), time: String(data['time']), volunteer_no: String(data['volunteer']),
  };
  for (const leaf of leafFields(definition)) {
    values[leaf.id] = leaf.kind === 'signature' ? false : emptyValue(leaf.kind);
    const headerValue = header[leaf.id];
    if (headerValue !== undefined && leaf.kind === 'digits') values[leaf.id] = headerValue.padStart(leaf.count, '0').slice(-leaf.count);
    const value = given[leaf.id];
    if (value !== undefined) values[leaf.id] = toFieldValue(leaf, value, data, `${where}.${definition.id}.${leaf.id}`);
  }
  return values;
}

interface Instance {
  readonly inject: Inject;
  readonly site: string;
  /** Mutable only while pairs are linked: a parent and child share a family name. */
  person: Resident;
  readonly minutes: number;
  readonly hhCard: string;
}

/**
 * Links the two sides of each family-link pair; with several sites, the person sought is safe at the next site. The
 * seeker names the person sought as remembered (asRemembered), the safe person registers as they are.
 */
function linkPairs(instances: readonly Instance[], sites: readonly string[], sameSet: (a: Instance, b: Instance) => boolean, rng: Rng):
  Map<Instance, { sought?: Resident; seeker?: Resident }> {
  const links = new Map<Instance, { sought?: Resident; seeker?: Resident }>();
  for (const seeking of instances) {
    if (seeking.inject.link?.side !== 'seeking') continue;
    const pair = seeking.inject.link.pair;
    const safe = instances.find((candidate) => candidate.inject.link?.pair === pair && candidate.inject.link.side === 'safe' && sameSet(seeking, candidate));
    if (!safe) continue;
    safe.person = { ...safe.person, family: seeking.person.family };
    links.set(seeking, { ...links.get(seeking), sought: asRemembered(safe.person, rng.fork(`${pair}-${seeking.site}`)) });
    links.set(safe, { ...links.get(safe), seeker: seeking.person });
  }
  void sites;
  return links;
}

function planCards(context: FillContext, sites: readonly string[], rng: Rng): InjectCard[] {
  const instances: Instance[] = [];
  for (const site of sites) {
    for (const inject of context.scenario.injects) {
      const personRng = rng.fork(`${site}-${inject.id}`);
      instances.push({ inject, site, person: makeResident(inject.person, personRng), minutes: personRng.int(0, 50), hhCard: String(personRng.int(100_000, 999_999)) });
    }
  }
  const siteIndex = (site: string): number => sites.indexOf(site);
  const links = linkPairs(instances, sites, (seeking, safe) => siteIndex(safe.site) === (siteIndex(seeking.site) + 1) % sites.length, rng.fork('links'));
  const ordered = [...instances].sort((a, b) => a.inject.hour - b.inject.hour || siteIndex(a.site) - siteIndex(b.site)
    || context.scenario.injects.indexOf(a.inject) - context.scenario.injects.indexOf(b.inject));
  return ordered.map((instance, index) => {
    const link = links.get(instance) ?? {};
    const { date, day } = clockAt(context.scenario, instance.inject.hour, instance.minutes);
    const data = placeholderContext(context, instance.site, instance.person, date, link, instance.hhCard);
    const where = `injects[${context.scenario.injects.indexOf(instance.inject)}].expected`;
    const expected: Record<string, Record<string, FieldValue>> = {};
    for (const [formId, given] of Object.entries(instance.inject.expected)) {
      const definition = context.byId.get(formId);
      if (!definition) continue;
      const all = sheetValues(context, definition, given, data, where);
      // A card's key holds what the story fixes (and the header); the trainee decides the rest.
      expected[formId] = Object.fromEntries(Object.entries(all).filter(([fieldId]) => given[fieldId] !== undefined));
    }
    return {
      number: index + 1, injectId: instance.inject.id, site: instance.site, hour: instance.inject.hour,
      clock: String(data['clock']), day, person: instance.person,
      ...(link.sought ? { sought: link.sought } : {}), ...(link.seeker ? { seeker: link.seeker } : {}),
      situation: fillLabel(instance.inject.situation, data), says: fillLabel(instance.inject.says, data),
      ...(instance.inject.trainerNote ? { trainerNote: instance.inject.trainerNote } : {}),
      expected,
    };
  });
}

function planPrefilled(context: FillContext, sites: readonly string[], rng: Rng): PrefilledSheet[] {
  const chosen = context.scenario.injects.filter((inject) => inject.prefilled);
  const instances: Instance[] = chosen.map((inject, index) => {
    const personRng = rng.fork(inject.id);
    return { inject, site: sites[index % sites.length]!, person: makeResident(inject.person, personRng), minutes: personRng.int(0, 50),
      hhCard: String(personRng.int(100_000, 999_999)) };
  });
  const links = linkPairs(instances, sites, () => true, rng.fork('links'));
  const nextSerial = new Map<string, number>();
  const sheets: PrefilledSheet[] = [];
  for (const instance of instances) {
    const link = links.get(instance) ?? {};
    const { date } = clockAt(context.scenario, instance.inject.hour, instance.minutes);
    const data = placeholderContext(context, instance.site, instance.person, date, link, instance.hhCard);
    const where = `injects[${context.scenario.injects.indexOf(instance.inject)}].expected`;
    const forms = Object.keys(instance.inject.expected).filter((formId) => context.byId.has(formId));
    const effectsByForm = distributeHardCases(instance.inject.hard, forms, context.byId);
    for (const formId of forms) {
      const definition = context.byId.get(formId)!;
      const key = `${instance.site}\u0000${formId}`;
      const serial = nextSerial.get(key) ?? PREFILLED_SERIAL_FROM;
      nextSerial.set(key, serial + 1);
      const values = sheetValues(context, definition, instance.inject.expected[formId] ?? {}, data, where);
      const hard = effectsByForm.get(formId) ?? [];
      sheets.push({
        name: `p${String(sheets.length + 1).padStart(2, '0')}-${formId}-${instance.site}-${String(serial).padStart(6, '0')}`,
        injectId: instance.inject.id, form: formId, site: instance.site, serial, hour: instance.inject.hour, person: instance.person,
        values, hard,
        effects: {
          cancelledTicks: hard.filter((h) => h.kind === 'cancelled-tick').map((h) => ({ field: h.field!, option: h.option! })),
          upsideDown: hard.some((h) => h.kind === 'upside-down'),
          tornQr: hard.some((h) => h.kind === 'torn-qr'),
          duplicateScan: hard.some((h) => h.kind === 'duplicate-scan'),
        },
        seed: hashSeed(context.scenario.id, instance.site, formId, serial),
      });
    }
  }
  return sheets;
}

/** A cancelled tick goes to the form that has the field; the other hard cases go to the inject's first form. */
function distributeHardCases(hard: readonly HardCase[], forms: readonly string[], byId: ReadonlyMap<string, FormDefinition>): Map<string, HardCase[]> {
  const result = new Map<string, HardCase[]>();
  for (const item of hard) {
    const form = item.kind === 'cancelled-tick'
      ? forms.find((formId) => leafFields(byId.get(formId)!).some((leaf) => leaf.id === item.field))
      : forms[0];
    if (form === undefined) continue;
    result.set(form, [...(result.get(form) ?? []), item]);
  }
  return result;
}
