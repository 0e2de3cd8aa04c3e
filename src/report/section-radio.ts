/**
 * The radio section: message load per station (the site's radio post) by precedence and category. Not people
 * counts, so shown as they are; "awaiting" counts messages whose precedence or category is still to be reviewed.
 */
import type { FormDefinition } from '../model/index.js';
import type { ReportSheet } from './report-data.js';
import { readChoice } from './read-field.js';
import { optionsOf } from './report-forms.js';
import { labelIn, REPORT_TEXT } from './report-text.js';
import type { ReportLanguage, SignalReport } from './signal-report.js';

export interface RadioStation { total: number; byPrecedence: Map<string, number>; byCategory: Map<string, number>; awaiting: number }

/** Stations keyed by site. */
export type RadioStations = Map<string, RadioStation>;

export function countRadio(stations: RadioStations, sheet: ReportSheet, site: string): void {
  const station = stations.get(site) ?? { total: 0, byPrecedence: new Map(), byCategory: new Map(), awaiting: 0 };
  stations.set(site, station);
  station.total++;
  const precedence = readChoice(sheet, 'precedence');
  const category = readChoice(sheet, 'category');
  if (!precedence.known || !category.known) station.awaiting++;
  const precedenceKey = precedence.known ? precedence.value ?? 'none' : 'awaiting';
  const categoryKey = category.known ? category.value ?? 'none' : 'awaiting';
  station.byPrecedence.set(precedenceKey, (station.byPrecedence.get(precedenceKey) ?? 0) + 1);
  station.byCategory.set(categoryKey, (station.byCategory.get(categoryKey) ?? 0) + 1);
}

export function radioSection(stations: RadioStations, radioDef: FormDefinition | undefined, lang: ReportLanguage): SignalReport['radio'] {
  const none = { code: 'none', label: REPORT_TEXT[lang]['radio_none']! };
  const precedences = [...optionsOf(radioDef, 'precedence').map((option) => ({ code: option.value, label: labelIn(option.label, lang) })), none];
  const categories = [...optionsOf(radioDef, 'category').map((option) => ({ code: option.value, label: labelIn(option.label, lang) })), none];
  return {
    precedences,
    categories,
    stations: [...stations.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([station, counts]) => ({
      station, total: counts.total, awaiting: counts.awaiting,
      byPrecedence: Object.fromEntries([...precedences.map((p) => p.code), 'awaiting'].map((code) => [code, counts.byPrecedence.get(code) ?? 0])),
      byCategory: Object.fromEntries([...categories.map((c) => c.code), 'awaiting'].map((code) => [code, counts.byCategory.get(code) ?? 0])),
    })),
  };
}
