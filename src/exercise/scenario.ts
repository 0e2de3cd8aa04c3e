/**
 * What an exercise scenario is, as data (scenarios/*.json): bilingual intro, timeline cards, roles with the forms they
 * need, and resident injects with the values a trainee should record. parseScenario reports every problem with its path.
 * Pure: no file I/O; checking injects against form definitions is check-scenario-forms.ts.
 */
import { ProblemCollector, childPath, collectProblems, isJsonObject, readLabel, type InputProblem, type Label } from '../model/index.js';

/** Hard cases the pre-filled set can carry, each testing one step of the office workflow. */
export type HardCaseKind = 'cancelled-tick' | 'upside-down' | 'duplicate-scan' | 'torn-qr';
export const HARD_CASE_KINDS: readonly HardCaseKind[] = ['cancelled-tick', 'upside-down', 'duplicate-scan', 'torn-qr'];

export interface HardCase {
  readonly kind: HardCaseKind;
  /** cancelled-tick: the checkbox field and the option ticked, then blacked out (so NOT in the expected value). */
  readonly field?: string;
  readonly option?: string;
}

export interface TimelineCard {
  readonly hour: number;
  readonly title: Label;
  readonly text: Label;
}

export type RoleScope = 'site' | 'central';

export interface RoleForm {
  readonly form: string;
  readonly sheets: number;
  /** participant: `sheets` for each person in the role; site: `sheets` once per site where the role is staffed. */
  readonly per: 'participant' | 'site';
}

export interface Role {
  readonly id: string;
  readonly title: Label;
  readonly scope: RoleScope;
  /** Most people in this role per site (site scope) or in total (central scope); absent = no limit. */
  readonly max?: number;
  readonly instructions: readonly Label[];
  readonly forms: readonly RoleForm[];
}

export type PersonSex = 'f' | 'm' | 'x';
export type NameOrigin = 'dutch' | 'ukrainian' | 'arabic' | 'turkish' | 'polish';
export const NAME_ORIGINS: readonly NameOrigin[] = ['dutch', 'ukrainian', 'arabic', 'turkish', 'polish'];

export interface PersonSketch {
  readonly sex: PersonSex;
  readonly age: number;
  readonly origin: NameOrigin;
}

/** A family-link pair: the `seeking` inject looks for the person of the `safe` inject with the same pair id. */
export interface InjectLink {
  readonly pair: string;
  readonly side: 'safe' | 'seeking';
}

export type ExpectedValue = string | number | boolean | readonly string[] | null;

export interface Inject {
  readonly id: string;
  readonly hour: number;
  readonly person: PersonSketch;
  readonly situation: Label;
  readonly says: Label;
  /** Per form id: field id → value a trainee should record. Strings may use {{person.given}}, {{upper sought.family}}… */
  readonly expected: Readonly<Record<string, Readonly<Record<string, ExpectedValue>>>>;
  readonly link?: InjectLink;
  /** Pre-filled copies of this inject's forms are made for the office-scanning part, with these hard cases. */
  readonly prefilled: boolean;
  readonly hard: readonly HardCase[];
  /** A note for the trainer (what the inject tests); printed in the answer key, never on the card. */
  readonly trainerNote?: Label;
}

export interface Scenario {
  readonly id: string;
  readonly version: number;
  readonly title: Label;
  readonly intro: Label;
  readonly durationHours: number;
  /** Calendar start of hour 0 (YYYY-MM-DDTHH:MM, local time): dates and times written on the forms. */
  readonly start: string;
  readonly timeline: readonly TimelineCard[];
  readonly roles: readonly Role[];
  readonly injects: readonly Inject[];
}

/** A problem of a scenario file: where (a path into the JSON) and what is wrong. */
export type ScenarioIssue = InputProblem;

export type ScenarioParseResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

type Obj = Record<string, unknown>;
const ID_PATTERN = /^[a-z][a-z0-9-]*$/;
const START_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
/** A scenario longer than a week is not a blackout exercise any more. */
const MAX_DURATION_HOURS = 168;
const MAX_SHEETS_PER_ROLE_FORM = 200;

