/**
 * PURE: workspace rows (sheets with their current field values, print runs, input outcomes) → SignalReport.
 * Counts only. The privacy rules live here: no text, names, serials of returned sheets or card numbers ever leave
 * this module; people counts of 1–4 are hidden with complementary suppression; sensitive and RFL figures are
 * never finer than site × day; values awaiting review are counted apart and mark the figures they touch provisional.
 */
import { leafFields, type FieldStatus, type FieldValue, type FormDefinition, type Label, type LeafField } from '../model/index.js';
import { MIN_CELL_COUNT, suppressCounts, type CountEntry, type Line, type Suppression } from './suppress-counts.js';

export type Block = '6h' | '1d';
export type ReportLanguage = 'nl' | 'en';

/** The forms whose meaning the report knows; any other form is only counted in coverage. */
export const FORM_IDS = {
  intake: 'intake',
  familyLink: 'family-link',
  supply: 'supply-distribution',
  radio: 'radio-message',
  situation: 'site-situation',
} as const;

/** Forms whose sheets stand for people: their per-site counts are protected like every other people count. */
const PEOPLE_FORMS: ReadonlySet<string> = new Set([FORM_IDS.intake, FORM_IDS.familyLink]);

/** The tally families each form adds to per period, and whether that period is the time block or the day: a sheet
 * placed at its scan time while its written date awaits review makes exactly these figures provisional. */
const TIME_FAMILIES: Readonly<Record<string, readonly (readonly [family: string, per: 'block' | 'day'])[]>> = {
  [FORM_IDS.intake]: [['persons', 'block'], ['need', 'block'], ['urgency', 'block'], ['referral', 'block'], ['served', 'block'], ['atrisk', 'day']],
  [FORM_IDS.familyLink]: [['rfl', 'day']],
  [FORM_IDS.supply]: [['supply', 'block']],
};

/** Sector codes of the 14 need categories (domain.md §2.4, loosely IASC cluster names). */
export const NEED_SECTORS: Readonly<Record<string, string>> = {
  info: 'CCE', water: 'WASH', food: 'FSC', warmth: 'SHL', shelter: 'SHL', medical: 'HEA', medication: 'HEA',
  family: 'PRO', pss: 'HEA', charging: 'CCE', transport: 'LOG', hygiene: 'WASH', baby: 'NUT', other: '',
};

/** At-risk categories (domain.md §8.1 hh_*): which intake field and options make a household count. */
export const AT_RISK_CATEGORIES: readonly { readonly code: string; readonly field: string; readonly options: readonly string[] | 'any'; readonly label: Label }[] = [
  { code: 'power_dependent', field: 'power_dep', options: 'any', label: { nl: 'Stroomafhankelijke zorg thuis', en: 'Electricity-dependent care at home' } },
  { code: 'meds_short', field: 'meds', options: ['short'], label: { nl: 'Medicatie: voorraad < 3 dagen', en: 'Medication: < 3 days left' } },
  { code: 'meds_cold', field: 'meds', options: ['cold'], label: { nl: 'Medicatie gekoeld (bijv. insuline)', en: 'Medication needs cooling (e.g. insulin)' } },
  { code: 'elderly_alone', field: 'vuln', options: ['elderly_alone'], label: { nl: '65+ alleenwonend', en: '65+ living alone' } },
  { code: 'pregnant', field: 'vuln', options: ['pregnant'], label: { nl: 'Zwanger', en: 'Pregnant' } },
  { code: 'infant_u1', field: 'vuln', options: ['infant_u1'], label: { nl: 'Baby < 1 jaar', en: 'Infant < 1 year' } },
  { code: 'disability', field: 'vuln', options: ['walking', 'seeing_hearing', 'cognition', 'selfcare'], label: { nl: 'Beperking (lopen, zien/horen, begrijpen, zelfzorg)', en: 'Disability (walking, seeing/hearing, understanding, self-care)' } },
];
/** Unaccompanied minors are never shown per site (their location is protected): one total for the whole report. */
const UNACCOMPANIED_OPTION = 'unaccompanied_minor';

const SERVED: Readonly<Record<string, string>> = { info: 'info', charging: 'charging', firstaid: 'firstaid', pss: 'pss' };
const AGE_BANDS = ['0_4', '5_17', '18_64', '65p'] as const;
const SEXES = ['f', 'm', 'x'] as const;
/** Only this many missing-serial ranges are listed per form and site; the rest is a count. */
export const MAX_MISSING_RANGES = 12;
/** Form times are local Dutch time; scan times (UTC) are converted to it so blocks line up. */
export const REPORT_TIME_ZONE = 'Europe/Amsterdam';

// ---------------------------------------------------------------------------------------------------------------
// Input

export interface FieldState {
  readonly value: FieldValue;
  readonly status: FieldStatus;
}

export interface ReportSheet {
  readonly id: number;
  readonly formId: string;
  readonly fingerprint: string;
  readonly site: string;
  readonly serial: number;
  /** ISO UTC time the first page of the sheet was scanned. */
  readonly scannedAt: string;
  /** Current value of the fields that hold something; an absent field is empty when `complete`. */
  readonly fields: Readonly<Record<string, FieldState>>;
  /** Every leaf field of every page is stored; false while a page has not been scanned (absent = unknown). */
  readonly complete: boolean;
}

export interface ReportPrintRun {
  readonly formId: string;
  readonly site: string;
  readonly serialFrom: number;
  readonly serialTo: number;
}

export interface ReportOutcomeCount {
  readonly outcome: string;
  readonly reason: string | null;
  readonly pages: number;
}

export interface ReportData {
  /** Definition of every layout, by fingerprint. */
  readonly definitions: ReadonlyMap<string, FormDefinition>;
  readonly sheets: readonly ReportSheet[];
  readonly printRuns: readonly ReportPrintRun[];
  readonly outcomes: readonly ReportOutcomeCount[];
  /** Sheets with a page refused at registration (QR read): in the office, to be scanned again, not missing. */
  readonly refused: readonly { readonly formId: string; readonly site: string; readonly serial: number }[];
}

