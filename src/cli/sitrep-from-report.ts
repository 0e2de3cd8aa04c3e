/**
 * The glue between report/ (a site's published figures) and radio/ (the SITREP message), which never import each
 * other: `radio compose` and the exercise pack's radio drill make their message here, the same way.
 */
import { leafFields, type FieldValue } from '../model/index.js';
import type { ComposeRadioDrill, DrillSheet } from '../exercise/index.js';
import { composeSitrep, sitrepWords, type SitrepCount, type SitrepFigures } from '../radio/index.js';
import { siteFiguresOf, type Figure, type ReportData, type ReportSheet, type SiteFigures } from '../report/index.js';

/** A published figure as a SITREP count: hidden small counts stay hidden (radio is sent in the clear). */
function countOf(figure: Figure): SitrepCount {
  if (figure.value !== null) return figure.value;
  return figure.hidden === 'primary' ? 'few' : 'hidden';
}

/** A site's figures as the SITREP's: date and time from when they were made, at most three needs. */
export function sitrepFiguresOf(made: SiteFigures): SitrepFigures {
  const [day, clock] = made.madeAt.split('T') as [string, string];
  return {
    site: made.site, date: `${day.slice(8, 10)}${day.slice(5, 7)}`, time: clock.replace(':', ''),
    households: countOf(made.households), persons: countOf(made.persons), urgent: countOf(made.urgentNow),
    needs: made.needs.slice(0, 3).map((need) => ({ code: need.code, households: countOf(need.households) })),
    safe: countOf(made.safe), tracing: countOf(made.tracing),
  };
}

/** The message and its preamble check (the word count). */
export function sitrepMessage(figures: SitrepFigures): { readonly text: string; readonly check: number; readonly figures: SitrepFigures } {
  const text = composeSitrep(figures);
  return { text, check: sitrepWords(text).length, figures };
}

const isBlank = (value: FieldValue): boolean => value === null || value === false || value === '' || (Array.isArray(value) && value.length === 0);

/** Pre-filled sheets as report rows: every value exactly as filled in, settled (as after a faultless scan and review). */
function reportDataOf(sheets: readonly DrillSheet[], asOf: string): ReportData {
  const definitions = new Map(sheets.map((sheet) => [sheet.fingerprint, sheet.definition]));
  const rows: ReportSheet[] = sheets.map((sheet, index) => {
    const fields: ReportSheet['fields'] = Object.fromEntries(leafFields(sheet.definition)
      .map((leaf) => [leaf.id, sheet.values[leaf.id] ?? null] as const)
      .filter(([, value]) => !isBlank(value))
      .map(([id, value]) => [id, { value, status: 'auto' as const }]));
    return { id: index + 1, formId: sheet.form, fingerprint: sheet.fingerprint, site: sheet.site, serial: sheet.serial, scannedAt: `${asOf}:00.000Z`, fields, complete: true };
  });
  return { definitions, sheets: rows, printRuns: [], outcomes: [], refused: [] };
}

/** The exercise's radio drill: the SITREP `radio compose --at` would make from exactly these sheets. */
export const composeRadioDrill: ComposeRadioDrill = ({ site, asOf, sheets }) =>
  sitrepMessage(sitrepFiguresOf(siteFiguresOf(reportDataOf(sheets, asOf), site, { asOf })));
