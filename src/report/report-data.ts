/**
 * What the report reads: the plain rows the store hands over (sheets with their current field values, print runs,
 * input outcomes, refused pages) and the options of one report. Types only.
 */
import type { FieldStatus, FieldValue, FormDefinition } from '../model/index.js';
import type { Block, ReportLanguage } from './signal-report.js';

export interface FieldState {
  readonly value: FieldValue;
  readonly status: FieldStatus;
}

export interface ReportSheet {
  readonly id: number;
  readonly formId: string;
  readonly fingerprint: string;
  readonly site: string;
  readonly serial: number;
  /** ISO UTC time the first page of the sheet was scanned. */
  readonly scannedAt: string;
  /** Current value of the fields that hold something; an absent field is empty when `complete`. */
  readonly fields: Readonly<Record<string, FieldState>>;
  /** Every leaf field of every page is stored; false while a page has not been scanned (absent = unknown). */
  readonly complete: boolean;
}

export interface ReportPrintRun {
  readonly formId: string;
  readonly site: string;
  readonly serialFrom: number;
  readonly serialTo: number;
}

export interface ReportOutcomeCount {
  readonly outcome: string;
  readonly reason: string | null;
  readonly pages: number;
}

export interface ReportData {
  /** Definition of every layout, by fingerprint. */
  readonly definitions: ReadonlyMap<string, FormDefinition>;
  readonly sheets: readonly ReportSheet[];
  readonly printRuns: readonly ReportPrintRun[];
  readonly outcomes: readonly ReportOutcomeCount[];
  /** Sheets with a page refused at registration (QR read): in the office, to be scanned again, not missing. */
  readonly refused: readonly { readonly formId: string; readonly site: string; readonly serial: number }[];
}

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