export interface AggregateOptions {
  /** Local time 'YYYY-MM-DDTHH:MM', inclusive. */
  readonly from?: string;
  /** Local time 'YYYY-MM-DDTHH:MM', exclusive. */
  readonly to?: string;
  readonly sites?: readonly string[];
  readonly block: Block;
  readonly lang: ReportLanguage;
  /** false only with restricted: every count shown as it is. */
  readonly suppress: boolean;
  readonly restricted: boolean;
  readonly generatedAt: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Output

/** One published number. `value` is null when hidden; `shown` is what a reader sees. */
export interface Figure {
  readonly value: number | null;
  readonly shown: string;
  readonly hidden?: Suppression;
  /** Some values behind this number still await review: it may still change. */
  readonly provisional?: true;
}

export interface Period { readonly start: string; readonly end: string }
export interface Category { readonly code: string; readonly label: string }

export interface SignalReport {
  readonly meta: {
    readonly title: string;
    readonly generatedAt: string;
    readonly lang: ReportLanguage;
    readonly period: Period | null;
    readonly block: Block;
    readonly timeZone: string;
    readonly sites: readonly string[];
    readonly restricted: boolean;
    readonly suppression: boolean;
    readonly minCellCount: number;
    readonly provisional: boolean;
    /** How the time of each counted sheet was found: written on the form, the scan time (no time written), or the
     * scan time while the written date/time awaits review (`pending`: the figures of that period are provisional). */
    readonly timeSource: { readonly form: number; readonly scan: number; readonly pending: number };
    readonly forms: readonly { readonly id: string; readonly title: string; readonly versions: readonly number[] }[];
  };
  readonly headline: {
    readonly households: Figure;
    readonly persons: Figure;
    readonly urgentNow: Figure;
    readonly urgent24h: Figure;
    readonly topNeeds: readonly { readonly code: string; readonly label: string; readonly households: Figure }[];
    readonly atRisk: readonly { readonly code: string; readonly label: string; readonly households: Figure }[];
    readonly unaccompaniedMinors: Figure;
  };
  readonly coverage: {
    readonly forms: readonly CoverageRow[];
    readonly outcomes: readonly { readonly outcome: string; readonly outcomeLabel: string; readonly reason: string | null; readonly label: string; readonly pages: number }[];
    readonly unreadablePages: number;
    readonly fieldsAwaitingReview: number;
    readonly sheetsAwaitingReview: number;
    readonly sheetsIncomplete: number;
  };
  readonly needs: {
    readonly categories: readonly (Category & { readonly sector: string; readonly names: { readonly nl: string; readonly en: string } })[];
    readonly sites: readonly SiteNeeds[];
    readonly total: SiteNeeds;
    readonly blocks: readonly BlockNeeds[];
    readonly mostUrgent: readonly { readonly code: string; readonly label: string; readonly households: Figure; readonly bySite: Readonly<Record<string, Figure>> }[];
    readonly urgencyBySite: readonly { readonly site: string; readonly now: Figure; readonly h24: Figure }[];
    readonly referrals: readonly { readonly code: string; readonly label: string; readonly total: Figure; readonly bySite: Readonly<Record<string, Figure>> }[];
    readonly served: readonly { readonly code: string; readonly label: string; readonly total: Figure; readonly bySite: Readonly<Record<string, Figure>> }[];
  };
  readonly atRisk: {
    readonly categories: readonly Category[];
    readonly sites: readonly { readonly site: string; readonly counts: Readonly<Record<string, Figure>>; readonly awaiting: Figure }[];
    readonly total: Readonly<Record<string, Figure>>;
    readonly days: readonly { readonly site: string; readonly day: string; readonly counts: Readonly<Record<string, Figure>> }[];
    readonly unaccompaniedMinors: Figure;
  };
  readonly familyLinks: {
    readonly days: readonly { readonly site: string; readonly day: string; readonly safe: Figure; readonly tracing: Figure }[];
    readonly sites: readonly { readonly site: string; readonly safe: Figure; readonly tracing: Figure }[];
    readonly total: { readonly safe: Figure; readonly tracing: Figure };
    readonly awaiting: Figure;
  };
  readonly supplies: {
    readonly items: readonly (Category & { readonly unit: string; readonly names: { readonly nl: string; readonly en: string } })[];
    readonly rows: readonly SupplyRow[];
    readonly discrepancies: readonly { readonly site: string; readonly period: Period; readonly item: string; readonly label: string; readonly discrepancy: number }[];
  };
  readonly radio: {
    readonly precedences: readonly Category[];
    readonly categories: readonly Category[];
    readonly stations: readonly { readonly station: string; readonly total: number; readonly byPrecedence: Readonly<Record<string, number>>; readonly byCategory: Readonly<Record<string, number>>; readonly awaiting: number }[];
  };
  readonly situation: {
    readonly counts: readonly { readonly field: string; readonly label: string; readonly bySiteBlock: readonly { readonly site: string; readonly period: Period; readonly value: number; readonly provisional?: true }[]; readonly total: number }[];
    readonly ticks: readonly { readonly field: string; readonly label: string; readonly options: readonly { readonly code: string; readonly label: string; readonly total: number; readonly bySite: Readonly<Record<string, number>> }[] }[];
    readonly sheets: number;
  };
  /** One row per site × block: the columns of domain.md §8.1 that the forms can fill. */
  readonly signal: readonly SignalRow[];
  readonly hiddenCells: number;
}

export interface CoverageRow {
  readonly formId: string;
  readonly form: string;
  readonly site: string;
  readonly issued: number;
  readonly returned: Figure;
  readonly missing: Figure;
  /** Serial ranges issued but not (yet) returned, e.g. "41-57". Empty when hiding is needed. */
  readonly missingRanges: readonly string[];
  readonly moreMissingRanges: number;
  /** Serial ranges whose page was refused (folded, curled, cut off) and no page of which has been read: the paper
   * came back and must be flattened and scanned again. Not counted as missing. Empty when hiding is needed. */
  readonly rescanRanges: readonly string[];
}

export interface SiteNeeds {
  readonly site: string;
  readonly households: Figure;
  readonly persons: Figure;
  readonly needs: Readonly<Record<string, Figure>>;
  /** Persons in the households with each need. */
  readonly needPersons: Readonly<Record<string, Figure>>;
  readonly awaiting: Figure;
}

export interface BlockNeeds extends SiteNeeds {
  readonly period: Period;
}

export interface SupplyRow {
  readonly site: string;
  readonly period: Period;
  readonly item: string;
  readonly label: string;
  readonly unit: string;
  readonly opening: number | null;
  readonly received: number | null;
  readonly distributed: number;
  readonly closing: number | null;
  readonly discrepancy: number | null;
  readonly flagged: boolean;
  readonly provisional: boolean;
  readonly reachedHouseholds: Figure;
  readonly reachedPersons: Figure;
}

export interface SignalRow {
  readonly period: Period;
  readonly site: string;
  readonly values: Readonly<Record<string, Figure | string>>;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading field values: known, empty or awaiting a person; never a guess.

type Known<T> = { readonly known: true; readonly value: T } | { readonly known: false };
const AWAITING = { known: false } as const;

const EMPTY_STATE: FieldState = { value: null, status: 'empty' };

function isSettled(state: FieldState | undefined): state is FieldState {
  return state !== undefined && state.status !== 'needs-review';
}

function stateOf(sheet: ReportSheet, id: string): FieldState | undefined {
  return sheet.fields[id] ?? (sheet.complete ? EMPTY_STATE : undefined);
}

function readTicks(sheet: ReportSheet, id: string): Known<readonly string[]> {
  const state = stateOf(sheet, id);
  if (!isSettled(state)) return AWAITING;
  if (state.status === 'empty' || state.value === null) return { known: true, value: [] };
  if (Array.isArray(state.value)) return { known: true, value: state.value as readonly string[] };
  return { known: true, value: [] };
}

function readChoice(sheet: ReportSheet, id: string): Known<string | null> {
  const state = stateOf(sheet, id);
  if (!isSettled(state)) return AWAITING;
  if (state.status === 'empty') return { known: true, value: null };
  return { known: true, value: typeof state.value === 'string' ? state.value : null };
}

/** A count written in digits: empty is 0; a cell left unread ('?') means awaiting. */
function readCount(sheet: ReportSheet, id: string): Known<number> {
  const state = stateOf(sheet, id);
  if (!isSettled(state)) return AWAITING;
  if (state.status === 'empty' || state.value === null || state.value === '') return { known: true, value: 0 };
  if (typeof state.value === 'string' && /^\d+$/.test(state.value)) return { known: true, value: Number(state.value) };
  return AWAITING;
}

function readDigitsText(sheet: ReportSheet, id: string): string | null {
  const state = stateOf(sheet, id);
  if (!state || (state.status !== 'auto' && state.status !== 'reviewed')) return null;
  return typeof state.value === 'string' && /^\d+$/.test(state.value) ? state.value : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Time

const localFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: REPORT_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});
const localCache = new Map<string, string>();

/** ISO UTC → local 'YYYY-MM-DDTHH:MM' in the report's time zone. */
export function toLocalTime(isoUtc: string): string {
  const minute = isoUtc.slice(0, 16);
  const cached = localCache.get(minute);
  if (cached !== undefined) return cached;
  const date = new Date(`${minute}:00Z`);
  if (Number.isNaN(date.getTime())) return '0000-00-00T00:00';
  const parts = Object.fromEntries(localFormat.formatToParts(date).map((part) => [part.type, part.value]));
  const local = `${parts['year']}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}`;
  localCache.set(minute, local);
  return local;
}

/** The UTC offset ('+01:00' / '+02:00') of a local time in the report's time zone, for ISO 8601 with offset. */
export function localOffset(local: string): string {
  for (const hours of [1, 2, 0, 3]) {
    const utc = new Date(Date.parse(`${local}:00Z`) - hours * 3_600_000).toISOString();
    if (toLocalTime(utc) === local) return `+0${hours}:00`;
  }
  return '+01:00';
}

/** DD-MM-YY digits + HHMM digits → local 'YYYY-MM-DDTHH:MM', or null when either is not a real date/time. */
export function formTime(dateDigits: string | null, timeDigits: string | null): string | null {
  if (!dateDigits || !timeDigits || dateDigits.length !== 6 || timeDigits.length !== 4) return null;
  const day = Number(dateDigits.slice(0, 2));
  const month = Number(dateDigits.slice(2, 4));
  const year = 2000 + Number(dateDigits.slice(4, 6));
  const hour = Number(timeDigits.slice(0, 2));
  const minute = Number(timeDigits.slice(2, 4));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function addHours(local: string, hours: number): string {
  const date = new Date(Date.parse(`${local}:00Z`) + hours * 3_600_000);
  return date.toISOString().slice(0, 16);
}

/** Start of the block holding a local time. */
export function blockStart(local: string, block: Block): string {
  const day = local.slice(0, 10);
  if (block === '1d') return `${day}T00:00`;
  const hour = Math.floor(Number(local.slice(11, 13)) / 6) * 6;
  return `${day}T${pad(hour)}:00`;
}

function blockPeriod(start: string, block: Block): Period {
  return { start, end: addHours(start, block === '1d' ? 24 : 6) };
}

interface TimeFields { readonly date: string | undefined; readonly times: readonly string[] }

/** The form's own date and time fields: `date` and `time`, else the first date and every time (earliest wins). */
function timeFieldsOf(definition: FormDefinition): TimeFields {
  const leaves = leafFields(definition).filter((leaf): leaf is Extract<LeafField, { kind: 'digits' }> => leaf.kind === 'digits');
  const date = leaves.find((leaf) => leaf.id === 'date') ?? leaves.find((leaf) => leaf.preset === 'date');
  // A date field `filed_date` pairs with `filed_time` (radio form); the header pair is `date` + `time`.
  const pairedId = date?.id === 'date' ? 'time' : date?.id.endsWith('_date') ? `${date.id.slice(0, -5)}_time` : undefined;
  const time = leaves.find((leaf) => leaf.id === pairedId);
  return { date: date?.id, times: time ? [time.id] : leaves.filter((leaf) => leaf.preset === 'time').map((leaf) => leaf.id) };
}

/** Where a sheet's time came from: written on the form; the scan time because the form has none; or the scan
 * time for now, because the written date or time still awaits review (the sheet may move when it is reviewed). */
type TimeSource = 'form' | 'scan' | 'pending';

function sheetTime(sheet: ReportSheet, fields: TimeFields): { local: string; source: TimeSource } {
  const date = fields.date ? readDigitsText(sheet, fields.date) : null;
  let earliest: string | null = null;
  for (const id of fields.times) {
    const time = readDigitsText(sheet, id);
    if (time !== null && (earliest === null || time < earliest)) earliest = time;
  }
  const local = formTime(date, earliest);
  if (local) return { local, source: 'form' };
  const pending = [fields.date, ...fields.times].some((id) => id !== undefined && stateOf(sheet, id)?.status === 'needs-review');
  return { local: toLocalTime(sheet.scannedAt), source: pending ? 'pending' : 'scan' };
}

// ---------------------------------------------------------------------------------------------------------------
// The tally: every protected count is an entry (family|category|site|period); '*' is "all".

const ALL = '*';

class Tally {
  readonly values = new Map<string, number>();
  readonly awaiting = new Map<string, number>();

  static key(family: string, category: string, site: string, period: string): string {
    return `${family}|${category}|${site}|${period}`;
  }

  /** Adds to the finest cell and to its site total and grand total. */
  add(family: string, category: string, site: string, period: string, amount = 1): void {
    if (amount === 0) return;
    this.bump(this.values, Tally.key(family, category, site, period), amount);
    if (period !== ALL) this.bump(this.values, Tally.key(family, category, site, ALL), amount);
    if (site !== ALL) this.bump(this.values, Tally.key(family, category, ALL, ALL), amount);
  }

  /** A sheet of this site and period could not be counted in this family yet. */
  wait(family: string, site: string, period: string): void {
    this.bump(this.awaiting, Tally.key(family, ALL, site, period), 1);
    if (period !== ALL) this.bump(this.awaiting, Tally.key(family, ALL, site, ALL), 1);
    if (site !== ALL) this.bump(this.awaiting, Tally.key(family, ALL, ALL, ALL), 1);
  }

  /** A sheet is in this site's period only for now (its written time awaits review): that period's figures may
   * change when it moves, the site's and the grand totals cannot (the sheet is counted in them either way). */
  waitForTime(family: string, site: string, period: string): void {
    this.bump(this.awaiting, Tally.key(family, ALL, site, period), 1);
  }

  value(key: string): number {
    return this.values.get(key) ?? 0;
  }

  waiting(family: string, site: string, period: string): number {
    return this.awaiting.get(Tally.key(family, ALL, site, period)) ?? 0;
  }

  private bump(map: Map<string, number>, key: string, amount: number): void {
    map.set(key, (map.get(key) ?? 0) + amount);
  }
}

// ---------------------------------------------------------------------------------------------------------------

const TEXT: Record<ReportLanguage, Record<string, string>> = {
  nl: {
    title: 'Signaalrapport', outcome_accepted: 'geaccepteerd', 'outcome_needs-review': 'wacht op controle', outcome_duplicate: 'dubbel gescand',
    outcome_conflict: 'tegenstrijdige scans', outcome_unreadable: 'onleesbaar', 'no-qr': 'geen QR-code gevonden', 'foreign-qr': 'QR-code van iets anders',
    'tampered-code': 'QR-code beschadigd of gewijzigd', 'unknown-layout': 'onbekende formulierversie', 'registration-failed': 'hoekmarkeringen niet gevonden',
    'corrupt-file': 'bestand beschadigd', 'too-large': 'bestand te groot', 'unsupported-format': 'bestandsformaat niet ondersteund', 'blank-page': 'lege pagina',
    'reader-failed': 'fout in paperlink: bestand melden',
    radio_none: 'niet aangegeven',
  },
  en: {
    title: 'Signal report', outcome_accepted: 'accepted', 'outcome_needs-review': 'awaiting review', outcome_duplicate: 'scanned twice',
    outcome_conflict: 'conflicting scans', outcome_unreadable: 'unreadable', 'no-qr': 'no QR code found', 'foreign-qr': 'QR code of something else',
    'tampered-code': 'QR code damaged or altered', 'unknown-layout': 'unknown form version', 'registration-failed': 'corner marks not found',
    'corrupt-file': 'file damaged', 'too-large': 'file too large', 'unsupported-format': 'file format not supported', 'blank-page': 'blank page',
    'reader-failed': 'paperlink fault: report the file',
    radio_none: 'not given',
  },
};

function labelIn(label: Label | undefined, lang: ReportLanguage): string {
  if (!label) return '';
  return label[lang] ?? label.en;
}

function optionsOf(definition: FormDefinition | undefined, fieldId: string): readonly { value: string; label: Label }[] {
  if (!definition) return [];
  const leaf = leafFields(definition).find((field) => field.id === fieldId);
  return leaf && (leaf.kind === 'checkbox' || leaf.kind === 'choice') ? leaf.options : [];
}

function fieldOf(definition: FormDefinition | undefined, fieldId: string): LeafField | undefined {
  return definition ? leafFields(definition).find((field) => field.id === fieldId) : undefined;
}

interface SupplyItem { readonly code: string; readonly rowsTable: string; readonly column: string; readonly stockTable: string; readonly label: Label }

/** Items of a distribution form, found through its sum checks (`rows.*.r_water_l` adds up to `stock.water_l.issued`). */
function supplyItemsOf(definition: FormDefinition): SupplyItem[] {
  const items: SupplyItem[] = [];
  for (const check of definition.checks) {
    const term = check.terms[0];
    const termMatch = term ? /^([a-z0-9_]+)\.\*\.([a-z0-9_]+)$/.exec(term) : null;
    const totalMatch = /^([a-z0-9_]+)\.([a-z0-9_]+)\.issued$/.exec(check.total);
    if (!termMatch || !totalMatch) continue;
    const stock = definition.sections.flatMap((section) => section.fields).find((field) => field.id === totalMatch[1]);
    const row = stock && stock.kind === 'table' ? stock.rows.find((candidate) => candidate.id === totalMatch[2]) : undefined;
    items.push({ code: totalMatch[2]!, rowsTable: termMatch[1]!, column: termMatch[2]!, stockTable: totalMatch[1]!, label: row?.label ?? { nl: totalMatch[2]!, en: totalMatch[2]! } });
  }
  return items;
}

const ITEM_UNITS: Readonly<Record<string, string>> = { water_l: 'litre', light_kit: 'set' };

/** Which fields of a definition the report reads (the loader may skip every other field). */
export function fieldsUsedByReport(definition: FormDefinition): Set<string> {
  const used = new Set<string>();
  const time = timeFieldsOf(definition);
  if (time.date) used.add(time.date);
  for (const id of time.times) used.add(id);
  for (const leaf of leafFields(definition)) {
    if (leaf.kind === 'text' || leaf.kind === 'wordgrid' || leaf.kind === 'signature') continue;
    if (leaf.privacy === 'rfl' && definition.id === FORM_IDS.familyLink) continue;
    used.add(leaf.id);
  }
  if (definition.id === FORM_IDS.familyLink) used.add('req_type');
  return used;
}

// ---------------------------------------------------------------------------------------------------------------

export function aggregateReport(data: ReportData, options: AggregateOptions): SignalReport {
  const lang = options.lang;
  const text = TEXT[lang];
  const siteFilter = options.sites && options.sites.length > 0 ? new Set(options.sites) : null;
  const timeFieldsByFingerprint = new Map<string, TimeFields>();
  /** Leaves a person must check before they count (free text is transcribed, not reviewed for the report). */
  const reviewableByFingerprint = new Map<string, Set<string>>();
  for (const [fingerprint, definition] of data.definitions) {
    timeFieldsByFingerprint.set(fingerprint, timeFieldsOf(definition));
    reviewableByFingerprint.set(fingerprint, new Set(leafFields(definition).filter((leaf) => leaf.kind !== 'text' && leaf.kind !== 'wordgrid' && leaf.kind !== 'signature').map((leaf) => leaf.id)));
  }

  // The newest definition of each form gives the labels.
  const latest = new Map<string, FormDefinition>();
  const versions = new Map<string, Set<number>>();
  for (const definition of data.definitions.values()) {
    const current = latest.get(definition.id);
    if (!current || definition.version > current.version) latest.set(definition.id, definition);
    const set = versions.get(definition.id) ?? new Set<number>();
    set.add(definition.version);
    versions.set(definition.id, set);
  }
  const intakeDef = latest.get(FORM_IDS.intake);
  const radioDef = latest.get(FORM_IDS.radio);
  const situationDef = latest.get(FORM_IDS.situation);

  const tally = new Tally();
  const sites = new Set<string>();
  const blocks = new Set<string>();
  const days = new Set<string>();
  const timeSource = { form: 0, scan: 0, pending: 0 };
  let sheetsAwaiting = 0;
  let fieldsAwaiting = 0;
  let sheetsIncomplete = 0;
  const returnedSerials = new Map<string, Set<number>>();
  const returnedInPeriod = new Map<string, number>();
  let minTime: string | null = null;
  let maxTime: string | null = null;

  const supplyCells = new Map<string, { opening: number | null; received: number | null; closing: number | null; distributed: number; discrepancy: number | null; flagged: boolean; provisional: boolean }>();
  const radioStations = new Map<string, { total: number; byPrecedence: Map<string, number>; byCategory: Map<string, number>; awaiting: number }>();
  const situationCounts = new Map<string, Map<string, { value: number; provisional: boolean }>>();
  const situationTicks = new Map<string, Map<string, Map<string, number>>>();
  let situationSheets = 0;
  const needsReviewStatus = (state: FieldState | undefined): boolean => state?.status === 'needs-review';

  for (const sheet of data.sheets) {
    const definition = data.definitions.get(sheet.fingerprint);
    const key = `${sheet.formId}|${sheet.site}`;
    const serials = returnedSerials.get(key) ?? new Set<number>();
    serials.add(sheet.serial);
    returnedSerials.set(key, serials);
    if (!definition) continue;
    if (siteFilter && !siteFilter.has(sheet.site)) continue;
    const time = sheetTime(sheet, timeFieldsByFingerprint.get(sheet.fingerprint) ?? { date: undefined, times: [] });
    if (options.from && time.local < options.from) continue;
    if (options.to && time.local >= options.to) continue;
    timeSource[time.source]++;
    if (minTime === null || time.local < minTime) minTime = time.local;
    if (maxTime === null || time.local > maxTime) maxTime = time.local;
    const site = sheet.site;
    const block = blockStart(time.local, options.block);
    const day = time.local.slice(0, 10);
    sites.add(site);
    blocks.add(block);
    days.add(day);
    returnedInPeriod.set(key, (returnedInPeriod.get(key) ?? 0) + 1);

    let sheetWaits = false;
    const reviewable = reviewableByFingerprint.get(sheet.fingerprint);
    for (const id in sheet.fields) {
      if (needsReviewStatus(sheet.fields[id]) && reviewable?.has(id)) {
        sheetWaits = true;
        fieldsAwaiting++;
      }
    }
    if (sheetWaits) sheetsAwaiting++;
    if (!sheet.complete) sheetsIncomplete++;

    // Placed at the scan time only for now: every figure of this site and period may still lose (or gain) this sheet.
    if (time.source === 'pending') for (const [family, per] of TIME_FAMILIES[sheet.formId] ?? []) tally.waitForTime(family, site, per === 'day' ? day : block);

    switch (sheet.formId) {
      case FORM_IDS.intake:
        countIntake(tally, sheet, site, block, day);
        break;
      case FORM_IDS.familyLink: {
        const type = readChoice(sheet, 'req_type');
        tally.add('rfl_sheets', ALL, site, day);
        if (!type.known) tally.wait('rfl', site, day);
        else {
          tally.add('rfl_safe', ALL, site, day, type.value === 'safe' || type.value === 'both' ? 1 : 0);
          tally.add('rfl_tracing', ALL, site, day, type.value === 'seeking' || type.value === 'both' ? 1 : 0);
        }
        break;
      }
      case FORM_IDS.supply:
        countSupply(tally, supplyCells, sheet, definition, site, block);
        if (time.source === 'pending') {
          for (const [key, cell] of supplyCells) if (key.startsWith(`${site}|${block}|`)) cell.provisional = true;
        }
        break;
      case FORM_IDS.radio: {
        const station = radioStations.get(site) ?? { total: 0, byPrecedence: new Map(), byCategory: new Map(), awaiting: 0 };
        radioStations.set(site, station);
        station.total++;
        const precedence = readChoice(sheet, 'precedence');
        const category = readChoice(sheet, 'category');
        if (!precedence.known || !category.known) station.awaiting++;
        const precedenceKey = precedence.known ? precedence.value ?? 'none' : 'awaiting';
        const categoryKey = category.known ? category.value ?? 'none' : 'awaiting';
        station.byPrecedence.set(precedenceKey, (station.byPrecedence.get(precedenceKey) ?? 0) + 1);
        station.byCategory.set(categoryKey, (station.byCategory.get(categoryKey) ?? 0) + 1);
        break;
      }
      case FORM_IDS.situation:
        situationSheets++;
        for (const leaf of leafFields(definition)) {
          if (leaf.privacy !== 'none') continue;
          if (leaf.kind === 'digits' && leaf.preset === 'count') {
            // A table of counts (visitors per hour of the shift) adds up to one count per sheet.
            const countId = leaf.tableId ?? leaf.id;
            const count = readCount(sheet, leaf.id);
            const bySiteBlock = situationCounts.get(countId) ?? new Map<string, { value: number; provisional: boolean }>();
            situationCounts.set(countId, bySiteBlock);
            const cell = bySiteBlock.get(`${site}|${block}`) ?? { value: 0, provisional: false };
            bySiteBlock.set(`${site}|${block}`, cell);
            if (count.known) cell.value += count.value; else cell.provisional = true;
            if (time.source === 'pending') cell.provisional = true;
          } else if (leaf.kind === 'checkbox' || leaf.kind === 'choice') {
            const ticks = leaf.kind === 'checkbox' ? readTicks(sheet, leaf.id) : readChoice(sheet, leaf.id);
            if (!ticks.known) continue;
            const values = Array.isArray(ticks.value) ? ticks.value as string[] : ticks.value === null ? [] : [ticks.value as string];
            const byOption = situationTicks.get(leaf.id) ?? new Map<string, Map<string, number>>();
            situationTicks.set(leaf.id, byOption);
            for (const value of values) {
              const bySite = byOption.get(value) ?? new Map<string, number>();
              byOption.set(value, bySite);
              bySite.set(site, (bySite.get(site) ?? 0) + 1);
            }
          }
        }
        break;
      default:
        break;
    }
  }

  const siteList = [...sites].sort();
  const blockList = [...blocks].sort();
  const dayList = [...days].sort();

  // Categories from the form definitions' labels.
  const needCategories = optionsOf(intakeDef, 'needs').map((option) => ({ code: option.value, label: labelIn(option.label, lang), names: { nl: option.label.nl, en: option.label.en }, sector: NEED_SECTORS[option.value] ?? '' }));
  const referralCategories = optionsOf(intakeDef, 'referral').map((option) => ({ code: option.value, label: labelIn(option.label, lang) }));
  const servedCategories = optionsOf(intakeDef, 'provided').filter((option) => SERVED[option.value]).map((option) => ({ code: option.value, label: labelIn(option.label, lang) }));
  const atRiskCategories = AT_RISK_CATEGORIES.map((category) => ({ code: category.code, label: labelIn(category.label, lang) }));
  const supplyDef = latest.get(FORM_IDS.supply);
  const supplyItems = supplyDef ? supplyItemsOf(supplyDef) : [];

  // ---- Protected entries and the lines that tie them together.
  const entries = new Map<string, CountEntry>();
  const lines: Line[] = [];
  const entry = (family: string, category: string, site: string, period: string): string => {
    const key = Tally.key(family, category, site, period);
    if (!entries.has(key)) entries.set(key, { value: tally.value(key), protect: true });
    return key;
  };
  /** Family × category over sites and periods: each site's periods add up to the site, the sites to the total. */
  const hierarchy = (family: string, categories: readonly string[], periods: readonly string[]): void => {
    for (const category of categories) {
      for (const site of siteList) {
        if (periods.length > 0) lines.push([...periods.map((period) => entry(family, category, site, period)), entry(family, category, site, ALL)]);
        else entry(family, category, site, ALL);
      }
      lines.push([...siteList.map((site) => entry(family, category, site, ALL)), entry(family, category, ALL, ALL)]);
    }
  };
  hierarchy('hh', [ALL], blockList);
  hierarchy('persons', [ALL, ...SEXES, ...AGE_BANDS], blockList);
  for (const site of [...siteList, ALL]) {
    for (const period of site === ALL ? [ALL] : [...blockList, ALL]) {
      lines.push([...SEXES.map((sex) => entry('persons', sex, site, period)), entry('persons', ALL, site, period)]);
      lines.push([...AGE_BANDS.map((band) => entry('persons', band, site, period)), entry('persons', ALL, site, period)]);
    }
  }
  hierarchy('need', needCategories.map((category) => category.code), blockList);
  hierarchy('need_ind', needCategories.map((category) => category.code), blockList);
  hierarchy('urgency', ['now', 'h24'], blockList);
  hierarchy('need_top', needCategories.map((category) => category.code), []);
  hierarchy('referral', referralCategories.map((category) => category.code), blockList);
  hierarchy('served', servedCategories.map((category) => category.code), blockList);
  hierarchy('atrisk', atRiskCategories.map((category) => category.code), dayList);
  hierarchy('rfl_safe', [ALL], dayList);
  hierarchy('rfl_tracing', [ALL], dayList);
  hierarchy('reached_hh', supplyItems.map((item) => item.code), blockList);
  hierarchy('reached_ind', supplyItems.map((item) => item.code), blockList);
  entry('uam', ALL, ALL, ALL);
  // Returned sheets of people forms are people counts too; without a period filter the intake count *is* the
  // household count, so both must hide together.
  const coverageKeys = new Map<string, string>();
  for (const formId of PEOPLE_FORMS) {
    const keys: string[] = [];
    for (const site of siteList) {
      const key = Tally.key('returned', formId, site, ALL);
      entries.set(key, { value: returnedInPeriod.get(`${formId}|${site}`) ?? 0, protect: true });
      coverageKeys.set(`${formId}|${site}`, key);
      keys.push(key);
      if (formId === FORM_IDS.intake) lines.push([key, entry('hh', ALL, site, ALL)]);
      if (formId === FORM_IDS.familyLink) lines.push([key, entry('rfl_sheets', ALL, site, ALL)]);
    }
  }
  for (const family of ['need', 'persons', 'atrisk', 'rfl', 'urgency', 'need_top', 'referral']) {
    for (const site of [...siteList, ALL]) {
      const key = `awaiting|${family}|${site}`;
      entries.set(key, { value: tally.waiting(family, site, ALL), protect: true });
    }
  }

  const hidden = options.suppress ? suppressCounts(entries, lines) : new Map<string, Suppression>();
  const figureOf = (key: string, awaitingFamily?: string, site = ALL, period = ALL): Figure => {
    const value = entries.get(key)?.value ?? tally.value(key);
    const provisional = awaitingFamily !== undefined && tally.waiting(awaitingFamily, site, period) > 0;
    const suppression = hidden.get(key);
    const base = suppression
      ? { value: null, shown: suppression === 'primary' ? `<${MIN_CELL_COUNT}` : 'x', hidden: suppression }
      : { value, shown: String(value) };
    return provisional ? { ...base, provisional: true } : base;
  };
  const fig = (family: string, category: string, site: string, period: string, awaitingFamily?: string): Figure =>
    figureOf(Tally.key(family, category, site, period), awaitingFamily, site, period);
  const awaitingFigure = (family: string, site: string): Figure => figureOf(`awaiting|${family}|${site}`);

  // ---- Needs
  const siteNeeds = (site: string, period: string): SiteNeeds => ({
    site,
    households: fig('hh', ALL, site, period),
    persons: fig('persons', ALL, site, period, 'persons'),
    needs: Object.fromEntries(needCategories.map((category) => [category.code, fig('need', category.code, site, period, 'need')])),
    needPersons: Object.fromEntries(needCategories.map((category) => [category.code, fig('need_ind', category.code, site, period, 'persons')])),
    awaiting: period === ALL ? awaitingFigure('need', site) : { value: tally.waiting('need', site, period), shown: '' },
  });
  const blockNeeds: BlockNeeds[] = [];
  for (const site of siteList) {
    for (const block of blockList) blockNeeds.push({ ...siteNeeds(site, block), period: blockPeriod(block, options.block) });
  }
  const totalNeeds = siteNeeds(ALL, ALL);
  // Rank by what is shown: hidden counts rank as equals, so their order reveals nothing.
  const shownValue = (family: string, code: string): number => fig(family, code, ALL, ALL).value ?? 0;
  const ranked = [...needCategories].sort((a, b) => shownValue('need', b.code) - shownValue('need', a.code) || a.code.localeCompare(b.code));
  const mostUrgent = [...needCategories]
    .sort((a, b) => shownValue('need_top', b.code) - shownValue('need_top', a.code) || a.code.localeCompare(b.code))
    .filter((category) => tally.value(Tally.key('need_top', category.code, ALL, ALL)) > 0)
    .map((category) => ({
      code: category.code, label: category.label, households: fig('need_top', category.code, ALL, ALL, 'need_top'),
      bySite: Object.fromEntries(siteList.map((site) => [site, fig('need_top', category.code, site, ALL, 'need_top')])),
    }));
  const bySiteFigures = (family: string, code: string, awaitingFamily: string): Readonly<Record<string, Figure>> =>
    Object.fromEntries(siteList.map((site) => [site, fig(family, code, site, ALL, awaitingFamily)]));

  // ---- At risk
  const atRiskCounts = (site: string, period: string): Record<string, Figure> =>
    Object.fromEntries(atRiskCategories.map((category) => [category.code, fig('atrisk', category.code, site, period, 'atrisk')]));

  // ---- Coverage
  const issued = new Map<string, Set<number>>();
  for (const run of data.printRuns) {
    if (siteFilter && !siteFilter.has(run.site)) continue;
    const key = `${run.formId}|${run.site}`;
    const set = issued.get(key) ?? new Set<number>();
    for (let serial = run.serialFrom; serial <= run.serialTo; serial++) set.add(serial);
    issued.set(key, set);
  }
  const refusedSerials = new Map<string, Set<number>>();
  for (const page of data.refused) {
    if (siteFilter && !siteFilter.has(page.site)) continue;
    const key = `${page.formId}|${page.site}`;
    refusedSerials.set(key, (refusedSerials.get(key) ?? new Set<number>()).add(page.serial));
  }
  const coverageKeysAll = new Set<string>([...issued.keys(), ...[...returnedInPeriod.keys()], ...refusedSerials.keys()]);
  const coverage: CoverageRow[] = [...coverageKeysAll].sort().map((key) => {
    const [formId = '', site = ''] = key.split('|');
    const issuedSet = issued.get(key) ?? new Set<number>();
    const returnedSet = returnedSerials.get(key) ?? new Set<number>();
    const rescanSerials = [...(refusedSerials.get(key) ?? [])].filter((serial) => !returnedSet.has(serial)).sort((a, b) => a - b);
    const rescanSet = new Set(rescanSerials);
    const missingSerials = [...issuedSet].filter((serial) => !returnedSet.has(serial) && !rescanSet.has(serial)).sort((a, b) => a - b);
    const protectedKey = coverageKeys.get(key);
    const returned = protectedKey ? figureOf(protectedKey) : { value: returnedInPeriod.get(key) ?? 0, shown: String(returnedInPeriod.get(key) ?? 0) };
    // The missing serials would reveal a hidden returned count: hide them together.
    const hideMissing = returned.value === null || (protectedKey !== undefined && (options.from !== undefined || options.to !== undefined));
    const ranges = compressRanges(missingSerials);
    return {
      formId, form: labelIn(latest.get(formId)?.title, lang) || formId, site, issued: issuedSet.size,
      returned,
      missing: hideMissing ? { value: null, shown: 'x', hidden: 'complementary' } : { value: missingSerials.length, shown: String(missingSerials.length) },
      missingRanges: hideMissing ? [] : ranges.slice(0, MAX_MISSING_RANGES),
      moreMissingRanges: hideMissing ? 0 : Math.max(0, ranges.length - MAX_MISSING_RANGES),
      rescanRanges: hideMissing ? [] : compressRanges(rescanSerials),
    };
  });
  const outcomes = [...data.outcomes].sort((a, b) => a.outcome.localeCompare(b.outcome) || (a.reason ?? '').localeCompare(b.reason ?? ''))
    .map((row) => {
      const outcomeLabel = text[`outcome_${row.outcome}`] ?? row.outcome;
      return { ...row, outcomeLabel, label: row.reason ? text[row.reason] ?? row.reason : outcomeLabel };
    });

  // ---- Supplies
  const supplyRows: SupplyRow[] = [];
  const discrepancies: SignalReport['supplies']['discrepancies'][number][] = [];
  for (const site of siteList) {
    for (const block of blockList) {
      for (const item of supplyItems) {
        const cell = supplyCells.get(`${site}|${block}|${item.code}`);
        if (!cell) continue;
        const period = blockPeriod(block, options.block);
        const label = labelIn(item.label, lang);
        supplyRows.push({
          site, period, item: item.code, label, unit: ITEM_UNITS[item.code] ?? 'piece', opening: cell.opening, received: cell.received,
          distributed: cell.distributed, closing: cell.closing, discrepancy: cell.discrepancy, flagged: cell.flagged, provisional: cell.provisional,
          reachedHouseholds: fig('reached_hh', item.code, site, block, 'supply'), reachedPersons: fig('reached_ind', item.code, site, block, 'supply'),
        });
        if (cell.flagged && cell.discrepancy !== null) discrepancies.push({ site, period, item: item.code, label, discrepancy: cell.discrepancy });
      }
    }
  }

  // ---- Radio
  const radioPrecedences = [...optionsOf(radioDef, 'precedence').map((option) => ({ code: option.value, label: labelIn(option.label, lang) })), { code: 'none', label: text['radio_none']! }];
  const radioCategories = [...optionsOf(radioDef, 'category').map((option) => ({ code: option.value, label: labelIn(option.label, lang) })), { code: 'none', label: text['radio_none']! }];
  const stations = [...radioStations.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([station, counts]) => ({
    station, total: counts.total, awaiting: counts.awaiting,
    byPrecedence: Object.fromEntries([...radioPrecedences.map((p) => p.code), 'awaiting'].map((code) => [code, counts.byPrecedence.get(code) ?? 0])),
    byCategory: Object.fromEntries([...radioCategories.map((c) => c.code), 'awaiting'].map((code) => [code, counts.byCategory.get(code) ?? 0])),
  }));

  // ---- Site situation
  const situation: SignalReport['situation'] = {
    sheets: situationSheets,
    counts: [...situationCounts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([field, bySiteBlock]) => {
      const rows = [...bySiteBlock.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, cell]) => {
        const [site = '', block = ''] = key.split('|');
        return { site, period: blockPeriod(block, options.block), value: cell.value, ...(cell.provisional ? { provisional: true as const } : {}) };
      });
      const field_ = situationDef?.sections.flatMap((section) => section.fields).find((candidate) => candidate.id === field);
      return { field, label: labelIn(field_?.label, lang) || field, bySiteBlock: rows, total: rows.reduce((sum, row) => sum + row.value, 0) };
    }),
    ticks: [...situationTicks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([field, byOption]) => ({
      field, label: labelIn(fieldOf(situationDef, field)?.label, lang) || field,
      options: optionsOf(situationDef, field).filter((option) => byOption.has(option.value)).map((option) => {
        const bySite = byOption.get(option.value)!;
        const total = [...bySite.values()].reduce((a, b) => a + b, 0);
        // Where an unaccompanied minor turned up is never shown: the total only.
        return { code: option.value, label: labelIn(option.label, lang), total, bySite: option.value === UNACCOMPANIED_OPTION ? {} : Object.fromEntries([...bySite.entries()].sort()) };
      }).sort((a, b) => b.total - a.total || a.code.localeCompare(b.code)),
    })),
  };

