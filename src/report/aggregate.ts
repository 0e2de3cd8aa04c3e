/**
 * PURE: workspace rows (sheets with their current field values, print runs, input outcomes) → SignalReport.
 * Counts only. The privacy rules live in this folder's section modules: no text, names, serials of returned sheets
 * or card numbers ever leave them; people counts of 1–4 are hidden with complementary suppression; sensitive and
 * RFL figures are never finer than site × day; values awaiting review are counted apart and mark the figures they
 * touch provisional. This file only composes: count the sheets once, protect, suppress, then build each section.
 */
import type { AggregateOptions, ReportData } from './report-data.js';
import type { SignalReport } from './signal-report.js';
import { countSheets } from './count-sheets.js';
import { ProtectedCounts } from './figures.js';
import { FORM_IDS, latestDefinitions } from './report-forms.js';
import { intakeCategories, needsSection, protectIntakeCounts } from './section-needs.js';
import { atRiskCategories, atRiskSection, protectAtRiskCounts, protectUnaccompaniedMinors } from './section-at-risk.js';
import { familyLinksSection, protectFamilyLinkCounts } from './section-family-links.js';
import { protectSupplyCounts, suppliesSection, supplyItemsOf } from './section-supplies.js';
import { radioSection } from './section-radio.js';
import { situationSection } from './section-situation.js';
import { coverageSection, protectReturnedCounts } from './section-coverage.js';
import { signalRows } from './section-signal.js';
import { headlineSection } from './section-headline.js';
import { metaSection } from './section-meta.js';
import { byRadioSection } from './section-by-radio.js';

/** Families whose awaiting-review counts are published (and so protected) per site and in total. */
const PUBLISHED_AWAITING = ['need', 'persons', 'atrisk', 'rfl', 'urgency', 'need_top', 'referral'];

export function aggregateReport(data: ReportData, options: AggregateOptions): SignalReport {
  const { lang, block } = options;
  const { latest, versions } = latestDefinitions(data.definitions);
  const counts = countSheets(data, options);
  const { siteList, blockList, dayList } = counts;
  const intake = intakeCategories(latest.get(FORM_IDS.intake), lang);
  const atRisk = atRiskCategories(lang);
  const supplyDef = latest.get(FORM_IDS.supply);
  const supplyItems = supplyDef ? supplyItemsOf(supplyDef) : [];

  // Protected entries and the lines that tie them together; suppression works through the lines in this order.
  const protectedCounts = new ProtectedCounts(counts.tally, siteList);
  protectIntakeCounts(protectedCounts, intake, blockList);
  protectAtRiskCounts(protectedCounts, atRisk, dayList);
  protectFamilyLinkCounts(protectedCounts, dayList);
  protectSupplyCounts(protectedCounts, supplyItems, blockList);
  protectUnaccompaniedMinors(protectedCounts);
  const returnedKeys = protectReturnedCounts(protectedCounts, counts.coverage.inPeriod);
  protectedCounts.awaiting(PUBLISHED_AWAITING);
  const figures = protectedCounts.publish(options.suppress);

  const siteFilter = options.sites && options.sites.length > 0 ? new Set(options.sites) : null;
  const needs = needsSection(figures, intake, siteList, blockList, block);
  return {
    meta: metaSection(counts, options, latest, versions),
    headline: headlineSection(figures, needs, intake, atRisk),
    coverage: coverageSection(data, figures, counts.coverage, returnedKeys, { siteFilter, periodFiltered: options.from !== undefined || options.to !== undefined, latest, lang }),
    needs,
    atRisk: atRiskSection(figures, atRisk, siteList, dayList),
    familyLinks: familyLinksSection(figures, siteList, dayList),
    supplies: suppliesSection(figures, counts.supplyCells, supplyItems, siteList, blockList, block, lang),
    radio: radioSection(counts.radioStations, latest.get(FORM_IDS.radio), lang),
    situation: situationSection(counts.situation, latest.get(FORM_IDS.situation), block, lang),
    signal: signalRows(figures, intake, atRisk, siteList, blockList, block),
    byRadio: byRadioSection(data.radioSitreps ?? [], needs.sites, counts.pageTimes, options.sites, options.generatedAt),
    hiddenCells: figures.hiddenCells,
  };
}
