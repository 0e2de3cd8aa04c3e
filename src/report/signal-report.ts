/**
 * What the signal report publishes: the SignalReport shape and its parts (figures, periods, rows). Types only;
 * aggregate.ts and its section modules fill it, render-*.ts read it. A Figure is the only way a count is published.
 */
import type { Suppression } from './suppress-counts.js';

export type Block = '6h' | '1d';
export type ReportLanguage = 'nl' | 'en';


/** One published number. `value` is null when hidden; `shown` is what a reader sees. */
export interface Figure {
  readonly value: number | null;
  readonly shown: string;
  readonly hidden?: Suppression;
  /** Some values behind this number still await review: it may still change. */
  readonly provisional?: true;
}

export interface Period { readonly start: string; readonly end: string }
export interface Category { readonly code: string; readonly label: string }

export interface SignalReport {
  readonly meta: {
    readonly title: string;
    readonly generatedAt: string;
    readonly lang: ReportLanguage;
    readonly period: Period | null;
    readonly block: Block;
    readonly timeZone: string;
    readonly sites: readonly string[];
    readonly restricted: boolean;
    readonly suppression: boolean;
    readonly minCellCount: number;
    readonly provisional: boolean;
    /** How the time of each counted sheet was found: written on the form, the scan time (no time written), or the
     * scan time while the written date/time awaits review (`pending`: the figures of that period are provisional). */
    readonly timeSource: { readonly form: number; readonly scan: number; readonly pending: number };
    readonly forms: readonly { readonly id: string; readonly title: string; readonly versions: readonly number[] }[];
  };
  readonly headline: {
    readonly households: Figure;
    readonly persons: Figure;
    readonly urgentNow: Figure;
    readonly urgent24h: Figure;
    readonly topNeeds: readonly { readonly code: string; readonly label: string; readonly households: Figure }[];
    readonly atRisk: readonly { readonly code: string; readonly label: string; readonly households: Figure }[];
    readonly unaccompaniedMinors: Figure;
  };
  readonly coverage: {
    readonly forms: readonly CoverageRow[];
    readonly outcomes: readonly { readonly outcome: string; readonly outcomeLabel: string; readonly reason: string | null; readonly label: string; readonly pages: number }[];
    readonly unreadablePages: number;
    readonly fieldsAwaitingReview: number;
    readonly sheetsAwaitingReview: number;
    readonly sheetsIncomplete: number;
    /** Present only when office bundles disagreed (import records them; `paperlink status` lists them). */
    readonly bundleConflicts?: number;
  };
  readonly needs: {
    readonly categories: readonly (Category & { readonly sector: string; readonly names: { readonly nl: string; readonly en: string } })[];
    readonly sites: readonly SiteNeeds[];
    readonly total: SiteNeeds;
    readonly blocks: readonly BlockNeeds[];
    readonly mostUrgent: readonly { readonly code: string; readonly label: string; readonly households: Figure; readonly bySite: Readonly<Record<string, Figure>> }[];
    readonly urgencyBySite: readonly { readonly site: string; readonly now: Figure; readonly h24: Figure }[];
    readonly referrals: readonly { readonly code: string; readonly label: string; readonly total: Figure; readonly bySite: Readonly<Record<string, Figure>> }[];
    readonly served: readonly { readonly code: string; readonly label: string; readonly total: Figure; readonly bySite: Readonly<Record<string, Figure>> }[];
  };
  readonly atRisk: {
    readonly categories: readonly Category[];
    readonly sites: readonly { readonly site: string; readonly counts: Readonly<Record<string, Figure>>; readonly awaiting: Figure }[];
    readonly total: Readonly<Record<string, Figure>>;
    readonly days: readonly { readonly site: string; readonly day: string; readonly counts: Readonly<Record<string, Figure>> }[];
    readonly unaccompaniedMinors: Figure;
  };
  readonly familyLinks: {
    readonly days: readonly { readonly site: string; readonly day: string; readonly safe: Figure; readonly tracing: Figure }[];
    readonly sites: readonly { readonly site: string; readonly safe: Figure; readonly tracing: Figure }[];
    readonly total: { readonly safe: Figure; readonly tracing: Figure };
    readonly awaiting: Figure;
  };
  readonly supplies: {
    readonly items: readonly (Category & { readonly unit: string; readonly names: { readonly nl: string; readonly en: string } })[];
    readonly rows: readonly SupplyRow[];
    readonly discrepancies: readonly { readonly site: string; readonly period: Period; readonly item: string; readonly label: string; readonly discrepancy: number }[];
  };
  readonly radio: {
    readonly precedences: readonly Category[];
    readonly categories: readonly Category[];
    readonly stations: readonly { readonly station: string; readonly total: number; readonly byPrecedence: Readonly<Record<string, number>>; readonly byCategory: Readonly<Record<string, number>>; readonly awaiting: number }[];
  };
  readonly situation: {
    readonly counts: readonly { readonly field: string; readonly label: string; readonly bySiteBlock: readonly { readonly site: string; readonly period: Period; readonly value: number; readonly provisional?: true }[]; readonly total: number }[];
    readonly ticks: readonly { readonly field: string; readonly label: string; readonly options: readonly { readonly code: string; readonly label: string; readonly total: number; readonly bySite: Readonly<Record<string, number>> }[] }[];
    readonly sheets: number;
  };
  /** One row per site × block: the columns of domain.md §8.1 that the forms can fill. */
  readonly signal: readonly SignalRow[];
  /** The latest SITREP received by radio per site: provisional, shown beside the pages, never added to any count. */
  readonly byRadio: readonly RadioSiteRow[];
  readonly hiddenCells: number;
}