  // ---- Signal rows (domain.md §8.1): general counts per site × block; sensitive and RFL columns only for 1-day blocks.
  const signal: SignalRow[] = [];
  const daily = options.block === '1d';
  for (const site of siteList) {
    for (const block of blockList) {
      const values: Record<string, Figure | string> = {
        households_registered: fig('hh', ALL, site, block),
        persons_registered: fig('persons', ALL, site, block, 'persons'),
      };
      for (const sex of SEXES) values[`persons_${sex}`] = fig('persons', sex, site, block, 'persons');
      for (const band of AGE_BANDS) values[`persons_${band}`] = fig('persons', band, site, block, 'persons');
      for (const category of atRiskCategories) values[`hh_${category.code}`] = daily ? fig('atrisk', category.code, site, block.slice(0, 10), 'atrisk') : '';
      for (const category of needCategories) values[`hh_need_${category.code}`] = fig('need', category.code, site, block, 'need');
      values['hh_urgent_now'] = fig('urgency', 'now', site, block, 'urgency');
      values['hh_urgent_24h'] = fig('urgency', 'h24', site, block, 'urgency');
      for (const category of referralCategories) values[`referrals_${category.code === 'r112' ? '112' : category.code}`] = fig('referral', category.code, site, block, 'referral');
      for (const category of servedCategories) values[`served_${SERVED[category.code]}`] = fig('served', category.code, site, block, 'served');
      values['rfl_safe_registrations'] = daily ? fig('rfl_safe', ALL, site, block.slice(0, 10), 'rfl') : '';
      values['rfl_tracing_new'] = daily ? fig('rfl_tracing', ALL, site, block.slice(0, 10), 'rfl') : '';
      signal.push({ period: blockPeriod(block, options.block), site, values });
    }
  }

