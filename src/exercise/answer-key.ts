/**
 * The answer key of an exercise pack: the exact value of every field of every pre-filled sheet, what should happen to
 * every pre-filled image, the family-link pairs to match, and the signal-report figures the injects should produce.
 * Pure: built from the plan plus the layouts printed; written as JSON and PDF by create-exercise-pack.ts.
 */
import { leafFields, type FieldValue, type FormDefinition, type Label, type LeafField } from '../model/index.js';
import type { HardCaseKind } from './scenario.js';
import type { PackPlan, PrefilledSheet } from './plan-pack.js';
import type { RadioDrillKey } from './radio-drill.js';

export const ANSWER_KEY_FORMAT = 'paperlink-exercise-answer-key';

export interface KeyFieldInfo {
  readonly kind: LeafField['kind'];
  readonly label: Label;
  /** Option values that mean a life may depend on quick follow-up. */
  readonly lifeSafety?: readonly string[];
}

export interface KeyForm {
  readonly version: number;
  readonly fingerprint: string;
  readonly pageCount: number;
  readonly fields: Readonly<Record<string, KeyFieldInfo>>;
}

export interface KeySheet {
  readonly name: string;
  readonly form: string;
  readonly site: string;
  readonly serial: number;
  readonly injectId: string;
  readonly resident: string;
  readonly hard: readonly HardCaseKind[];
  /** Life-safety options ticked on this sheet (`field=option`): the case must reach the follow-up list. */
  readonly lifeSafety: readonly string[];
  readonly values: Readonly<Record<string, FieldValue>>;
}

/** What office staff should end up with for one image file. */
export type FileExpectation = 'accepted' | 'duplicate' | 'key-in-serial' | 'review-cancelled-tick' | 'rotated';

export interface KeyFile {
  readonly file: string;
  readonly sheet: string;
  readonly page: number;
  readonly expect: FileExpectation;
}

export interface SignalFigures {
  readonly households: number;
  readonly persons: number;
  readonly needs: Readonly<Record<string, number>>;
  readonly urgency: Readonly<Record<string, number>>;
  readonly urgentCases: number;
  readonly lifeSafety: Readonly<Record<string, number>>;
  readonly rfl: { readonly registrations: number; readonly requests: number };
  readonly perSite: Readonly<Record<string, { households: number; urgentCases: number; rflRegistrations: number; rflRequests: number }>>;
}

export interface KeyCard {
  readonly number: number;
  readonly site: string;
  readonly injectId: string;
  readonly resident: string;
  readonly hour: number;
  readonly expected: Readonly<Record<string, Readonly<Record<string, FieldValue>>>>;
}

export interface AnswerKey {
  readonly format: typeof ANSWER_KEY_FORMAT;
  readonly formatVersion: 1;
  readonly scenario: { readonly id: string; readonly version: number; readonly title: Label };
  readonly seed: number;
  readonly sites: readonly string[];
  readonly participants: number;
  readonly forms: Readonly<Record<string, KeyForm>>;
  readonly sheets: readonly KeySheet[];
  readonly files: readonly KeyFile[];
  readonly matches: readonly { readonly pair: string; readonly safe: string; readonly seeking: string }[];
  readonly cards: readonly KeyCard[];
  readonly signal: { readonly injects: SignalFigures; readonly prefilled: SignalFigures };
  /** The radio drill: one site's pre-filled sheets as the SITREP the office station should record (absent in keys
   * made before the drill, or when no site has pre-filled intake sheets). */
  readonly radio?: RadioDrillKey;
}

export interface PrintedForm {
  readonly definition: FormDefinition;
  readonly fingerprint: string;
  readonly pageCount: number;
}

export function residentName(person: { given: string; family: string }): string {
  return `${person.given} ${person.family}`;
}

/** File names of a pre-filled sheet's images, in the order office staff should find them. */
export function prefilledFiles(sheet: PrefilledSheet, pageCount: number, extension: string): KeyFile[] {
  const files: KeyFile[] = [];
  for (let page = 1; page <= pageCount; page++) {
    const first = page === 1;
    const expect: FileExpectation = first && sheet.effects.tornQr ? 'key-in-serial'
      : first && sheet.effects.upsideDown ? 'rotated'
        : sheet.effects.cancelledTicks.length > 0 && first ? 'review-cancelled-tick' : 'accepted';
    files.push({ file: `${sheet.name}-p${page}.${extension}`, sheet: sheet.name, page, expect });
    if (first && sheet.effects.duplicateScan) files.push({ file: `${sheet.name}-p${page}-again.${extension}`, sheet: sheet.name, page, expect: 'duplicate' });
  }
  return files;
}