export interface CoverageRow {
  readonly formId: string;
  readonly form: string;
  readonly site: string;
  readonly issued: number;
  readonly returned: Figure;
  readonly missing: Figure;
  /** Serial ranges issued but not (yet) returned, e.g. "41-57". Empty when hiding is needed. */
  readonly missingRanges: readonly string[];
  readonly moreMissingRanges: number;
  /** Serial ranges whose page was refused (folded, curled, cut off) and no page of which has been read: the paper
   * came back and must be flattened and scanned again. Not counted as missing. Empty when hiding is needed. */
  readonly rescanRanges: readonly string[];
}

export interface SiteNeeds {
  readonly site: string;
  readonly households: Figure;
  readonly persons: Figure;
  readonly needs: Readonly<Record<string, Figure>>;
  /** Persons in the households with each need. */
  readonly needPersons: Readonly<Record<string, Figure>>;
  readonly awaiting: Figure;
}

export interface BlockNeeds extends SiteNeeds {
  readonly period: Period;
}

export interface SupplyRow {
  readonly site: string;
  readonly period: Period;
  readonly item: string;
  readonly label: string;
  readonly unit: string;
  readonly opening: number | null;
  readonly received: number | null;
  readonly distributed: number;
  readonly closing: number | null;
  readonly discrepancy: number | null;
  readonly flagged: boolean;
  readonly provisional: boolean;
  readonly reachedHouseholds: Figure;
  readonly reachedPersons: Figure;
}

export interface RadioSiteRow {
  readonly site: string;
  /** When the site sent it, as in the message: 'DD-MM HH:MM' local. */
  readonly sent: string;
  /** When it was received, local 'YYYY-MM-DDTHH:MM'. */
  readonly receivedAt: string;
  /** Hours from reception to this report: crisis teams ask how old a figure is. */
  readonly ageHours: number;
  readonly station: string | null;
  /** The figures as sent: a number, FEW (1–4) or HIDDEN. */
  readonly figures: Readonly<Record<'households' | 'persons' | 'urgent' | 'safe' | 'tracing', string>>;
  readonly needs: string;
  /** The site's own pages of the message's period (its day up to its time) are in this report: they count; the radio
   * figures stay only for comparison. False: provisional, by radio only (section-by-radio.ts has the rule). */
  readonly replacedByPages: boolean;
  /** Households from the site's pages, as this report shows them (when replaced): the difference is shown, not hidden. */
  readonly pagesHouseholds: string | null;
}

export interface SignalRow {
  readonly period: Period;
  readonly site: string;
  readonly values: Readonly<Record<string, Figure | string>>;
}
