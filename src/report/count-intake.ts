/**
 * Counting one intake sheet: the household, its persons by age band and sex, needs, the most urgent need, urgency,
 * referrals, services given and at-risk categories. A value awaiting review makes its family wait, never guesses.
 */
import type { Label } from '../model/index.js';
import type { ReportSheet } from './report-data.js';
import { readChoice, readCount, readTicks } from './read-field.js';
import { ALL, type Tally } from './tally.js';

/** At-risk categories (domain.md §8.1 hh_*): which intake field and options make a household count. */
export const AT_RISK_CATEGORIES: readonly { readonly code: string; readonly field: string; readonly options: readonly string[] | 'any'; readonly label: Label }[] = [
  { code: 'power_dependent', field: 'power_dep', options: 'any', label: { nl: 'Stroomafhankelijke zorg thuis', en: 'Electricity-dependent care at home' } },
  { code: 'meds_short', field: 'meds', options: ['short'], label: { nl: 'Medicatie: voorraad < 3 dagen', en: 'Medication: < 3 days left' } },
  { code: 'meds_cold', field: 'meds', options: ['cold'], label: { nl: 'Medicatie gekoeld (bijv. insuline)', en: 'Medication needs cooling (e.g. insulin)' } },
  { code: 'elderly_alone', field: 'vuln', options: ['elderly_alone'], label: { nl: '65+ alleenwonend', en: '65+ living alone' } },
  { code: 'pregnant', field: 'vuln', options: ['pregnant'], label: { nl: 'Zwanger', en: 'Pregnant' } },
  { code: 'infant_u1', field: 'vuln', options: ['infant_u1'], label: { nl: 'Baby < 1 jaar', en: 'Infant < 1 year' } },
  { code: 'disability', field: 'vuln', options: ['walking', 'seeing_hearing', 'cognition', 'selfcare'], label: { nl: 'Beperking (lopen, zien/horen, begrijpen, zelfzorg)', en: 'Disability (walking, seeing/hearing, understanding, self-care)' } },
];
/** Unaccompanied minors are never shown per site (their location is protected): one total for the whole report. */
export const UNACCOMPANIED_OPTION = 'unaccompanied_minor';

/** Services given (intake `provided`) that the signal report counts, with the column name each one fills. */
export const SERVED: Readonly<Record<string, string>> = { info: 'info', charging: 'charging', firstaid: 'firstaid', pss: 'pss' };
export const AGE_BANDS = ['0_4', '5_17', '18_64', '65p'] as const;
export const SEXES = ['f', 'm', 'x'] as const;

export function countIntake(tally: Tally, sheet: ReportSheet, site: string, block: string, day: string): void {
  tally.add('hh', ALL, site, block);

  // Persons: the 12 age × sex cells; one cell awaiting review makes the whole household's persons wait.
  let persons = 0;
  const bySex: Record<string, number> = {};
  const byBand: Record<string, number> = {};
  let personsKnown = true;
  for (const band of AGE_BANDS) {
    for (const sex of SEXES) {
      const count = readCount(sheet, `n.${band}.${sex}`);
      if (!count.known) { personsKnown = false; continue; }
      persons += count.value;
      bySex[sex] = (bySex[sex] ?? 0) + count.value;
      byBand[band] = (byBand[band] ?? 0) + count.value;
    }
  }
  if (personsKnown) {
    tally.add('persons', ALL, site, block, persons);
    for (const sex of SEXES) tally.add('persons', sex, site, block, bySex[sex] ?? 0);
    for (const band of AGE_BANDS) tally.add('persons', band, site, block, byBand[band] ?? 0);
  } else tally.wait('persons', site, block);

  const needs = readTicks(sheet, 'needs');
  if (needs.known) {
    for (const need of new Set(needs.value)) {
      tally.add('need', need, site, block);
      if (personsKnown) tally.add('need_ind', need, site, block, persons);
    }
  }
  else tally.wait('need', site, block);

  const top = readChoice(sheet, 'need_top');
  if (top.known) { if (top.value) tally.add('need_top', top.value, site, ALL); } else tally.wait('need_top', site, ALL);

  const urgency = readChoice(sheet, 'urgency');
  if (urgency.known) { if (urgency.value === 'now' || urgency.value === 'h24') tally.add('urgency', urgency.value, site, block); } else tally.wait('urgency', site, block);

  const referral = readTicks(sheet, 'referral');
  if (referral.known) for (const code of new Set(referral.value)) tally.add('referral', code, site, block);
  else tally.wait('referral', site, block);

  const provided = readTicks(sheet, 'provided');
  if (provided.known) for (const code of new Set(provided.value)) { if (SERVED[code]) tally.add('served', code, site, block); }
  else tally.wait('served', site, block);

  let atRiskWaits = false;
  const ticksOf = new Map<string, readonly string[]>();
  for (const field of ['vuln', 'power_dep', 'meds']) {
    const ticks = readTicks(sheet, field);
    if (ticks.known) ticksOf.set(field, ticks.value); else atRiskWaits = true;
  }
  if (atRiskWaits) tally.wait('atrisk', site, day);
  for (const category of AT_RISK_CATEGORIES) {
    const ticks = ticksOf.get(category.field);
    if (!ticks) continue;
    const options = category.options;
    if (options === 'any' ? ticks.length > 0 : ticks.some((tick) => options.includes(tick))) tally.add('atrisk', category.code, site, day);
  }
  if (ticksOf.get('vuln')?.includes(UNACCOMPANIED_OPTION)) tally.add('uam', ALL, ALL, ALL);
}
