/**
 * The signal rows (domain.md §8.1): one row per site × block with the general counts; sensitive (at-risk) and RFL
 * columns are filled only for 1-day blocks, since they are never published finer than site × day.
 */
import { AGE_BANDS, SERVED, SEXES } from './count-intake.js';
import type { ReportFigures } from './figures.js';
import { blockPeriod } from './local-time.js';
import type { IntakeCategories } from './section-needs.js';
import type { Block, Category, Figure, SignalRow } from './signal-report.js';
import { ALL } from './tally.js';

export function signalRows(
  figures: ReportFigures, intake: IntakeCategories, atRisk: readonly Category[], siteList: readonly string[], blockList: readonly string[], block: Block,
): SignalRow[] {
  const fig = figures.fig.bind(figures);
  const signal: SignalRow[] = [];
  const daily = block === '1d';
  for (const site of siteList) {
    for (const start of blockList) {
      const values: Record<string, Figure | string> = {
        households_registered: fig('hh', ALL, site, start),
        persons_registered: fig('persons', ALL, site, start, 'persons'),
      };
      for (const sex of SEXES) values[`persons_${sex}`] = fig('persons', sex, site, start, 'persons');
      for (const band of AGE_BANDS) values[`persons_${band}`] = fig('persons', band, site, start, 'persons');
      for (const category of atRisk) values[`hh_${category.code}`] = daily ? fig('atrisk', category.code, site, start.slice(0, 10), 'atrisk') : '';
      for (const category of intake.needs) values[`hh_need_${category.code}`] = fig('need', category.code, site, start, 'need');
      values['hh_urgent_now'] = fig('urgency', 'now', site, start, 'urgency');
      values['hh_urgent_24h'] = fig('urgency', 'h24', site, start, 'urgency');
      for (const category of intake.referrals) values[`referrals_${category.code === 'r112' ? '112' : category.code}`] = fig('referral', category.code, site, start, 'referral');
      for (const category of intake.served) values[`served_${SERVED[category.code]}`] = fig('served', category.code, site, start, 'served');
      values['rfl_safe_registrations'] = daily ? fig('rfl_safe', ALL, site, start.slice(0, 10), 'rfl') : '';
      values['rfl_tracing_new'] = daily ? fig('rfl_tracing', ALL, site, start.slice(0, 10), 'rfl') : '';
      signal.push({ period: blockPeriod(start, block), site, values });
    }
  }
  return signal;
}
