/**
 * The people-at-risk section: households per at-risk category per site, per day and in total, and the one total of
 * unaccompanied minors. Sensitive: never finer than site × day, and minors never per site.
 */
import { AT_RISK_CATEGORIES } from './count-intake.js';
import type { ProtectedCounts, ReportFigures } from './figures.js';
import { labelIn } from './report-text.js';
import type { Category, Figure, ReportLanguage, SignalReport } from './signal-report.js';
import { ALL } from './tally.js';

export function atRiskCategories(lang: ReportLanguage): Category[] {
  return AT_RISK_CATEGORIES.map((category) => ({ code: category.code, label: labelIn(category.label, lang) }));
}

export function protectAtRiskCounts(counts: ProtectedCounts, categories: readonly Category[], dayList: readonly string[]): void {
  counts.hierarchy('atrisk', categories.map((category) => category.code), dayList);
}

/** Unaccompanied minors: one protected entry for the whole report, part of no sum. */
export function protectUnaccompaniedMinors(counts: ProtectedCounts): void {
  counts.entry('uam', ALL, ALL, ALL);
}

export function atRiskCounts(figures: ReportFigures, categories: readonly Category[], site: string, period: string): Record<string, Figure> {
  return Object.fromEntries(categories.map((category) => [category.code, figures.fig('atrisk', category.code, site, period, 'atrisk')]));
}

export function atRiskSection(figures: ReportFigures, categories: readonly Category[], siteList: readonly string[], dayList: readonly string[]): SignalReport['atRisk'] {
  return {
    categories,
    sites: siteList.map((site) => ({ site, counts: atRiskCounts(figures, categories, site, ALL), awaiting: figures.awaitingFigure('atrisk', site) })),
    total: atRiskCounts(figures, categories, ALL, ALL),
    days: siteList.flatMap((site) => dayList.map((day) => ({ site, day, counts: atRiskCounts(figures, categories, site, day) }))),
    unaccompaniedMinors: figures.fig('uam', ALL, ALL, ALL, 'atrisk'),
  };
}
