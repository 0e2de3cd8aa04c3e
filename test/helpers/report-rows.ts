/**
 * Report rows made by hand, for the pure section tests of report/aggregate: the installed form definitions by
 * fingerprint, and sheets whose fields are given as values (auto), { value, status } pairs, or left out (empty on a
 * complete sheet, unknown on an incomplete one).
 */
import { layoutForm, type FieldStatus, type FieldValue, type FormDefinition } from '../../src/model/index.js';
import type { FieldState, ReportSheet } from '../../src/store/index.js';
import type { AggregateOptions, ReportData } from '../../src/report/report-data.js';
import { installedDefinitions } from './exercise-pack.js';

const definitions = new Map<string, FormDefinition>(installedDefinitions().map((definition) => [layoutForm(definition).fingerprint, definition]));
const fingerprintOf = new Map([...definitions].map(([fingerprint, definition]) => [definition.id, fingerprint]));

export type FieldInput = FieldValue | { readonly value: FieldValue; readonly status: FieldStatus };

let nextId = 1;

export function sheet(formId: string, site: string, fields: Readonly<Record<string, FieldInput>>,
  options: { readonly serial?: number; readonly scannedAt?: string; readonly complete?: boolean } = {}): ReportSheet {
  const states: Record<string, FieldState> = {};
  for (const [id, input] of Object.entries(fields)) {
    states[id] = input !== null && typeof input === 'object' && !Array.isArray(input) && 'status' in input
      ? { value: input.value, status: input.status }
      : { value: input as FieldValue, status: 'auto' };
  }
  const fingerprint = fingerprintOf.get(formId);
  if (!fingerprint) throw new Error(`no installed form ${formId}`);
  const id = nextId++;
  return { id, formId, fingerprint, site, serial: options.serial ?? id, scannedAt: options.scannedAt ?? '2026-03-14T12:00:00.000Z', fields: states, complete: options.complete ?? true };
}

export function reportData(sheets: readonly ReportSheet[], extra: Partial<Omit<ReportData, 'sheets' | 'definitions'>> = {}): ReportData {
  return { definitions, sheets, printRuns: extra.printRuns ?? [], outcomes: extra.outcomes ?? [], refused: extra.refused ?? [] };
}

/** Every count as it is (a restricted report without suppression), per day, in English. */
export const AS_COUNTED: AggregateOptions = { block: '1d', lang: 'en', suppress: false, restricted: true, generatedAt: '2026-03-15T00:00:00.000Z' };
/** What is published: small counts hidden. */
export const PUBLISHED: AggregateOptions = { ...AS_COUNTED, suppress: true, restricted: false };

/** n sheets made by `make(i)`. */
export function times<T>(n: number, make: (index: number) => T): T[] {
  return Array.from({ length: n }, (_, index) => make(index));
}
