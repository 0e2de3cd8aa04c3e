/**
 * Situation received by radio: the latest SITREP per site, with its age, marked provisional. It never adds to a
 * count: where the site's own pages are in the report, they count and the radio figures stay beside them so a
 * difference shows. Figures are shown as the site sent them (numbers, FEW or HIDDEN: the sender's report hid them).
 */
import type { RadioSitrepRow } from '../store/index.js';
import { toLocalTime } from './local-time.js';
import type { RadioSiteRow, SiteNeeds } from './signal-report.js';

interface SentFigures {
  readonly households: number | string; readonly persons: number | string; readonly urgent: number | string;
  readonly safe: number | string; readonly tracing: number | string;
  readonly needs: readonly { readonly code: string; readonly households: number | string }[];
}

const shownCount = (value: number | string): string => (typeof value === 'number' ? String(value) : value.toUpperCase());

export function byRadioSection(rows: readonly RadioSitrepRow[], pageSites: readonly SiteNeeds[], sites: readonly string[] | undefined, generatedAt: string): RadioSiteRow[] {
  const latest = new Map<string, RadioSitrepRow>();
  // Rows come newest first per site (store order); the first seen per site is its latest.
  for (const row of rows) if (!latest.has(row.site) && (!sites || sites.length === 0 || sites.includes(row.site))) latest.set(row.site, row);
  const generated = Date.parse(generatedAt);
  return [...latest.values()].sort((a, b) => a.site.localeCompare(b.site)).map((row) => {
    const figures = JSON.parse(row.figuresJson) as SentFigures;
    const pages = pageSites.find((site) => site.site === row.site);
    const replacedByPages = pages !== undefined && (pages.households.value === null || pages.households.value > 0);
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