  const anyProvisional = fieldsAwaiting > 0 || sheetsIncomplete > 0;
  return {
    meta: {
      title: text['title']!,
      generatedAt: options.generatedAt,
      lang,
      period: options.from || options.to || minTime
        ? { start: options.from ?? blockStart(minTime ?? options.to ?? '', options.block), end: options.to ?? (maxTime ? blockPeriod(blockStart(maxTime, options.block), options.block).end : options.from ?? '') }
        : null,
      block: options.block,
      timeZone: REPORT_TIME_ZONE,
      sites: siteList,
      restricted: options.restricted,
      suppression: options.suppress,
      minCellCount: MIN_CELL_COUNT,
      provisional: anyProvisional,
      timeSource,
      forms: [...latest.values()].sort((a, b) => a.id.localeCompare(b.id)).map((definition) => ({ id: definition.id, title: labelIn(definition.title, lang), versions: [...(versions.get(definition.id) ?? [])].sort((a, b) => a - b) })),
    },
    headline: {
      households: totalNeeds.households,
      persons: totalNeeds.persons,
      urgentNow: fig('urgency', 'now', ALL, ALL, 'urgency'),
      urgent24h: fig('urgency', 'h24', ALL, ALL, 'urgency'),
      topNeeds: ranked.slice(0, 3).filter((category) => tally.value(Tally.key('need', category.code, ALL, ALL)) > 0)
        .map((category) => ({ code: category.code, label: category.label, households: fig('need', category.code, ALL, ALL, 'need') })),
      atRisk: atRiskCategories.map((category) => ({ ...category, households: fig('atrisk', category.code, ALL, ALL, 'atrisk') })),
      unaccompaniedMinors: fig('uam', ALL, ALL, ALL, 'atrisk'),
    },
    coverage: {
      forms: coverage,
      outcomes,
      unreadablePages: data.outcomes.filter((row) => row.outcome === 'unreadable').reduce((sum, row) => sum + row.pages, 0),
      fieldsAwaitingReview: fieldsAwaiting,
      sheetsAwaitingReview: sheetsAwaiting,
      sheetsIncomplete,
    },
    needs: {
      categories: needCategories,
      sites: siteList.map((site) => siteNeeds(site, ALL)),
      total: totalNeeds,
      blocks: blockNeeds,
      mostUrgent,
      urgencyBySite: siteList.map((site) => ({ site, now: fig('urgency', 'now', site, ALL, 'urgency'), h24: fig('urgency', 'h24', site, ALL, 'urgency') })),
      referrals: referralCategories.map((category) => ({ ...category, total: fig('referral', category.code, ALL, ALL, 'referral'), bySite: bySiteFigures('referral', category.code, 'referral') })),
      served: servedCategories.map((category) => ({ ...category, total: fig('served', category.code, ALL, ALL, 'served'), bySite: bySiteFigures('served', category.code, 'served') })),
    },
    atRisk: {
      categories: atRiskCategories,
      sites: siteList.map((site) => ({ site, counts: atRiskCounts(site, ALL), awaiting: awaitingFigure('atrisk', site) })),
      total: atRiskCounts(ALL, ALL),
      days: siteList.flatMap((site) => dayList.map((day) => ({ site, day, counts: atRiskCounts(site, day) }))),
      unaccompaniedMinors: fig('uam', ALL, ALL, ALL, 'atrisk'),
    },
    familyLinks: {
      days: siteList.flatMap((site) => dayList.map((day) => ({ site, day, safe: fig('rfl_safe', ALL, site, day, 'rfl'), tracing: fig('rfl_tracing', ALL, site, day, 'rfl') }))),
      sites: siteList.map((site) => ({ site, safe: fig('rfl_safe', ALL, site, ALL, 'rfl'), tracing: fig('rfl_tracing', ALL, site, ALL, 'rfl') })),
      total: { safe: fig('rfl_safe', ALL, ALL, ALL, 'rfl'), tracing: fig('rfl_tracing', ALL, ALL, ALL, 'rfl') },
      awaiting: awaitingFigure('rfl', ALL),
    },
    supplies: { items: supplyItems.map((item) => ({ code: item.code, label: labelIn(item.label, lang), names: { nl: item.label.nl, en: item.label.en }, unit: ITEM_UNITS[item.code] ?? 'piece' })), rows: supplyRows, discrepancies },
    radio: { precedences: radioPrecedences, categories: radioCategories, stations },
    situation,
    signal,
    hiddenCells: hidden.size,
  };
}

