/**
 * The needs section: households, persons and needs per site, per time block and in total; the most urgent need,
 * urgency, referrals and services given. Its categories come from the newest intake definition's labels.
 */
import type { FormDefinition } from '../model/index.js';
import { AGE_BANDS, SERVED, SEXES } from './count-intake.js';
import type { ProtectedCounts, ReportFigures } from './figures.js';
import { blockPeriod } from './local-time.js';
import { optionsOf } from './report-forms.js';
import { labelIn } from './report-text.js';
import type { Block, BlockNeeds, Category, ReportLanguage, SignalReport, SiteNeeds } from './signal-report.js';
import { ALL, Tally } from './tally.js';

/** Sector codes of the 14 need categories (domain.md §2.4, loosely IASC cluster names). */
export const NEED_SECTORS: Readonly<Record<string, string>> = {
  info: 'CCE', water: 'WASH', food: 'FSC', warmth: 'SHL', shelter: 'SHL', medical: 'HEA', medication: 'HEA',
  family: 'PRO', pss: 'HEA', charging: 'CCE', transport: 'LOG', hygiene: 'WASH', baby: 'NUT', other: '',
};

export interface IntakeCategories {
  readonly needs: SignalReport['needs']['categories'];
  readonly referrals: readonly Category[];
  readonly served: readonly Category[];
}

/** The intake's categories, labelled from its newest definition (none when no intake form is known). */
export function intakeCategories(intakeDef: FormDefinition | undefined, lang: ReportLanguage): IntakeCategories {
  return {
    needs: optionsOf(intakeDef, 'needs').map((option) => ({ code: option.value, label: labelIn(option.label, lang), names: { nl: option.label.nl, en: option.label.en }, sector: NEED_SECTORS[option.value] ?? '' })),
    referrals: optionsOf(intakeDef, 'referral').map((option) => ({ code: option.value, label: labelIn(option.label, lang) })),
    served: optionsOf(intakeDef, 'provided').filter((option) => SERVED[option.value]).map((option) => ({ code: option.value, label: labelIn(option.label, lang) })),
  };
}

/** Registers the intake's people counts: households, persons (with the sex and age-band lines), needs, urgency,
 * the most urgent need, referrals and services given. */
export function protectIntakeCounts(counts: ProtectedCounts, categories: IntakeCategories, blockList: readonly string[]): void {
  counts.hierarchy('hh', [ALL], blockList);
  counts.hierarchy('persons', [ALL, ...SEXES, ...AGE_BANDS], blockList);
  for (const site of [...counts.siteList, ALL]) {
    for (const period of site === ALL ? [ALL] : [...blockList, ALL]) {
      counts.line([...SEXES.map((sex) => counts.entry('persons', sex, site, period)), counts.entry('persons', ALL, site, period)]);
      counts.line([...AGE_BANDS.map((band) => counts.entry('persons', band, site, period)), counts.entry('persons', ALL, site, period)]);
    }
  }
  const needCodes = categories.needs.map((category) => category.code);
  counts.hierarchy('need', needCodes, blockList);
  counts.hierarchy('need_ind', needCodes, blockList);
  counts.hierarchy('urgency', ['now', 'h24'], blockList);
  counts.hierarchy('need_top', needCodes, []);
  counts.hierarchy('referral', categories.referrals.map((category) => category.code), blockList);
  counts.hierarchy('served', categories.served.map((category) => category.code), blockList);
}

/** Households, persons and needs of one site (or ALL) in one period (or ALL). */
export function siteNeeds(figures: ReportFigures, categories: IntakeCategories, site: string, period: string): SiteNeeds {
  return {
    site,
    households: figures.fig('hh', ALL, site, period),
    persons: figures.fig('persons', ALL, site, period, 'persons'),
    needs: Object.fromEntries(categories.needs.map((category) => [category.code, figures.fig('need', category.code, site, period, 'need')])),
    needPersons: Object.fromEntries(categories.needs.map((category) => [category.code, figures.fig('need_ind', category.code, site, period, 'persons')])),
    awaiting: period === ALL ? figures.awaitingFigure('need', site) : { value: figures.tally.waiting('need', site, period), shown: '' },
  };
}

/** Need categories ordered by a family's shown total. Hidden counts rank as equals, so their order reveals nothing. */
export function rankByShown<T extends Category>(figures: ReportFigures, family: string, categories: readonly T[]): T[] {
  const shownValue = (code: string): number => figures.fig(family, code, ALL, ALL).value ?? 0;
  return [...categories].sort((a, b) => shownValue(b.code) - shownValue(a.code) || a.code.localeCompare(b.code));
}

export function needsSection(
  figures: ReportFigures, categories: IntakeCategories, siteList: readonly string[], blockList: readonly string[], block: Block,
): SignalReport['needs'] {
  const blocks: BlockNeeds[] = [];
  for (const site of siteList) {
    for (const start of blockList) blocks.push({ ...siteNeeds(figures, categories, site, start), period: blockPeriod(start, block) });
  }
  const mostUrgent = rankByShown(figures, 'need_top', categories.needs)
    .filter((category) => figures.tally.value(Tally.key('need_top', category.code, ALL, ALL)) > 0)
    .map((category) => ({
      code: category.code, label: category.label, households: figures.fig('need_top', category.code, ALL, ALL, 'need_top'),
      bySite: Object.fromEntries(siteList.map((site) => [site, figures.fig('need_top', category.code, site, ALL, 'need_top')])),
    }));
  return {
    categories: categories.needs,
    sites: siteList.map((site) => siteNeeds(figures, categories, site, ALL)),
    total: siteNeeds(figures, categories, ALL, ALL),
    blocks,
    mostUrgent,
    urgencyBySite: siteList.map((site) => ({ site, now: figures.fig('urgency', 'now', site, ALL, 'urgency'), h24: figures.fig('urgency', 'h24', site, ALL, 'urgency') })),
    referrals: categories.referrals.map((category) => ({ ...category, total: figures.fig('referral', category.code, ALL, ALL, 'referral'), bySite: figures.bySite('referral', category.code, 'referral') })),
    served: categories.served.map((category) => ({ ...category, total: figures.fig('served', category.code, ALL, ALL, 'served'), bySite: figures.bySite('served', category.code, 'served') })),
  };
}
