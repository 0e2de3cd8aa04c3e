/**
 * When a sheet happened: the date and time written on the form (DD-MM-YY + HHMM digits), else its scan time, and
 * whether that scan time is only standing in until a written date or time is reviewed.
 */
import { leafFields, type FormDefinition, type LeafField } from '../model/index.js';
import type { ReportSheet } from './report-data.js';
import { readDigitsText, stateOf } from './read-field.js';
import { formTime, toLocalTime } from './local-time.js';

export interface TimeFields { readonly date: string | undefined; readonly times: readonly string[] }

/** The form's own date and time fields: `date` and `time`, else the first date and every time (earliest wins). */
export function timeFieldsOf(definition: FormDefinition): TimeFields {
  const leaves = leafFields(definition).filter((leaf): leaf is Extract<LeafField, { kind: 'digits' }> => leaf.kind === 'digits');
  const date = leaves.find((leaf) => leaf.id === 'date') ?? leaves.find((leaf) => leaf.preset === 'date');
  // A date field `filed_date` pairs with `filed_time` (radio form); the header pair is `date` + `time`.
  const pairedId = date?.id === 'date' ? 'time' : date?.id.endsWith('_date') ? `${date.id.slice(0, -5)}_time` : undefined;
  const time = leaves.find((leaf) => leaf.id === pairedId);
  return { date: date?.id, times: time ? [time.id] : leaves.filter((leaf) => leaf.preset === 'time').map((leaf) => leaf.id) };
}

/** Where a sheet's time came from: written on the form; the scan time because the form has none; or the scan
 * time for now, because the written date or time still awaits review (the sheet may move when it is reviewed). */
export type TimeSource = 'form' | 'scan' | 'pending';

export function sheetTime(sheet: ReportSheet, fields: TimeFields): { local: string; source: TimeSource } {
  const date = fields.date ? readDigitsText(sheet, fields.date) : null;
  let earliest: string | null = null;
  for (const id of fields.times) {
    const time = readDigitsText(sheet, id);
    if (time !== null && (earliest === null || time < earliest)) earliest = time;
  }
  const local = formTime(date, earliest);
  if (local) return { local, source: 'form' };
  const pending = [fields.date, ...fields.times].some((id) => id !== undefined && stateOf(sheet, id)?.status === 'needs-review');
  return { local: toLocalTime(sheet.scannedAt), source: pending ? 'pending' : 'scan' };
}

