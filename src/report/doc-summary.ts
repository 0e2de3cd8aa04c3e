/**
 * The report's first screen: the headline cards, the top needs, how complete the data is, and the needs and at-risk
 * tables per site side by side. What a crisis team reads when it reads nothing else.
 */
import { atRiskBySiteTable } from './doc-at-risk.js';
import { figureCell, fill, plain, type DocSection, type DocTable, type Say } from './report-document.js';
import type { SignalReport } from './signal-report.js';

function needsBySiteTable(report: SignalReport, s: Say): DocTable {
  return {
    kind: 'table', caption: s('needs_by_site'),
    head: [s('need'), ...report.meta.sites, s('total')],
    rows: [
      ...[...report.needs.categories]
        .sort((a, b) => (report.needs.total.needs[b.code]?.value ?? -1) - (report.needs.total.needs[a.code]?.value ?? -1) || a.code.localeCompare(b.code))
        .map((category) => [plain(category.label), ...report.needs.sites.map((site) => figureCell(site.needs[category.code]!)), figureCell(report.needs.total.needs[category.code]!, { strong: true })]),
      [plain(s('households'), { strong: true }), ...report.needs.sites.map((site) => figureCell(site.households, { strong: true })), figureCell(report.needs.total.households, { strong: true })],
      [plain(s('awaiting')), ...report.needs.sites.map((site) => figureCell(site.awaiting)), figureCell(report.needs.total.awaiting)],
    ],
    totalRow: true,
  };
}

/** "Returned of issued" over the forms that had print runs (only those can be compared); ≥ when a count is hidden. */
function coverageNote(report: SignalReport, s: Say): string {
  const issuedForms = report.coverage.forms.filter((row) => row.issued > 0);
  const issuedTotal = issuedForms.reduce((sum, row) => sum + row.issued, 0);
  const returnedTotal = issuedForms.reduce((sum, row) => sum + (row.returned.value ?? 0), 0);
  const anyReturnedHidden = issuedForms.some((row) => row.returned.value === null);
  const { timeSource } = report.meta;
  return fill(s('coverage_note'), {
    returned: anyReturnedHidden ? `≥${returnedTotal}` : returnedTotal, issued: issuedTotal, unreadable: report.coverage.unreadablePages,
    form: timeSource.form, scan: timeSource.scan, pending: timeSource.pending,
  });
}

export function summarySection(report: SignalReport, s: Say): DocSection {
  const headline = report.headline;
  const topList = headline.topNeeds.map((need) => `${need.label} (${need.households.shown})`).join(', ');
  const minors = headline.unaccompaniedMinors;
  return {
    id: 'summary', title: s('summary'),
    blocks: [
      { kind: 'cards', cards: [
        { label: s('households'), value: figureCell(headline.households) },
        { label: s('persons'), value: figureCell(headline.persons) },
        { label: s('urgent_now'), value: figureCell(headline.urgentNow), alert: (headline.urgentNow.value ?? 1) > 0 },
        { label: s('urgent_24h'), value: figureCell(headline.urgent24h) },
      ] },
      { kind: 'note', tone: 'plain', text: topList ? fill(s('top_needs'), { list: topList }) : s('no_needs') },
      { kind: 'note', tone: 'muted', text: coverageNote(report, s) },
      { kind: 'columns', blocks: [needsBySiteTable(report, s), atRiskBySiteTable(report, s), { kind: 'note', tone: 'plain', text: fill(s('uam'), { n: minors.provisional ? `${minors.shown}*` : minors.shown }) }] },
    ],
  };
}
