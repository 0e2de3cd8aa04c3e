/** Section 8 of the report document: the latest SITREP received by radio per site, provisional, beside the pages. */
import { plain, type DocSection, type Say } from './report-document.js';
import type { SignalReport } from './signal-report.js';

export function byRadioDocSection(report: SignalReport, s: Say): DocSection {
  const rows = report.byRadio;
  return {
    id: 'by-radio', title: s('s8'),
    blocks: rows.length === 0 ? [{ kind: 'note', tone: 'muted', text: s('radio_none_received') }] : [
      { kind: 'note', tone: 'warn', text: s('radio_provisional') },
      { kind: 'table', caption: s('radio_latest'),
        head: [s('site'), s('radio_sent'), s('radio_age'), s('hh'), s('pp'), s('now'), s('need'), s('safe'), s('tracing'), s('radio_status')],
        rows: rows.map((row) => [
          plain(row.site), plain(row.sent), plain(`${row.ageHours} h${row.station ? ` · ${row.station}` : ''}`),
          plain(row.figures.households), plain(row.figures.persons), plain(row.figures.urgent), plain(row.needs || '—'),
          plain(row.figures.safe), plain(row.figures.tracing),
          plain(row.replacedByPages ? s('radio_replaced').replace('{hh}', row.pagesHouseholds ?? '') : s('radio_counted_not')),
        ]) },
    ],
  };
}