export function buildAnswerKey(plan: PackPlan, participants: number, printed: ReadonlyMap<string, PrintedForm>, files: readonly KeyFile[], radio?: RadioDrillKey): AnswerKey {
  const forms: Record<string, KeyForm> = {};
  for (const [formId, form] of [...printed.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    forms[formId] = { version: form.definition.version, fingerprint: form.fingerprint, pageCount: form.pageCount, fields: fieldInfo(form.definition) };
  }
  const definitions = new Map([...printed.entries()].map(([id, form]) => [id, form.definition]));
  const sheets: KeySheet[] = plan.prefilled.map((sheet) => ({
    name: sheet.name, form: sheet.form, site: sheet.site, serial: sheet.serial, injectId: sheet.injectId,
    resident: residentName(sheet.person), hard: sheet.hard.map((hard) => hard.kind),
    lifeSafety: lifeSafetyTicks(definitions.get(sheet.form), sheet.values), values: sheet.values,
  }));
  const matches: { pair: string; safe: string; seeking: string }[] = [];
  for (const inject of plan.scenario.injects) {
    if (inject.link?.side !== 'seeking') continue;
    const partner = plan.scenario.injects.find((other) => other.link?.pair === inject.link?.pair && other.link?.side === 'safe');
    const seeking = plan.prefilled.find((sheet) => sheet.injectId === inject.id && sheet.form === 'family-link');
    const safe = partner ? plan.prefilled.find((sheet) => sheet.injectId === partner.id && sheet.form === 'family-link') : undefined;
    if (seeking && safe) matches.push({ pair: inject.link.pair, safe: safe.name, seeking: seeking.name });
  }
  return {
    format: ANSWER_KEY_FORMAT, formatVersion: 1,
    scenario: { id: plan.scenario.id, version: plan.scenario.version, title: plan.scenario.title },
    seed: plan.seed, sites: plan.sites, participants, forms, sheets, files, matches,
    cards: plan.cards.map((card) => ({ number: card.number, site: card.site, injectId: card.injectId, resident: residentName(card.person), hour: card.hour, expected: card.expected })),
    signal: {
      injects: signalFigures(plan.sites, definitions, plan.cards.flatMap((card) => Object.entries(card.expected).map(([form, values]) => ({ site: card.site, form, values })))),
      prefilled: signalFigures(plan.sites, definitions, plan.prefilled.map((sheet) => ({ site: sheet.site, form: sheet.form, values: sheet.values }))),
    },
    ...(radio ? { radio } : {}),
  };
}

function fieldInfo(definition: FormDefinition): Record<string, KeyFieldInfo> {
  const info: Record<string, KeyFieldInfo> = {};
  for (const leaf of leafFields(definition)) {
    const lifeSafety = leaf.kind === 'checkbox' || leaf.kind === 'choice' ? leaf.options.filter((option) => option.lifeSafety).map((option) => option.value) : [];
    info[leaf.id] = { kind: leaf.kind, label: leaf.label, ...(lifeSafety.length > 0 ? { lifeSafety } : {}) };
  }
  return info;
}

/** `field=option` for every life-safety option ticked (checkbox) or chosen (choice). */
export function lifeSafetyTicks(definition: FormDefinition | undefined, values: Readonly<Record<string, FieldValue>>): string[] {
  if (!definition) return [];
  const ticks: string[] = [];
  for (const leaf of leafFields(definition)) {
    if (leaf.kind !== 'checkbox' && leaf.kind !== 'choice') continue;
    const value = values[leaf.id];
    const chosen = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
    for (const option of leaf.options) if (option.lifeSafety && chosen.includes(option.value)) ticks.push(`${leaf.id}=${option.value}`);
  }
  return ticks;
}

/**
 * The headline figures of the signal report for a set of sheets: households and persons (intake), needs and urgency
 * (intake), urgent cases (any life-safety tick on any form) and family-link registrations and requests.
 */
export function signalFigures(sites: readonly string[], definitions: ReadonlyMap<string, FormDefinition>,
  sheets: readonly { site: string; form: string; values: Readonly<Record<string, FieldValue>> }[]): SignalFigures {
  const intake = definitions.get('intake');
  const optionsOf = (definition: FormDefinition | undefined, fieldId: string): string[] => {
    const leaf = definition ? leafFields(definition).find((candidate) => candidate.id === fieldId) : undefined;
    return leaf && (leaf.kind === 'checkbox' || leaf.kind === 'choice') ? leaf.options.map((option) => option.value) : [];
  };
  const needs: Record<string, number> = Object.fromEntries(optionsOf(intake, 'needs').map((value) => [value, 0]));
  const urgency: Record<string, number> = Object.fromEntries(optionsOf(intake, 'urgency').map((value) => [value, 0]));
  const lifeSafety: Record<string, number> = {};
  const perSite = Object.fromEntries(sites.map((site) => [site, { households: 0, urgentCases: 0, rflRegistrations: 0, rflRequests: 0 }]));
  let households = 0;
  let persons = 0;
  let urgentCases = 0;
  let registrations = 0;
  let requests = 0;
  for (const sheet of sheets) {
    const site = perSite[sheet.site];
    if (sheet.form === 'intake') {
      households += 1;
      if (site) site.households += 1;
      const total = sheet.values['n_total'];
      if (typeof total === 'string' && /^\d+$/.test(total)) persons += Number(total);
      const ticked = sheet.values['needs'];
      if (Array.isArray(ticked)) for (const need of ticked) needs[need] = (needs[need] ?? 0) + 1;
      const level = sheet.values['urgency'];
      if (typeof level === 'string') urgency[level] = (urgency[level] ?? 0) + 1;
    }
    if (sheet.form === 'family-link') {
      const type = sheet.values['req_type'];
      if (type === 'safe' || type === 'both') {
        registrations += 1;
        if (site) site.rflRegistrations += 1;
      }
      if (type === 'seeking' || type === 'both') {
        requests += 1;
        if (site) site.rflRequests += 1;
      }
    }
    const ticks = lifeSafetyTicks(definitions.get(sheet.form), sheet.values);
    if (ticks.length > 0) {
      urgentCases += 1;
      if (site) site.urgentCases += 1;
    }
    for (const tick of ticks) lifeSafety[`${sheet.form}.${tick}`] = (lifeSafety[`${sheet.form}.${tick}`] ?? 0) + 1;
  }
  return { households, persons, needs, urgency, urgentCases, lifeSafety: sortKeys(lifeSafety), rfl: { registrations, requests }, perSite };
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
