/** Section 7 of the report document, site situation: a chart per shift count and a table per ticked question. */
import { chartSvg, type Chart } from './charts.js';
import { fill, num, plain, shortTime, type DocBlock, type DocSection, type Say } from './report-document.js';
import type { SignalReport } from './signal-report.js';

export function situationDocSection(report: SignalReport, s: Say): DocSection {
  const sites = report.meta.sites;
  const blocks: DocBlock[] = [];
  if (report.situation.sheets === 0) blocks.push({ kind: 'note', tone: 'muted', text: s('no_data') });
  else {
    blocks.push({ kind: 'note', tone: 'plain', text: fill(s('situation_sheets'), { n: report.situation.sheets }) });
    for (const count of report.situation.counts) {
      const starts = [...new Set(count.bySiteBlock.map((row) => row.period.start))].sort();
      const chart: Chart = { kind: 'lines', title: count.label, xLabels: starts.map(shortTime),
        series: sites.map((site) => ({ name: site, points: starts.map((start) => count.bySiteBlock.find((row) => row.site === site && row.period.start === start)?.value ?? null) })) };
      blocks.push({ kind: 'chart', chart, svg: chartSvg(chart) });
    }
    for (const tick of report.situation.ticks) {
      blocks.push({ kind: 'table', caption: tick.label, head: ['', ...sites, s('total')],
        rows: tick.options.map((option) => [plain(option.label), ...sites.map((site) => num(option.bySite[site] ?? 0)), num(option.total, { strong: true })]) });
    }
  }
  return { id: 'situation', title: s('s7'), blocks };
}
