/**
 * SignalReport → the shareable CSV exports of domain.md §8: signal.csv (wide, site × block), needs.csv (long,
 * site × block × need) and distribution.csv (long, site × block × item). snake_case headers are the contract; the
 * HXL hashtag row is an optional second header. Pure strings; hidden counts are written as shown (`<5`, `x`).
 */
import { localOffset } from './local-time.js';
import type { Figure, Period, SignalReport } from './signal-report.js';

/** HXL hashtags of the signal columns (domain.md §8.1); a column missing here gets none. */
const SIGNAL_HXL: Readonly<Record<string, string>> = {
  period_start: '#date+start', period_end: '#date+end', report_generated: '#date+reported', site_code: '#loc+code',
  households_registered: '#affected+hh', persons_registered: '#affected+ind',
  persons_f: '#affected+ind+f', persons_m: '#affected+ind+m', persons_x: '#affected+ind+i',
  persons_0_4: '#affected+ind+infants+age_0_4', persons_5_17: '#affected+ind+children+age_5_17',
  persons_18_64: '#affected+ind+adults+age_18_64', persons_65p: '#affected+ind+elderly+age_65_',
  hh_urgent_now: '#inneed+hh+urgent_now', hh_urgent_24h: '#inneed+hh+urgent_24h',
  rfl_safe_registrations: '#indicator+num+rfl_safe', rfl_tracing_new: '#indicator+num+rfl_tracing_new',
  suppressed_cells: '#meta+suppressed', provisional: '#meta+provisional',
};

function signalHxl(column: string): string {
  const known = SIGNAL_HXL[column];
  if (known) return known;
  if (column.startsWith('hh_need_')) return `#inneed+hh+${column.slice('hh_need_'.length)}`;
  if (column.startsWith('referrals_')) return `#output+num+referral_${column.slice('referrals_'.length)}`;
  if (column.startsWith('served_')) return `#reached+ind+${column.slice('served_'.length)}`;
  if (column.startsWith('hh_')) return `#affected+hh+${column.slice(3)}`;
  return '';
}

function cell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(header: readonly string[], hxl: readonly string[] | null, rows: readonly (readonly (string | number | null)[])[]): string {
  const lines = [header.map(cell).join(',')];
  if (hxl) lines.push(hxl.map(cell).join(','));
  for (const row of rows) lines.push(row.map(cell).join(','));
  return `${lines.join('\n')}\n`;
}

/** ISO 8601 local time with offset, e.g. 2026-03-14T06:00+01:00. */
export function isoLocal(local: string): string {
  return `${local}${localOffset(local)}`;
}

function periodCells(period: Period): [string, string] {
  return [isoLocal(period.start), isoLocal(period.end)];
}

function shown(figure: Figure): string {
  return figure.shown;
}

export function renderSignalCsv(report: SignalReport, hxl: boolean): string {
  const first = report.signal[0];
  const valueColumns = first ? Object.keys(first.values) : [];
  const header = ['period_start', 'period_end', 'report_generated', 'site_code', ...valueColumns, 'suppressed_cells', 'provisional'];
  const rows = report.signal.map((row) => {
    const figures = valueColumns.map((column) => row.values[column] ?? '');
    const hidden = figures.filter((figure) => typeof figure !== 'string' && figure.hidden).length;
    const provisional = figures.some((figure) => typeof figure !== 'string' && figure.provisional);
    return [...periodCells(row.period), report.meta.generatedAt, row.site,
      ...figures.map((figure) => (typeof figure === 'string' ? figure : shown(figure))), hidden, provisional ? 'yes' : 'no'];
  });
  return csv(header, hxl ? header.map(signalHxl) : null, rows);
}

export function renderNeedsCsv(report: SignalReport, hxl: boolean): string {
  const header = ['period_start', 'period_end', 'site_code', 'sector_code', 'need_code', 'need_name_nl', 'need_name_en', 'inneed_hh', 'inneed_ind', 'provisional'];
  const tags = ['#date+start', '#date+end', '#loc+code', '#sector+code', '#need+code', '#need+name+i_nl', '#need+name+i_en', '#inneed+hh', '#inneed+ind', '#meta+provisional'];
  const rows = report.needs.blocks.flatMap((block) => report.needs.categories.map((category) => {
    const households = block.needs[category.code]!;
    const persons = block.needPersons[category.code]!;
    return [...periodCells(block.period), block.site, category.sector, category.code, category.names.nl, category.names.en,
      shown(households), shown(persons), households.provisional || persons.provisional ? 'yes' : 'no'];
  }));
  return csv(header, hxl ? tags : null, rows);
}

export function renderDistributionCsv(report: SignalReport, hxl: boolean): string {
  const header = ['period_start', 'period_end', 'site_code', 'item_code', 'item_name_nl', 'item_name_en', 'item_unit',
    'opening', 'received', 'distributed', 'closing', 'discrepancy', 'discrepancy_flag', 'reached_hh', 'reached_ind', 'provisional'];
  const tags = ['#date+start', '#date+end', '#loc+code', '#item+code', '#item+name+i_nl', '#item+name+i_en', '#item+unit',
    '#value+opening', '#value+received', '#value+distributed', '#value+closing', '#value+discrepancy', '#meta+flag', '#reached+hh', '#reached+ind', '#meta+provisional'];
  const names = new Map(report.supplies.items.map((item) => [item.code, item.names]));
  const rows = report.supplies.rows.map((row) => [...periodCells(row.period), row.site, row.item, names.get(row.item)?.nl ?? row.label,
    names.get(row.item)?.en ?? row.label, row.unit, row.opening, row.received, row.distributed, row.closing, row.discrepancy,
    row.flagged ? 'yes' : 'no', shown(row.reachedHouseholds), shown(row.reachedPersons), row.provisional ? 'yes' : 'no']);
  return csv(header, hxl ? tags : null, rows);
}
