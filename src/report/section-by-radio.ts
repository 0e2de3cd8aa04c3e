/**
 * Situation received by radio: the latest SITREP per site, with its age, marked provisional. It never adds to a
 * count. Figures are shown as the site sent them (numbers, FEW or HIDDEN: the sender's report hid them).
 *
 * Replaced per site AND period. A SITREP gives its site's situation as of its date and time (DDMM HHMM, local).
 * Its period is that day from 00:00 up to and including that time: the shift the coordinator reports on. The message
 * carries no year: it is the year of the reception, or the year before when that day would fall more than a day after
 * the reception (a message of 31 December received on 1 January). The message is replaced by pages when this report
 * counts a page of the same site, from the forms its figures come from (intake and family-link sheets), dated within
 * that period: the paper of that shift has arrived, so the pages count and the radio figures stay beside them only
 * for comparison (a difference shows). Pages of the site from other periods (an earlier day, or later the same day)
 * do not replace it: a later message whose period has no pages yet stays provisional, "by radio only", while the
 * pages already in count as always.
 *
 * The latest message of a site is the one with the latest period end (its date and time); between copies of the same
 * moment, the one received last.
 */
import type { RadioSitrepRow } from '../store/index.js';
import { toLocalTime } from './local-time.js';
import type { RadioSiteRow, SiteNeeds } from './signal-report.js';

interface SentFigures {
  readonly households: number | string; readonly persons: number | string; readonly urgent: number | string;
  readonly safe: number | string; readonly tracing: number | string;
  readonly needs: readonly { readonly code: string; readonly households: number | string }[];
}

/** The period a message covers, as local 'YYYY-MM-DDTHH:MM' bounds (both included). */
export interface SitrepPeriod { readonly start: string; readonly end: string }

const shownCount = (value: number | string): string => (typeof value === 'number' ? String(value) : value.toUpperCase());

/** The message's period: its day (the year found from the reception, see the header) from 00:00 up to its time. */
export function sitrepPeriod(sentDate: string, sentTime: string, receivedAt: string): SitrepPeriod {
  const received = toLocalTime(receivedAt);
  const dayAfterReception = new Date(Date.parse(`${received.slice(0, 10)}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const monthDay = `${sentDate.slice(2, 4)}-${sentDate.slice(0, 2)}`;
  let year = Number(received.slice(0, 4));
  if (`${year}-${monthDay}` > dayAfterReception) year -= 1;
  const day = `${String(year).padStart(4, '0')}-${monthDay}`;
  return { start: `${day}T00:00`, end: `${day}T${sentTime.slice(0, 2)}:${sentTime.slice(2, 4)}` };
}

/** Whether a site's pages (their local times) hold one dated within the period. */
export function pagesCoverPeriod(pageTimes: readonly string[], period: SitrepPeriod): boolean {
  return pageTimes.some((time) => time >= period.start && time <= period.end);
}

export function byRadioSection(
  rows: readonly RadioSitrepRow[], pageSites: readonly SiteNeeds[], pageTimes: ReadonlyMap<string, readonly string[]>,
  sites: readonly string[] | undefined, generatedAt: string,
): RadioSiteRow[] {
  const latest = new Map<string, { row: RadioSitrepRow; period: SitrepPeriod }>();
  for (const row of rows) {
    if (sites && sites.length > 0 && !sites.includes(row.site)) continue;
    const period = sitrepPeriod(row.sentDate, row.sentTime, row.receivedAt);
    const seen = latest.get(row.site);
    if (!seen || period.end > seen.period.end || (period.end === seen.period.end && row.receivedAt > seen.row.receivedAt)) latest.set(row.site, { row, period });
  }
  const generated = Date.parse(generatedAt);
  return [...latest.values()].sort((a, b) => a.row.site.localeCompare(b.row.site)).map(({ row, period }) => {
    const figures = JSON.parse(row.figuresJson) as SentFigures;
    const pages = pageSites.find((site) => site.site === row.site);
    const replacedByPages = pages !== undefined && pagesCoverPeriod(pageTimes.get(row.site) ?? [], period);
    return {
      site: row.site,
      sent: `${row.sentDate.slice(0, 2)}-${row.sentDate.slice(2)} ${row.sentTime.slice(0, 2)}:${row.sentTime.slice(2)}`,
      receivedAt: toLocalTime(row.receivedAt),
      ageHours: Math.max(0, Math.round((generated - Date.parse(row.receivedAt)) / 360_000) / 10),
      station: row.station,
      figures: {
        households: shownCount(figures.households), persons: shownCount(figures.persons), urgent: shownCount(figures.urgent),
        safe: shownCount(figures.safe), tracing: shownCount(figures.tracing),
      },
      needs: figures.needs.map((need) => `${need.code} ${shownCount(need.households)}`).join(', '),
      replacedByPages, pagesHouseholds: replacedByPages ? pages!.households.shown : null,
    };
  });
}
