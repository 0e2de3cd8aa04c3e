/**
 * The coverage section: per form and site how many sheets were issued, returned and are missing (with the serial
 * ranges to look for), pages to scan again, and what became of every input file. Returned sheets of people forms
 * are people counts too, so they are protected and hide together with the household count they equal.
 */
import type { FormDefinition } from '../model/index.js';
import type { ReportData } from './report-data.js';
import type { ProtectedCounts, ReportFigures } from './figures.js';
import { FORM_IDS, PEOPLE_FORMS } from './report-forms.js';
import { labelIn, REPORT_TEXT } from './report-text.js';
import type { CoverageRow, ReportLanguage, SignalReport } from './signal-report.js';
import { ALL, Tally } from './tally.js';

/** Only this many missing-serial ranges are listed per form and site; the rest is a count. */
export const MAX_MISSING_RANGES = 12;

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

/**
 * Registers the returned counts of people forms per site. Without a period filter the intake count *is* the
 * household count (and the family-link count the RFL sheet count), so each is tied to it by a line and both hide
 * together. Returns the entry key of each protected form|site.
 */
export function protectReturnedCounts(counts: ProtectedCounts, returnedInPeriod: ReadonlyMap<string, number>): Map<string, string> {
  const keys = new Map<string, string>();
  for (const formId of PEOPLE_FORMS) {
    for (const site of counts.siteList) {
      const key = Tally.key('returned', formId, site, ALL);
      counts.set(key, returnedInPeriod.get(`${formId}|${site}`) ?? 0);
      keys.set(`${formId}|${site}`, key);
      if (formId === FORM_IDS.intake) counts.line([key, counts.entry('hh', ALL, site, ALL)]);
      if (formId === FORM_IDS.familyLink) counts.line([key, counts.entry('rfl_sheets', ALL, site, ALL)]);
    }
  }
  return keys;
}

/** What the walk over the sheets found for coverage. */
export interface CoverageFacts {
  /** form|site → every serial returned (whatever its period or site filter: a returned sheet is not missing). */
  readonly serials: ReadonlyMap<string, ReadonlySet<number>>;
  /** form|site → sheets counted in this report's period and sites. */
  readonly inPeriod: ReadonlyMap<string, number>;
  readonly fieldsAwaitingReview: number;
  readonly sheetsAwaitingReview: number;
  readonly sheetsIncomplete: number;
}

export interface CoverageScope {
  readonly siteFilter: ReadonlySet<string> | null;
  /** A period was asked for: missing serials then say nothing reliable about a protected returned count. */
  readonly periodFiltered: boolean;
  readonly latest: ReadonlyMap<string, FormDefinition>;
  readonly lang: ReportLanguage;
}

function serialsByFormSite<T>(rows: readonly T[], siteFilter: ReadonlySet<string> | null, keyOf: (row: T) => { site: string; formId: string }, add: (set: Set<number>, row: T) => void): Map<string, Set<number>> {
  const bySheet = new Map<string, Set<number>>();
  for (const row of rows) {
    const { site, formId } = keyOf(row);
    if (siteFilter && !siteFilter.has(site)) continue;
    const key = `${formId}|${site}`;
    const set = bySheet.get(key) ?? new Set<number>();
    add(set, row);
    bySheet.set(key, set);
  }
  return bySheet;
}

function coverageRows(data: ReportData, figures: ReportFigures, returned: CoverageFacts, protectedKeys: ReadonlyMap<string, string>, scope: CoverageScope): CoverageRow[] {
  const issued = serialsByFormSite(data.printRuns, scope.siteFilter, (run) => run, (set, run) => {
    for (let serial = run.serialFrom; serial <= run.serialTo; serial++) set.add(serial);
  });
  const refusedSerials = serialsByFormSite(data.refused, scope.siteFilter, (page) => page, (set, page) => set.add(page.serial));
  const keys = new Set<string>([...issued.keys(), ...returned.inPeriod.keys(), ...refusedSerials.keys()]);
  return [...keys].sort().map((key) => {
    const [formId = '', site = ''] = key.split('|');
    const issuedSet = issued.get(key) ?? new Set<number>();
    const returnedSet = returned.serials.get(key) ?? new Set<number>();
    const rescanSerials = [...(refusedSerials.get(key) ?? [])].filter((serial) => !returnedSet.has(serial)).sort((a, b) => a - b);
    const rescanSet = new Set(rescanSerials);
    const missingSerials = [...issuedSet].filter((serial) => !returnedSet.has(serial) && !rescanSet.has(serial)).sort((a, b) => a - b);
    const protectedKey = protectedKeys.get(key);
    const inPeriod = returned.inPeriod.get(key) ?? 0;
    const returnedFigure = protectedKey ? figures.figureOf(protectedKey) : { value: inPeriod, shown: String(inPeriod) };
    // The missing serials would reveal a hidden returned count: hide them together.
    const hideMissing = returnedFigure.value === null || (protectedKey !== undefined && scope.periodFiltered);
    const ranges = compressRanges(missingSerials);
    return {
      formId, form: labelIn(scope.latest.get(formId)?.title, scope.lang) || formId, site, issued: issuedSet.size,
      returned: returnedFigure,
      missing: hideMissing ? { value: null, shown: 'x', hidden: 'complementary' } : { value: missingSerials.length, shown: String(missingSerials.length) },
      missingRanges: hideMissing ? [] : ranges.slice(0, MAX_MISSING_RANGES),
      moreMissingRanges: hideMissing ? 0 : Math.max(0, ranges.length - MAX_MISSING_RANGES),
      rescanRanges: hideMissing ? [] : compressRanges(rescanSerials),
    };
  });
}

export function coverageSection(data: ReportData, figures: ReportFigures, returned: CoverageFacts, protectedKeys: ReadonlyMap<string, string>, scope: CoverageScope): SignalReport['coverage'] {
  const text = REPORT_TEXT[scope.lang];
  const outcomes = [...data.outcomes].sort((a, b) => a.outcome.localeCompare(b.outcome) || (a.reason ?? '').localeCompare(b.reason ?? ''))
    .map((row) => {
      const outcomeLabel = text[`outcome_${row.outcome}`] ?? row.outcome;
      return { ...row, outcomeLabel, label: row.reason ? text[row.reason] ?? row.reason : outcomeLabel };
    });
  return {
    forms: coverageRows(data, figures, returned, protectedKeys, scope),
    outcomes,
    unreadablePages: data.outcomes.filter((row) => row.outcome === 'unreadable').reduce((sum, row) => sum + row.pages, 0),
    fieldsAwaitingReview: returned.fieldsAwaitingReview,
    sheetsAwaitingReview: returned.sheetsAwaitingReview,
    sheetsIncomplete: returned.sheetsIncomplete,
    ...(data.bundleConflicts ? { bundleConflicts: data.bundleConflicts } : {}),
  };
}
