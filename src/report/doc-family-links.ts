/** Section 4 of the report document, family links: safe registrations and tracing requests per site and day, no content. */
import { figureCell, plain, shortDay, type DocSection, type Say } from './report-document.js';
import type { SignalReport } from './signal-report.js';

export function familyLinksDocSection(report: SignalReport, s: Say): DocSection {
  const { days, total } = report.familyLinks;
  return {
    id: 'family-links', title: s('s4'),
    blocks: [
      { kind: 'note', tone: 'muted', text: s('rfl_note') },
      { kind: 'table', head: [s('site'), s('day'), s('safe'), s('tracing')],
        rows: [...days.map((row) => [plain(row.site), plain(shortDay(row.day)), figureCell(row.safe), figureCell(row.tracing)]),
          [plain(s('total'), { strong: true }), plain(''), figureCell(total.safe, { strong: true }), figureCell(total.tracing, { strong: true })]] },
    ],
  };
}
