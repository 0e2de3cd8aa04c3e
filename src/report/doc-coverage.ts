/**
 * Section 1 of the report document, coverage and data quality: issued, returned and missing sheets with the serial
 * ranges to look for, scan outcomes, and what still awaits review.
 */
import { figureCell, fill, num, plain, type DocSection, type Say } from './report-document.js';
import type { SignalReport } from './signal-report.js';

export function coverageDocSection(report: SignalReport, s: Say): DocSection {
  return {
    id: 'coverage', title: s('s1'),
    blocks: [
      { kind: 'table', head: [s('form'), s('site'), s('issued'), s('returned'), s('missing'), s('missing_ranges'), s('rescan_ranges')],
        rows: report.coverage.forms.map((row) => [plain(row.form), plain(row.site), num(row.issued), figureCell(row.returned), figureCell(row.missing),
          plain(row.missingRanges.join(', ') + (row.moreMissingRanges > 0 ? ` ${fill(s('more_ranges'), { n: row.moreMissingRanges })}` : '')),
          plain(row.rescanRanges.join(', '))]) },
      { kind: 'table', caption: s('outcome'), head: [s('outcome'), s('reason'), s('pages')],
        rows: report.coverage.outcomes.map((row) => [plain(row.outcomeLabel), plain(row.reason ? row.label : ''), num(row.pages, row.outcome === 'unreadable' ? { flag: true } : {})]) },
      { kind: 'note', tone: report.meta.provisional ? 'warn' : 'plain', text: fill(s('awaiting_fields'), {
        fields: report.coverage.fieldsAwaitingReview, sheets: report.coverage.sheetsAwaitingReview, incomplete: report.coverage.sheetsIncomplete }) },
      ...(report.coverage.bundleConflicts ? [{ kind: 'note' as const, tone: 'warn' as const, text: fill(s('bundle_conflicts'), { n: report.coverage.bundleConflicts }) }] : []),
    ],
  };
}
