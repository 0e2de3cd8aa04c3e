/** Section 5 of the report document, supplies: stock and distribution per site, block and item, stock differences flagged. */
import { figureCell, fill, num, plain, shortTime, type DocSection, type Say } from './report-document.js';
import type { SignalReport } from './signal-report.js';

export function suppliesDocSection(report: SignalReport, s: Say): DocSection {
  const { rows, discrepancies } = report.supplies;
  return {
    id: 'supplies', title: s('s5'),
    blocks: rows.length === 0 ? [{ kind: 'note', tone: 'muted', text: s('no_data') }] : [
      { kind: 'note', tone: discrepancies.length > 0 ? 'warn' : 'plain', text: discrepancies.length > 0 ? fill(s('discrepancies'), { n: discrepancies.length }) : s('no_discrepancies') },
      { kind: 'table', head: [s('site'), s('period'), s('item'), s('opening'), s('received'), s('distributed'), s('closing'), s('discrepancy'), s('reached_hh'), s('reached_ind')],
        rows: rows.map((row) => [plain(row.site), plain(shortTime(row.period.start)), plain(row.label), num(row.opening), num(row.received),
          num(row.distributed, row.provisional ? { provisional: true, text: `${row.distributed}*` } : {}), num(row.closing),
          num(row.discrepancy, row.flagged ? { flag: true, strong: true } : {}), figureCell(row.reachedHouseholds), figureCell(row.reachedPersons)]) },
    ],
  };
}