export function parseScenario(input: unknown): ScenarioParseResult {
  const result = collectProblems((issues) => readScenario(input, issues), checkWholeScenario);
  return result.ok ? { ok: true, scenario: result.value } : { ok: false, issues: result.problems };
}

function readScenario(input: unknown, issues: ProblemCollector): Scenario | undefined {
  if (!isJsonObject(input)) {
    issues.add('', 'must be a JSON object describing one scenario (see scenarios/drill-2h.json)');
    return undefined;
  }
  const id = readId(input, 'id', '', issues);
  const version = readInteger(input, 'version', '', 1, 99, issues);
  const title = readLabel(input['title'], 'title', issues);
  const intro = readLabel(input['intro'], 'intro', issues);
  const durationHours = readInteger(input, 'durationHours', '', 1, MAX_DURATION_HOURS, issues);
  const start = input['start'];
  if (typeof start !== 'string' || !validStart(start)) issues.add('start', 'must be a date and time like "2026-01-13T07:00"');
  const timeline = readList(input, 'timeline', '', issues, readTimelineCard);
  const roles = readList(input, 'roles', '', issues, readRole);
  const injects = readList(input, 'injects', '', issues, readInject);
  if (id === undefined || version === undefined || !title || !intro || durationHours === undefined || typeof start !== 'string'
    || !timeline || !roles || !injects) return undefined;
  return { id, version, title, intro, durationHours, start, timeline, roles, injects };
}

function validStart(text: string): boolean {
  const match = START_PATTERN.exec(text);
  if (!match) return false;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60;
}

function readTimelineCard(input: unknown, path: string, issues: ProblemCollector): TimelineCard | undefined {
  if (!isJsonObject(input)) {
    issues.add(path, 'must be an object with hour, title and text');
    return undefined;
  }
  const hour = readNumber(input, 'hour', path, 0, MAX_DURATION_HOURS, issues);
  const title = readLabel(input['title'], childPath(path, 'title'), issues);
  const text = readLabel(input['text'], childPath(path, 'text'), issues);
  if (hour === undefined || !title || !text) return undefined;
  return { hour, title, text };
}

function readRole(input: unknown, path: string, issues: ProblemCollector): Role | undefined {
  if (!isJsonObject(input)) {
    issues.add(path, 'must be an object with id, title, scope, instructions and forms');
    return undefined;
  }
  const id = readId(input, 'id', path, issues);
  const title = readLabel(input['title'], childPath(path, 'title'), issues);
  const scope = readEnum(input, 'scope', ['site', 'central'] as const, path, issues);
  const max = input['max'] === undefined ? undefined : readInteger(input, 'max', path, 1, 50, issues);
  const instructions = readList(input, 'instructions', path, issues, (item, itemPath, itemIssues) => readLabel(item, itemPath, itemIssues));
  const forms = readList(input, 'forms', path, issues, readRoleForm, true);
  if (id === undefined || !title || !scope || !instructions || !forms) return undefined;
  return { id, title, scope, instructions, forms, ...(max !== undefined ? { max } : {}) };
}

function readRoleForm(input: unknown, path: string, issues: ProblemCollector): RoleForm | undefined {
  if (!isJsonObject(input)) {
    issues.add(path, 'must be an object like {"form": "intake", "sheets": 8, "per": "participant"}');
    return undefined;
  }
  const form = input['form'];
  if (typeof form !== 'string' || form === '') issues.add(childPath(path, 'form'), 'must be a form id, e.g. "intake"');
  const sheets = readInteger(input, 'sheets', path, 1, MAX_SHEETS_PER_ROLE_FORM, issues);
  const per = input['per'] === undefined ? 'participant' : readEnum(input, 'per', ['participant', 'site'] as const, path, issues);
  if (typeof form !== 'string' || form === '' || sheets === undefined || !per) return undefined;
  return { form, sheets, per };
}

