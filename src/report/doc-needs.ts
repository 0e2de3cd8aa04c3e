/**
 * Section 2 of the report document, needs: the needs chart, households per block per site, the most urgent need,
 * urgency, referrals and services given per site.
 */
import { chartSvg, type Chart } from './charts.js';
import { figureCell, plain, shortTime, type DocSection, type Say } from './report-document.js';
import type { SignalReport } from './signal-report.js';

function trendChart(report: SignalReport, s: Say): Chart {
  const blocksBySite = new Map<string, typeof report.needs.blocks[number][]>();
  for (const block of report.needs.blocks) blocksBySite.set(block.site, [...(blocksBySite.get(block.site) ?? []), block]);
  const blockStarts = [...new Set(report.needs.blocks.map((block) => block.period.start))].sort();
  return {
    kind: 'lines', title: s('trend'), xLabels: blockStarts.map(shortTime),
    series: report.meta.sites.map((site) => ({ name: site, points: blockStarts.map((start) => (blocksBySite.get(site) ?? []).find((block) => block.period.start === start)?.households.value ?? null) })),
  };
}

export function needsDocSection(report: SignalReport, s: Say): DocSection {
  const sites = report.meta.sites;
  const headline = report.headline;
  const trend = trendChart(report, s);
  const needsChart: Chart = {
    kind: 'bars', title: s('needs_chart'),
    bars: [...report.needs.categories].map((category) => ({ label: category.label, value: report.needs.total.needs[category.code]!.value, shown: report.needs.total.needs[category.code]!.shown }))
      .sort((a, b) => (b.value ?? 0) - (a.value ?? 0)),
  };
  const topNeedCodes = [...report.needs.categories].sort((a, b) => (report.needs.total.needs[b.code]?.value ?? 0) - (report.needs.total.needs[a.code]?.value ?? 0)).slice(0, 6);
  return {
    id: 'needs', title: s('s2'),
    blocks: [
      { kind: 'chart', chart: needsChart, svg: chartSvg(needsChart) },
      { kind: 'chart', chart: trend, svg: chartSvg(trend) },
      { kind: 'table', caption: s('trend'), head: [s('site'), s('period'), s('hh'), s('pp'), ...topNeedCodes.map((category) => category.label)],
        rows: report.needs.blocks.filter((block) => block.households.value !== 0).map((block) => [plain(block.site), plain(shortTime(block.period.start)),
          figureCell(block.households), figureCell(block.persons), ...topNeedCodes.map((category) => figureCell(block.needs[category.code]!))]) },
      { kind: 'table', caption: s('most_urgent'), head: [s('need'), ...sites, s('total')],
        rows: report.needs.mostUrgent.map((need) => [plain(need.label), ...sites.map((site) => figureCell(need.bySite[site]!)), figureCell(need.households, { strong: true })]) },
      { kind: 'table', caption: s('urgency_by_site'), head: [s('site'), s('now'), s('h24')],
        rows: [...report.needs.urgencyBySite.map((row) => [plain(row.site), figureCell(row.now, { flag: (row.now.value ?? 1) > 0 }), figureCell(row.h24)]),
          [plain(s('total'), { strong: true }), figureCell(headline.urgentNow, { strong: true }), figureCell(headline.urgent24h, { strong: true })]] },
      { kind: 'table', caption: s('referrals'), head: ['', ...sites, s('total')],
        rows: report.needs.referrals.map((row) => [plain(row.label), ...sites.map((site) => figureCell(row.bySite[site]!)), figureCell(row.total, { strong: true })]) },
      { kind: 'table', caption: s('served'), head: ['', ...sites, s('total')],
        rows: report.needs.served.map((row) => [plain(row.label), ...sites.map((site) => figureCell(row.bySite[site]!)), figureCell(row.total, { strong: true })]) },
    ],
  };
}