function countIntake(tally: Tally, sheet: ReportSheet, site: string, block: string, day: string): void {
  tally.add('hh', ALL, site, block);

  // Persons: the 12 age × sex cells; one cell awaiting review makes the whole household's persons wait.
  let persons = 0;
  const bySex: Record<string, number> = {};
  const byBand: Record<string, number> = {};
  let personsKnown = true;
  for (const band of AGE_BANDS) {
    for (const sex of SEXES) {
      const count = readCount(sheet, `n.${band}.${sex}`);
      if (!count.known) { personsKnown = false; continue; }
      persons += count.value;
      bySex[sex] = (bySex[sex] ?? 0) + count.value;
      byBand[band] = (byBand[band] ?? 0) + count.value;
    }
  }
  if (personsKnown) {
    tally.add('persons', ALL, site, block, persons);
    for (const sex of SEXES) tally.add('persons', sex, site, block, bySex[sex] ?? 0);
    for (const band of AGE_BANDS) tally.add('persons', band, site, block, byBand[band] ?? 0);
  } else tally.wait('persons', site, block);

  const needs = readTicks(sheet, 'needs');
  if (needs.known) {
    for (const need of new Set(needs.value)) {
      tally.add('need', need, site, block);
      if (personsKnown) tally.add('need_ind', need, site, block, persons);
    }
  }
  else tally.wait('need', site, block);

  const top = readChoice(sheet, 'need_top');
  if (top.known) { if (top.value) tally.add('need_top', top.value, site, ALL); } else tally.wait('need_top', site, ALL);

  const urgency = readChoice(sheet, 'urgency');
  if (urgency.known) { if (urgency.value === 'now' || urgency.value === 'h24') tally.add('urgency', urgency.value, site, block); } else tally.wait('urgency', site, block);

  const referral = readTicks(sheet, 'referral');
  if (referral.known) for (const code of new Set(referral.value)) tally.add('referral', code, site, block);
  else tally.wait('referral', site, block);

  const provided = readTicks(sheet, 'provided');
  if (provided.known) for (const code of new Set(provided.value)) { if (SERVED[code]) tally.add('served', code, site, block); }
  else tally.wait('served', site, block);

  let atRiskWaits = false;
  const ticksOf = new Map<string, readonly string[]>();
  for (const field of ['vuln', 'power_dep', 'meds']) {
    const ticks = readTicks(sheet, field);
    if (ticks.known) ticksOf.set(field, ticks.value); else atRiskWaits = true;
  }
  if (atRiskWaits) tally.wait('atrisk', site, day);
  for (const category of AT_RISK_CATEGORIES) {
    const ticks = ticksOf.get(category.field);
    if (!ticks) continue;
    const options = category.options;
    if (options === 'any' ? ticks.length > 0 : ticks.some((tick) => options.includes(tick))) tally.add('atrisk', category.code, site, day);
  }
  if (ticksOf.get('vuln')?.includes(UNACCOMPANIED_OPTION)) tally.add('uam', ALL, ALL, ALL);
}

