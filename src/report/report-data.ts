/**
 * What the report reads: the plain rows the store hands over (sheets with their current field values, print runs,
 * input outcomes, refused pages; defined in store/report-rows.ts) and the options of one report. Types only.
 */
import type { ReportRows } from '../store/index.js';
import type { Block, ReportLanguage } from './signal-report.js';

export type { FieldState, ReportOutcomeCount, ReportPrintRun, ReportSheet } from '../store/index.js';

/** The rows a report is made from, as the store loads them (store/report-rows.ts). */
export type ReportData = ReportRows;

export interface AggregateOptions {
  /** Local time 'YYYY-MM-DDTHH:MM', inclusive. */
  readonly from?: string;
  /** Local time 'YYYY-MM-DDTHH:MM', exclusive. */
  readonly to?: string;
  readonly sites?: readonly string[];
  readonly block: Block;
  readonly lang: ReportLanguage;
  /** false only with restricted: every count shown as it is. */
  readonly suppress: boolean;
  readonly restricted: boolean;
  readonly generatedAt: string;
}
