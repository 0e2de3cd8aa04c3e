/**
 * The family-links section: "I am safe" registrations and new tracing requests per site and day. RFL figures are
 * never finer than site × day, and no name or message ever reaches them (only `req_type` is read).
 */
import type { ReportSheet } from './report-data.js';
import type { ProtectedCounts, ReportFigures } from './figures.js';
import { readChoice } from './read-field.js';
import type { SignalReport } from './signal-report.js';
import { ALL, type Tally } from './tally.js';

/** Counts one family-link sheet: safe, tracing or both; waits while its request type awaits review. */
export function countFamilyLink(tally: Tally, sheet: ReportSheet, site: string, day: string): void {
  const type = readChoice(sheet, 'req_type');
  tally.add('rfl_sheets', ALL, site, day);
  if (!type.known) tally.wait('rfl', site, day);
  else {
    tally.add('rfl_safe', ALL, site, day, type.value === 'safe' || type.value === 'both' ? 1 : 0);
    tally.add('rfl_tracing', ALL, site, day, type.value === 'seeking' || type.value === 'both' ? 1 : 0);
  }
}

export function protectFamilyLinkCounts(counts: ProtectedCounts, dayList: readonly string[]): void {
  counts.hierarchy('rfl_safe', [ALL], dayList);
  counts.hierarchy('rfl_tracing', [ALL], dayList);
}

export function familyLinksSection(figures: ReportFigures, siteList: readonly string[], dayList: readonly string[]): SignalReport['familyLinks'] {
  const pair = (site: string, period: string) => ({ safe: figures.fig('rfl_safe', ALL, site, period, 'rfl'), tracing: figures.fig('rfl_tracing', ALL, site, period, 'rfl') });
  return {
    days: siteList.flatMap((site) => dayList.map((day) => ({ site, day, ...pair(site, day) }))),
    sites: siteList.map((site) => ({ site, ...pair(site, ALL) })),
    total: pair(ALL, ALL),
    awaiting: figures.awaitingFigure('rfl', ALL),
  };
}
