/** Section 6 of the report document, radio traffic: messages per station by precedence and by category. */
import { num, plain, type DocSection, type Say } from './report-document.js';
import type { SignalReport } from './signal-report.js';

export function radioDocSection(report: SignalReport, s: Say): DocSection {
  const { stations, precedences, categories } = report.radio;
  return {
    id: 'radio', title: s('s6'),
    blocks: stations.length === 0 ? [{ kind: 'note', tone: 'muted', text: s('no_data') }] : [
      { kind: 'table', caption: s('by_precedence'), head: [s('station'), s('messages'), ...precedences.map((p) => p.label), s('awaiting_review')],
        rows: stations.map((row) => [plain(row.station), num(row.total, { strong: true }), ...precedences.map((p) => num(row.byPrecedence[p.code] ?? 0)), num(row.byPrecedence['awaiting'] ?? 0)]) },
      { kind: 'table', caption: s('by_category'), head: [s('station'), ...categories.map((c) => c.label), s('awaiting_review')],
        rows: stations.map((row) => [plain(row.station), ...categories.map((c) => num(row.byCategory[c.code] ?? 0)), num(row.byCategory['awaiting'] ?? 0)]) },
    ],
  };
}
