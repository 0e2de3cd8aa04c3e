/**
 * The headline: the few numbers a crisis team reads first (households, persons, urgency, the top three needs, the
 * at-risk totals, unaccompanied minors). Only figures the other sections publish too, never a finer one.
 */
import type { ReportFigures } from './figures.js';
import { rankByShown, type IntakeCategories } from './section-needs.js';
import type { Category, SignalReport } from './signal-report.js';
import { ALL, Tally } from './tally.js';

export function headlineSection(
  figures: ReportFigures, needs: SignalReport['needs'], intake: IntakeCategories, atRisk: readonly Category[],
): SignalReport['headline'] {
  return {
    households: needs.total.households,
    persons: needs.total.persons,
    urgentNow: figures.fig('urgency', 'now', ALL, ALL, 'urgency'),
    urgent24h: figures.fig('urgency', 'h24', ALL, ALL, 'urgency'),
    topNeeds: rankByShown(figures, 'need', intake.needs).slice(0, 3).filter((category) => figures.tally.value(Tally.key('need', category.code, ALL, ALL)) > 0)
      .map((category) => ({ code: category.code, label: category.label, households: figures.fig('need', category.code, ALL, ALL, 'need') })),
    atRisk: atRisk.map((category) => ({ ...category, households: figures.fig('atrisk', category.code, ALL, ALL, 'atrisk') })),
    unaccompaniedMinors: figures.fig('uam', ALL, ALL, ALL, 'atrisk'),
  };
}
