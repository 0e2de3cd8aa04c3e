/**
 * Local time for the report: scan times (UTC) to the report's time zone, form-written DD-MM-YY + HHMM digits to
 * local time, and the 6-hour / 1-day blocks figures are counted in. Pure; local times are 'YYYY-MM-DDTHH:MM'.
 */
import type { Block, Period } from './signal-report.js';

/** Form times are local Dutch time; scan times (UTC) are converted to it so blocks line up. */
export const REPORT_TIME_ZONE = 'Europe/Amsterdam';

const localFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: REPORT_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});
const localCache = new Map<string, string>();

/** ISO UTC → local 'YYYY-MM-DDTHH:MM' in the report's time zone. */
export function toLocalTime(isoUtc: string): string {
  const minute = isoUtc.slice(0, 16);
  const cached = localCache.get(minute);
  if (cached !== undefined) return cached;
  const date = new Date(`${minute}:00Z`);
  if (Number.isNaN(date.getTime())) return '0000-00-00T00:00';
  const parts = Object.fromEntries(localFormat.formatToParts(date).map((part) => [part.type, part.value]));
  const local = `${parts['year']}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}`;
  localCache.set(minute, local);
  return local;
}

/** The UTC offset ('+01:00' / '+02:00') of a local time in the report's time zone, for ISO 8601 with offset. */
export function localOffset(local: string): string {
  for (const hours of [1, 2, 0, 3]) {
    const utc = new Date(Date.parse(`${local}:00Z`) - hours * 3_600_000).toISOString();
    if (toLocalTime(utc) === local) return `+0${hours}:00`;
  }
  return '+01:00';
}

/** DD-MM-YY digits + HHMM digits → local 'YYYY-MM-DDTHH:MM', or null when either is not a real date/time. */
export function formTime(dateDigits: string | null, timeDigits: string | null): string | null {
  if (!dateDigits || !timeDigits || dateDigits.length !== 6 || timeDigits.length !== 4) return null;
  const day = Number(dateDigits.slice(0, 2));
  const month = Number(dateDigits.slice(2, 4));
  const year = 2000 + Number(dateDigits.slice(4, 6));
  const hour = Number(timeDigits.slice(0, 2));
  const minute = Number(timeDigits.slice(2, 4));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function addHours(local: string, hours: number): string {
  const date = new Date(Date.parse(`${local}:00Z`) + hours * 3_600_000);
  return date.toISOString().slice(0, 16);
}

/** Start of the block holding a local time. */
export function blockStart(local: string, block: Block): string {
  const day = local.slice(0, 10);
  if (block === '1d') return `${day}T00:00`;
  const hour = Math.floor(Number(local.slice(11, 13)) / 6) * 6;
  return `${day}T${pad(hour)}:00`;
}


/** The period a block starting at `start` covers. */
export function blockPeriod(start: string, block: Block): Period {
  return { start, end: addHours(start, block === '1d' ? 24 : 6) };
}