function readInject(input: unknown, path: string, issues: ProblemCollector): Inject | undefined {
  if (!isJsonObject(input)) {
    issues.add(path, 'must be an object with id, hour, person, situation, says and expected');
    return undefined;
  }
  const id = readId(input, 'id', path, issues);
  const hour = readNumber(input, 'hour', path, 0, MAX_DURATION_HOURS, issues);
  const person = readPerson(input['person'], childPath(path, 'person'), issues);
  const situation = readLabel(input['situation'], childPath(path, 'situation'), issues);
  const says = readLabel(input['says'], childPath(path, 'says'), issues);
  const expected = readExpected(input['expected'], childPath(path, 'expected'), issues);
  const link = input['link'] === undefined ? undefined : readLink(input['link'], childPath(path, 'link'), issues);
  const prefilled = input['prefilled'] === undefined ? false : input['prefilled'];
  if (typeof prefilled !== 'boolean') issues.add(childPath(path, 'prefilled'), 'must be true or false');
  const hard = input['hard'] === undefined ? [] : readList(input, 'hard', path, issues, readHardCase, true);
  const trainerNote = input['trainerNote'] === undefined ? undefined : readLabel(input['trainerNote'], childPath(path, 'trainerNote'), issues);
  if (id === undefined || hour === undefined || !person || !situation || !says || !expected || !hard || typeof prefilled !== 'boolean') return undefined;
  return { id, hour, person, situation, says, expected, prefilled, hard, ...(link ? { link } : {}), ...(trainerNote ? { trainerNote } : {}) };
}

function readPerson(input: unknown, path: string, issues: ProblemCollector): PersonSketch | undefined {
  if (!isJsonObject(input)) {
    issues.add(path, 'must be an object like {"sex": "f", "age": 34, "origin": "dutch"}');
    return undefined;
  }
  const sex = readEnum(input, 'sex', ['f', 'm', 'x'] as const, path, issues);
  const age = readInteger(input, 'age', path, 0, 110, issues);
  const origin = readEnum(input, 'origin', NAME_ORIGINS, path, issues);
  if (!sex || age === undefined || !origin) return undefined;
  return { sex, age, origin };
}

function readExpected(input: unknown, path: string, issues: ProblemCollector): Inject['expected'] | undefined {
  if (!isJsonObject(input)) {
    issues.add(path, 'must be an object: form id → {field id: value}');
    return undefined;
  }
  let ok = true;
  for (const [form, values] of Object.entries(input)) {
    if (!isJsonObject(values)) {
      issues.add(childPath(path, form), 'must be an object: field id → value');
      ok = false;
      continue;
    }
    for (const [field, value] of Object.entries(values)) {
      const fine = value === null || typeof value === 'string' || typeof value === 'boolean'
        || (typeof value === 'number' && Number.isInteger(value) && value >= 0)
        || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
      if (!fine) {
        issues.add(childPath(childPath(path, form), field), 'must be text, a whole number, true/false, a list of option values, or null');
        ok = false;
      }
    }
  }
  return ok ? (input as Inject['expected']) : undefined;
}

function readLink(input: unknown, path: string, issues: ProblemCollector): InjectLink | undefined {
  if (!isJsonObject(input)) {
    issues.add(path, 'must be an object like {"pair": "mother", "side": "safe"}');
    return undefined;
  }
  const pair = readId(input, 'pair', path, issues);
  const side = readEnum(input, 'side', ['safe', 'seeking'] as const, path, issues);
  if (pair === undefined || !side) return undefined;
  return { pair, side };
}

function readHardCase(input: unknown, path: string, issues: ProblemCollector): HardCase | undefined {
  if (!isJsonObject(input)) {
    issues.add(path, `must be an object like {"kind": "torn-qr"}; kinds: ${HARD_CASE_KINDS.join(', ')}`);
    return undefined;
  }
  const kind = readEnum(input, 'kind', HARD_CASE_KINDS, path, issues);
  if (!kind) return undefined;
  if (kind !== 'cancelled-tick') return { kind };
  const field = input['field'];
  const option = input['option'];
  if (typeof field !== 'string') issues.add(childPath(path, 'field'), 'is missing (the checkbox field whose tick is cancelled)');
  if (typeof option !== 'string') issues.add(childPath(path, 'option'), 'is missing (the option ticked and then blacked out)');
  if (typeof field !== 'string' || typeof option !== 'string') return undefined;
  return { kind, field, option };
}

