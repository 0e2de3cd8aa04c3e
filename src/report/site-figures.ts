/**
 * ENTRY for a site's situation in a few figures (what a radio SITREP carries): the public report's own figures for
 * one site, suppressed as the report suppresses them, so a message sent in the clear says no more than the report.
 * The figures, the most-heard needs and the local time they describe; no rendering.
 */
import type { Workspace } from '../store/index.js';
import { aggregateReport } from './aggregate.js';
import { loadReportData } from './build-report.js';
import type { ReportData } from './report-data.js';
import { toLocalTime } from './local-time.js';
import type { Figure } from './signal-report.js';

export interface SiteFigures {
  readonly site: string;
  /** Local 'YYYY-MM-DDTHH:MM' the figures were made. */
  readonly madeAt: string;
  readonly households: Figure;
  readonly persons: Figure;
  /** Households answering "help needed now". */
  readonly urgentNow: Figure;
  /** Most-heard needs first (hidden counts last), with households; needs no household named are left out. */
  readonly needs: readonly { readonly code: string; readonly households: Figure }[];
  readonly safe: Figure;
  readonly tracing: Figure;
}

const ZERO: Figure = { value: 0, shown: '0' };

export interface SiteFiguresOptions {
  readonly from?: string;
  readonly to?: string;
  /** Local 'YYYY-MM-DDTHH:MM': the figures as of this moment (sheets dated at or before it), made at it. */
  readonly asOf?: string;
  readonly now?: Date;
}

/** The local minute after `local` ('YYYY-MM-DDTHH:MM'), as plain calendar arithmetic. */
function minuteAfter(local: string): string {
  return new Date(Date.parse(`${local}:00Z`) + 60_000).toISOString().slice(0, 16);
}

export function siteFigures(workspace: Workspace, site: string, options: SiteFiguresOptions = {}): SiteFigures {
  return siteFiguresOf(loadReportData(workspace), site, options);
}

/** PURE: the same from report rows made elsewhere (an exercise pack's pre-filled sheets, before anyone scanned them). */
export function siteFiguresOf(data: ReportData, site: string, options: SiteFiguresOptions = {}): SiteFigures {
  const now = options.now ?? new Date();
  const to = options.asOf ? minuteAfter(options.asOf) : options.to;
  const report = aggregateReport(data, {
    ...(options.from ? { from: options.from } : {}), ...(to ? { to } : {}), sites: [site],
    block: '1d', lang: 'en', suppress: true, restricted: false, generatedAt: now.toISOString(),
  });
  const needs = report.needs.sites.find((row) => row.site === site);
  const links = report.familyLinks.sites.find((row) => row.site === site);
  const ranked = Object.entries(needs?.needs ?? {})
    .filter(([, figure]) => figure.value === null || figure.value > 0)
    .sort(([, a], [, b]) => (b.value ?? -1) - (a.value ?? -1))
    .map(([code, households]) => ({ code, households }));
  return {
    site, madeAt: options.asOf ?? toLocalTime(now.toISOString()),
    households: needs?.households ?? ZERO, persons: needs?.persons ?? ZERO,
    urgentNow: report.needs.urgencyBySite.find((row) => row.site === site)?.now ?? ZERO,
    needs: ranked, safe: links?.safe ?? ZERO, tracing: links?.tracing ?? ZERO,
  };
}
