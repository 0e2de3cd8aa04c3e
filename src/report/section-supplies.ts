/**
 * The supplies section: per site, block and item what was handed out (from the household rows), the stock count
 * (opening, received, closing) and the difference a stock count does not explain; households and persons reached
 * are protected people counts. Items are found through the distribution form's sum checks, not listed here.
 */
import type { FormDefinition, Label } from '../model/index.js';
import type { ReportSheet } from './report-data.js';
import type { ProtectedCounts, ReportFigures } from './figures.js';
import { blockPeriod } from './local-time.js';
import { readCount, type Known } from './read-field.js';
import { labelIn } from './report-text.js';
import type { Block, ReportLanguage, SignalReport, SupplyRow } from './signal-report.js';
import type { Tally } from './tally.js';

export interface SupplyItem { readonly code: string; readonly rowsTable: string; readonly column: string; readonly stockTable: string; readonly label: Label }

/** Stock and distribution of one item at one site in one block, summed over its sheets. */
export interface SupplyCell {
  opening: number | null; received: number | null; closing: number | null; distributed: number; discrepancy: number | null; flagged: boolean; provisional: boolean;
}

/** Supply cells keyed site|block|item. */
export type SupplyCells = Map<string, SupplyCell>;

/** Items of a distribution form, found through its sum checks (`rows.*.r_water_l` adds up to `stock.water_l.issued`). */
export function supplyItemsOf(definition: FormDefinition): SupplyItem[] {
  const items: SupplyItem[] = [];
  for (const check of definition.checks) {
    const term = check.terms[0];
    const termMatch = term ? /^([a-z0-9_]+)\.\*\.([a-z0-9_]+)$/.exec(term) : null;
    const totalMatch = /^([a-z0-9_]+)\.([a-z0-9_]+)\.issued$/.exec(check.total);
    if (!termMatch || !totalMatch) continue;
    const stock = definition.sections.flatMap((section) => section.fields).find((field) => field.id === totalMatch[1]);
    const row = stock && stock.kind === 'table' ? stock.rows.find((candidate) => candidate.id === totalMatch[2]) : undefined;
    items.push({ code: totalMatch[2]!, rowsTable: termMatch[1]!, column: termMatch[2]!, stockTable: totalMatch[1]!, label: row?.label ?? { nl: totalMatch[2]!, en: totalMatch[2]! } });
  }
  return items;
}

/** Units of the items that are not counted in pieces. */
export const ITEM_UNITS: Readonly<Record<string, string>> = { water_l: 'litre', light_kit: 'set' };

const supplyItemCache = new WeakMap<FormDefinition, SupplyItem[]>();

export function countSupply(
  tally: Tally,
  cells: SupplyCells,
  sheet: ReportSheet, definition: FormDefinition, site: string, block: string,
): void {
  let items = supplyItemCache.get(definition);
  if (!items) { items = supplyItemsOf(definition); supplyItemCache.set(definition, items); }
  if (items.length === 0) return;
  const rowsTable = definition.sections.flatMap((section) => section.fields).find((field) => field.id === items[0]!.rowsTable);
  if (!rowsTable || rowsTable.kind !== 'table') return;
  const personsColumn = rowsTable.columns.find((column) => column.id.endsWith('persons'))?.id;
  let waits = false;
  for (const item of items) {
    let distributed = 0;
    let itemWaits = false;
    for (const row of rowsTable.rows) {
      const quantity = readCount(sheet, `${item.rowsTable}.${row.id}.${item.column}`);
      if (!quantity.known) { itemWaits = true; continue; }
      if (quantity.value <= 0) continue;
      distributed += quantity.value;
      tally.add('reached_hh', item.code, site, block);
      if (personsColumn) {
        const persons = readCount(sheet, `${item.rowsTable}.${row.id}.${personsColumn}`);
        if (persons.known) tally.add('reached_ind', item.code, site, block, persons.value); else itemWaits = true;
      }
    }
    const stock = (column: string): Known<number> => readCount(sheet, `${item.stockTable}.${item.code}.${column}`);
    const opening = stock('opening');
    const received = stock('received');
    const closing = stock('closing');
    const hasStock = opening.known && closing.known && received.known && (opening.value > 0 || closing.value > 0 || received.value > 0 || distributed > 0);
    const key = `${site}|${block}|${item.code}`;
    const cell = cells.get(key) ?? { opening: null, received: null, closing: null, distributed: 0, discrepancy: null, flagged: false, provisional: false };
    cells.set(key, cell);
    cell.distributed += distributed;
    if (opening.known) cell.opening = (cell.opening ?? 0) + opening.value;
    if (received.known) cell.received = (cell.received ?? 0) + received.value;
    if (closing.known) cell.closing = (cell.closing ?? 0) + closing.value;
    if (hasStock && !itemWaits) {
      const discrepancy = opening.value + received.value - distributed - closing.value;
      cell.discrepancy = (cell.discrepancy ?? 0) + discrepancy;
      if (discrepancy !== 0) cell.flagged = true;
    }
    if (itemWaits || !opening.known || !received.known || !closing.known) { cell.provisional = true; waits = true; }
  }
  if (waits) tally.wait('supply', site, block);
}

/** Sorted serials → "1-3", "7", "10-12". */

/** A sheet placed at its scan time only for now: every supply figure of its site and block may still change. */
export function markSupplyBlockProvisional(cells: SupplyCells, site: string, block: string): void {
  for (const [key, cell] of cells) if (key.startsWith(`${site}|${block}|`)) cell.provisional = true;
}

export function protectSupplyCounts(counts: ProtectedCounts, items: readonly SupplyItem[], blockList: readonly string[]): void {
  counts.hierarchy('reached_hh', items.map((item) => item.code), blockList);
  counts.hierarchy('reached_ind', items.map((item) => item.code), blockList);
}

export function suppliesSection(
  figures: ReportFigures, cells: SupplyCells, items: readonly SupplyItem[], siteList: readonly string[], blockList: readonly string[], block: Block, lang: ReportLanguage,
): SignalReport['supplies'] {
  const rows: SupplyRow[] = [];
  const discrepancies: SignalReport['supplies']['discrepancies'][number][] = [];
  for (const site of siteList) {
    for (const start of blockList) {
      for (const item of items) {
        const cell = cells.get(`${site}|${start}|${item.code}`);
        if (!cell) continue;
        const period = blockPeriod(start, block);
        const label = labelIn(item.label, lang);
        rows.push({
          site, period, item: item.code, label, unit: ITEM_UNITS[item.code] ?? 'piece', opening: cell.opening, received: cell.received,
          distributed: cell.distributed, closing: cell.closing, discrepancy: cell.discrepancy, flagged: cell.flagged, provisional: cell.provisional,
          reachedHouseholds: figures.fig('reached_hh', item.code, site, start, 'supply'), reachedPersons: figures.fig('reached_ind', item.code, site, start, 'supply'),
        });
        if (cell.flagged && cell.discrepancy !== null) discrepancies.push({ site, period, item: item.code, label, discrepancy: cell.discrepancy });
      }
    }
  }
  return {
    items: items.map((item) => ({ code: item.code, label: labelIn(item.label, lang), names: { nl: item.label.nl, en: item.label.en }, unit: ITEM_UNITS[item.code] ?? 'piece' })),
    rows, discrepancies,
  };
}
