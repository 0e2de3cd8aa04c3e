/**
 * Section 3 of the report document, households at risk: per site (also shown on the first screen) and per site and
 * day, never finer.
 */
import { figureCell, plain, shortDay, type DocSection, type DocTable, type Say } from './report-document.js';
import type { SignalReport } from './signal-report.js';

export function atRiskBySiteTable(report: SignalReport, s: Say): DocTable {
  return {
    kind: 'table', caption: s('at_risk_by_site'),
    head: [s('category'), ...report.meta.sites, s('total')],
    rows: [
      ...report.atRisk.categories.map((category) => [plain(category.label), ...report.atRisk.sites.map((site) => figureCell(site.counts[category.code]!)), figureCell(report.atRisk.total[category.code]!, { strong: true })]),
      [plain(s('awaiting')), ...report.atRisk.sites.map((site) => figureCell(site.awaiting)), plain('')],
    ],
  };
}

export function atRiskDocSection(report: SignalReport, s: Say): DocSection {
  return {
    id: 'at-risk', title: s('s3'),
    blocks: [
      atRiskBySiteTable(report, s),
      { kind: 'table', caption: s('at_risk_days'), head: [s('site'), s('day'), ...report.atRisk.categories.map((category) => category.label)],
        rows: report.atRisk.days.map((row) => [plain(row.site), plain(shortDay(row.day)), ...report.atRisk.categories.map((category) => figureCell(row.counts[category.code]!))]) },
    ],
  };
}