const supplyItemCache = new WeakMap<FormDefinition, SupplyItem[]>();

function countSupply(
  tally: Tally,
  cells: Map<string, { opening: number | null; received: number | null; closing: number | null; distributed: number; discrepancy: number | null; flagged: boolean; provisional: boolean }>,
  sheet: ReportSheet, definition: FormDefinition, site: string, block: string,
): void {
  let items = supplyItemCache.get(definition);
  if (!items) { items = supplyItemsOf(definition); supplyItemCache.set(definition, items); }
  if (items.length === 0) return;
  const rowsTable = definition.sections.flatMap((section) => section.fields).find((field) => field.id === items[0]!.rowsTable);
  if (!rowsTable || rowsTable.kind !== 'table') return;
  const personsColumn = rowsTable.columns.find((column) => column.id.endsWith('persons'))?.id;
  let waits = false;
  for (const item of items) {
    let distributed = 0;
    let itemWaits = false;
    for (const row of rowsTable.rows) {
      const quantity = readCount(sheet, `${item.rowsTable}.${row.id}.${item.column}`);
      if (!quantity.known) { itemWaits = true; continue; }
      if (quantity.value <= 0) continue;
      distributed += quantity.value;
      tally.add('reached_hh', item.code, site, block);
      if (personsColumn) {
        const persons = readCount(sheet, `${item.rowsTable}.${row.id}.${personsColumn}`);
        if (persons.known) tally.add('reached_ind', item.code, site, block, persons.value); else itemWaits = true;
      }
    }
    const stock = (column: string): Known<number> => readCount(sheet, `${item.stockTable}.${item.code}.${column}`);
    const opening = stock('opening');
    const received = stock('received');
    const closing = stock('closing');
    const hasStock = opening.known && closing.known && received.known && (opening.value > 0 || closing.value > 0 || received.value > 0 || distributed > 0);
    const key = `${site}|${block}|${item.code}`;
    const cell = cells.get(key) ?? { opening: null, received: null, closing: null, distributed: 0, discrepancy: null, flagged: false, provisional: false };
    cells.set(key, cell);
    cell.distributed += distributed;
    if (opening.known) cell.opening = (cell.opening ?? 0) + opening.value;
    if (received.known) cell.received = (cell.received ?? 0) + received.value;
    if (closing.known) cell.closing = (cell.closing ?? 0) + closing.value;
    if (hasStock && !itemWaits) {
      const discrepancy = opening.value + received.value - distributed - closing.value;
      cell.discrepancy = (cell.discrepancy ?? 0) + discrepancy;
      if (discrepancy !== 0) cell.flagged = true;
    }
    if (itemWaits || !opening.known || !received.known || !closing.known) { cell.provisional = true; waits = true; }
  }
  if (waits) tally.wait('supply', site, block);
}

/** Sorted serials → "1-3", "7", "10-12". */
export function compressRanges(serials: readonly number[]): string[] {
  const ranges: string[] = [];
  let start: number | undefined;
  let previous: number | undefined;
  for (const serial of serials) {
    if (start !== undefined && previous !== undefined && serial === previous + 1) { previous = serial; continue; }
    if (start !== undefined && previous !== undefined) ranges.push(start === previous ? String(start) : `${start}-${previous}`);
    start = serial;
    previous = serial;
  }
  if (start !== undefined && previous !== undefined) ranges.push(start === previous ? String(start) : `${start}-${previous}`);
  return ranges;
}
