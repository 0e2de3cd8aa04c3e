/**
 * Reading a sheet's field values for counting: each is known (a value, or empty) or still awaiting a person;
 * never a guess. A field absent from a complete sheet is empty; absent from an incomplete one is unknown.
 */
import type { FieldState, ReportSheet } from './report-data.js';

export type Known<T> = { readonly known: true; readonly value: T } | { readonly known: false };
const AWAITING = { known: false } as const;

const EMPTY_STATE: FieldState = { value: null, status: 'empty' };

function isSettled(state: FieldState | undefined): state is FieldState {
  return state !== undefined && state.status !== 'needs-review';
}

export function stateOf(sheet: ReportSheet, id: string): FieldState | undefined {
  return sheet.fields[id] ?? (sheet.complete ? EMPTY_STATE : undefined);
}

export function readTicks(sheet: ReportSheet, id: string): Known<readonly string[]> {
  const state = stateOf(sheet, id);
  if (!isSettled(state)) return AWAITING;
  if (state.status === 'empty' || state.value === null) return { known: true, value: [] };
  if (Array.isArray(state.value)) return { known: true, value: state.value as readonly string[] };
  return { known: true, value: [] };
}

export function readChoice(sheet: ReportSheet, id: string): Known<string | null> {
  const state = stateOf(sheet, id);
  if (!isSettled(state)) return AWAITING;
  if (state.status === 'empty') return { known: true, value: null };
  return { known: true, value: typeof state.value === 'string' ? state.value : null };
}

/** A count written in digits: empty is 0; a cell left unread ('?') means awaiting. */
export function readCount(sheet: ReportSheet, id: string): Known<number> {
  const state = stateOf(sheet, id);
  if (!isSettled(state)) return AWAITING;
  if (state.status === 'empty' || state.value === null || state.value === '') return { known: true, value: 0 };
  if (typeof state.value === 'string' && /^\d+$/.test(state.value)) return { known: true, value: Number(state.value) };
  return AWAITING;
}

export function readDigitsText(sheet: ReportSheet, id: string): string | null {
  const state = stateOf(sheet, id);
  if (!state || (state.status !== 'auto' && state.status !== 'reviewed')) return null;
  return typeof state.value === 'string' && /^\d+$/.test(state.value) ? state.value : null;
}