/** Rules across the whole scenario: unique ids, pairs complete, timeline within the duration. */
function checkWholeScenario(scenario: Scenario, issues: ProblemCollector): void {
  scenario.timeline.forEach((card, index) => {
    if (card.hour > scenario.durationHours) issues.add(`timeline[${index}].hour`, `is after the end of the scenario (durationHours ${scenario.durationHours})`);
  });
  scenario.injects.forEach((inject, index) => {
    if (inject.hour > scenario.durationHours) issues.add(`injects[${index}].hour`, `is after the end of the scenario (durationHours ${scenario.durationHours})`);
    if (inject.hard.length > 0 && !inject.prefilled) issues.add(`injects[${index}].hard`, 'hard cases only apply to pre-filled injects: add "prefilled": true');
    if (Object.keys(inject.expected).length === 0 && inject.prefilled) issues.add(`injects[${index}].expected`, 'a pre-filled inject needs the values of at least one form');
  });
  duplicates(scenario.roles.map((role) => role.id)).forEach((id) => issues.add('roles', `role id "${id}" is used more than once`));
  duplicates(scenario.injects.map((inject) => inject.id)).forEach((id) => issues.add('injects', `inject id "${id}" is used more than once`));
  if (scenario.roles.length === 0) issues.add('roles', 'must list at least one role');
  if (scenario.injects.length === 0) issues.add('injects', 'must list at least one resident inject');
  const pairs = new Map<string, { safe: number; seeking: number }>();
  for (const inject of scenario.injects) {
    if (!inject.link) continue;
    const pair = pairs.get(inject.link.pair) ?? { safe: 0, seeking: 0 };
    pair[inject.link.side] += 1;
    pairs.set(inject.link.pair, pair);
  }
  for (const [pair, count] of pairs) {
    if (count.safe !== 1 || count.seeking !== 1) {
      issues.add('injects', `family-link pair "${pair}" needs exactly one "safe" and one "seeking" inject (has ${count.safe} and ${count.seeking})`);
    }
  }
}

function duplicates(ids: readonly string[]): string[] {
  return [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))];
}

function readList<T>(input: Obj, key: string, path: string, issues: ProblemCollector,
  read: (item: unknown, path: string, issues: ProblemCollector) => T | undefined, allowEmpty = false): T[] | undefined {
  const value = input[key];
  const where = childPath(path, key);
  if (!Array.isArray(value) || (!allowEmpty && value.length === 0)) {
    issues.add(where, value === undefined ? 'is missing (a list)' : allowEmpty ? 'must be a list' : 'must be a non-empty list');
    return undefined;
  }
  const items: T[] = [];
  let ok = true;
  value.forEach((item, index) => {
    const parsed = read(item, childPath(where, index), issues);
    if (parsed === undefined) ok = false;
    else items.push(parsed);
  });
  return ok ? items : undefined;
}

function readId(input: Obj, key: string, path: string, issues: ProblemCollector): string | undefined {
  const value = input[key];
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    issues.add(childPath(path, key), value === undefined ? 'is missing' : 'must be lower-case letters, digits and - (starting with a letter)');
    return undefined;
  }
  return value;
}

function readNumber(input: Obj, key: string, path: string, min: number, max: number, issues: ProblemCollector): number | undefined {
  const value = input[key];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    issues.add(childPath(path, key), value === undefined ? 'is missing' : `must be a number from ${min} to ${max}`);
    return undefined;
  }
  return value;
}

function readInteger(input: Obj, key: string, path: string, min: number, max: number, issues: ProblemCollector): number | undefined {
  const value = input[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    issues.add(childPath(path, key), value === undefined ? 'is missing' : `must be a whole number from ${min} to ${max}`);
    return undefined;
  }
  return value;
}

function readEnum<T extends string>(input: Obj, key: string, allowed: readonly T[], path: string, issues: ProblemCollector): T | undefined {
  const value = input[key];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    issues.add(childPath(path, key), `${value === undefined ? 'is missing' : `"${String(value)}" is not allowed`}; use one of: ${allowed.join(', ')}`);
    return undefined;
  }
  return value as T;
}
