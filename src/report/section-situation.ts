/**
 * The site-situation section: the shift reports' counts (visitors per hour add up to one count per sheet) per site
 * and block, and how often each concern, shortage or incident was ticked per site. Reads only fields with privacy
 * 'none'; where an unaccompanied minor turned up is never shown, only the total.
 */
import { leafFields, type FormDefinition } from '../model/index.js';
import type { ReportSheet } from './report-data.js';
import { UNACCOMPANIED_OPTION } from './count-intake.js';
import { blockPeriod } from './local-time.js';
import { readChoice, readCount, readTicks } from './read-field.js';
import { fieldOf, optionsOf } from './report-forms.js';
import { labelIn } from './report-text.js';
import type { Block, ReportLanguage, SignalReport } from './signal-report.js';

/** What the situation sheets added up to so far. */
export interface SituationTally {
  sheets: number;
  /** count field → site|block → sum (provisional while a count or the sheet's time awaits review). */
  readonly counts: Map<string, Map<string, { value: number; provisional: boolean }>>;
  /** tick field → option → site → sheets. */
  readonly ticks: Map<string, Map<string, Map<string, number>>>;
}

export function emptySituationTally(): SituationTally {
  return { sheets: 0, counts: new Map(), ticks: new Map() };
}

export function countSituation(situation: SituationTally, sheet: ReportSheet, definition: FormDefinition, site: string, block: string, timePending: boolean): void {
  situation.sheets++;
  for (const leaf of leafFields(definition)) {
    if (leaf.privacy !== 'none') continue;
    if (leaf.kind === 'digits' && leaf.preset === 'count') {
      // A table of counts (visitors per hour of the shift) adds up to one count per sheet.
      const countId = leaf.tableId ?? leaf.id;
      const count = readCount(sheet, leaf.id);
      const bySiteBlock = situation.counts.get(countId) ?? new Map<string, { value: number; provisional: boolean }>();
      situation.counts.set(countId, bySiteBlock);
      const cell = bySiteBlock.get(`${site}|${block}`) ?? { value: 0, provisional: false };
      bySiteBlock.set(`${site}|${block}`, cell);
      if (count.known) cell.value += count.value; else cell.provisional = true;
      if (timePending) cell.provisional = true;
    } else if (leaf.kind === 'checkbox' || leaf.kind === 'choice') {
      const ticks = leaf.kind === 'checkbox' ? readTicks(sheet, leaf.id) : readChoice(sheet, leaf.id);
      if (!ticks.known) continue;
      const values = Array.isArray(ticks.value) ? ticks.value as string[] : ticks.value === null ? [] : [ticks.value as string];
      const byOption = situation.ticks.get(leaf.id) ?? new Map<string, Map<string, number>>();
      situation.ticks.set(leaf.id, byOption);
      for (const value of values) {
        const bySite = byOption.get(value) ?? new Map<string, number>();
        byOption.set(value, bySite);
        bySite.set(site, (bySite.get(site) ?? 0) + 1);
      }
    }
  }
}

export function situationSection(situation: SituationTally, situationDef: FormDefinition | undefined, block: Block, lang: ReportLanguage): SignalReport['situation'] {
  return {
    sheets: situation.sheets,
    counts: [...situation.counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([field, bySiteBlock]) => {
      const rows = [...bySiteBlock.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, cell]) => {
        const [site = '', start = ''] = key.split('|');
        return { site, period: blockPeriod(start, block), value: cell.value, ...(cell.provisional ? { provisional: true as const } : {}) };
      });
      const field_ = situationDef?.sections.flatMap((section) => section.fields).find((candidate) => candidate.id === field);
      return { field, label: labelIn(field_?.label, lang) || field, bySiteBlock: rows, total: rows.reduce((sum, row) => sum + row.value, 0) };
    }),
    ticks: [...situation.ticks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([field, byOption]) => ({
      field, label: labelIn(fieldOf(situationDef, field)?.label, lang) || field,
      options: optionsOf(situationDef, field).filter((option) => byOption.has(option.value)).map((option) => {
        const bySite = byOption.get(option.value)!;
        const total = [...bySite.values()].reduce((a, b) => a + b, 0);
        // Where an unaccompanied minor turned up is never shown: the total only.
        return { code: option.value, label: labelIn(option.label, lang), total, bySite: option.value === UNACCOMPANIED_OPTION ? {} : Object.fromEntries([...bySite.entries()].sort()) };
      }).sort((a, b) => b.total - a.total || a.code.localeCompare(b.code)),
    })),
  };
}
