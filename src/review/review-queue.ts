/**
 * What needs a person, in what order, and who is working on it: risk-ordered queue with same-field batching,
 * filters, the family-link gate, and leases. Ordering is pure (orderQueue); the rest reads the store through store/.
 * Must not decide values (apply-decision.ts) nor speak HTTP (review-server.ts).
 */
import type { FieldValue, FormDefinition, LeafField, ReviewReason } from '../model/index.js';
import { leafFields, humanSheetId, parseSheetCode } from '../model/index.js';
import {
  deleteExpiredLeases, getLayout, listPageFieldReadings, listLeases, listOpenUnreadableInputs, listReviewFields,
  listValuesOfSheetsInReview, putLease, type ReviewFieldRow, type UnreadableInputRow, type Workspace,
} from '../store/index.js';

/** How long an item stays with the reviewer who was served it, in minutes: long enough to think, short enough to recover from a closed laptop. */
export const LEASE_MINUTES = 10;

/** Risk order, most urgent first (shared/docs/peers.md lesson 7). */
export type ReviewTier = 'life-safety' | 'unreadable' | 'conflict' | 'check' | 'transcribe';
export const REVIEW_TIERS: readonly ReviewTier[] = ['life-safety', 'unreadable', 'conflict', 'check', 'transcribe'];

/** main: everything but family-link-restricted handwriting · family-link: only that, after the reviewer opened it. */
export type QueueName = 'main' | 'family-link';

export interface QueueFilters {
  readonly form?: string;
  readonly site?: string;
  readonly field?: string;
  readonly batch?: number;
  readonly queue?: QueueName;
}

export interface FieldEntry {
  readonly kind: 'field';
  readonly key: string;
  readonly tier: ReviewTier;
  readonly familyLink: boolean;
  readonly formId: string;
  readonly site: string;
  readonly serial: number;
  readonly batchId: number | null;
  /** Print order of the field in its form: items of one field come in a row, fields in the order of the paper. */
  readonly fieldOrder: number;
  readonly row: ReviewFieldRow;
  readonly field: LeafField;
  readonly definition: FormDefinition;
}

export interface UnreadableEntry {
  readonly kind: 'unreadable';
  readonly key: string;
  readonly tier: 'unreadable';
  readonly familyLink: false;
  readonly batchId: number | null;
  readonly row: UnreadableInputRow;
}

export type QueueEntry = FieldEntry | UnreadableEntry;

export function fieldItemKey(sheetId: number, fieldId: string): string {
  return `field:${sheetId}:${fieldId}`;
}
export function inputItemKey(inputId: number): string {
  return `input:${inputId}`;
}
export function parseItemKey(key: string): { kind: 'field'; sheetId: number; fieldId: string } | { kind: 'input'; inputId: number } | undefined {
  const field = /^field:(\d+):(.+)$/.exec(key);
  if (field) return { kind: 'field', sheetId: Number(field[1]), fieldId: field[2] ?? '' };
  const input = /^input:(\d+)$/.exec(key);
  return input ? { kind: 'input', inputId: Number(input[1]) } : undefined;
}

export function parseJsonValue(json: string | null): FieldValue | undefined {
  if (json === null) return undefined;
  try {
    return JSON.parse(json) as FieldValue;
  } catch {
    return undefined;
  }
}

function parseReasons(json: string): ReviewReason[] {
  const parsed = parseJsonValue(json);
  return Array.isArray(parsed) ? (parsed as ReviewReason[]) : [];
}

function hasLifeSafetyOption(field: LeafField): boolean {
  return (field.kind === 'checkbox' || field.kind === 'choice') && field.options.some((option) => option.lifeSafety === true);
}

function ticked(value: FieldValue | undefined): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** Life-safety option values ticked (read or guessed) per field id of one sheet. */
export function lifeSafetyTicked(definition: FormDefinition, values: readonly { fieldId: string; value: FieldValue | undefined; guess: FieldValue | undefined }[]): boolean {
  const byId = new Map(leafFields(definition).map((field) => [field.id, field]));
  return values.some(({ fieldId, value, guess }) => {
    const field = byId.get(fieldId);
    if (!field || !hasLifeSafetyOption(field) || (field.kind !== 'checkbox' && field.kind !== 'choice')) return false;
    const flagged = new Set(field.options.filter((option) => option.lifeSafety === true).map((option) => option.value));
    return [...ticked(value), ...ticked(guess)].some((item) => flagged.has(item));
  });
}

/** Which tier a field item belongs to (pure): life-safety beats conflict beats ticks/digits beats transcription. */
export function tierOf(field: LeafField, reasons: readonly ReviewReason[], conflict: boolean, sheetHasLifeSafetyTick: boolean): ReviewTier {
  if (hasLifeSafetyOption(field) || sheetHasLifeSafetyTick) return 'life-safety';
  if (conflict || reasons.includes('conflict')) return 'conflict';
  return field.kind === 'text' || field.kind === 'wordgrid' ? 'transcribe' : 'check';
}

/** Family-link (RFL) handwriting and numbers stay out of sight until a reviewer opens that queue; ticks do not reveal it. */
export function isFamilyLinkRestricted(field: LeafField): boolean {
  return field.privacy === 'rfl' && field.kind !== 'checkbox' && field.kind !== 'choice';
}

/** Orders entries by tier, then same-field batches (form, field print order), then site and serial. Pure. */
export function orderQueue(entries: readonly QueueEntry[]): QueueEntry[] {
  const tierRank = (entry: QueueEntry): number => REVIEW_TIERS.indexOf(entry.tier);
  return [...entries].sort((a, b) => {
    const byTier = tierRank(a) - tierRank(b);
    if (byTier !== 0) return byTier;
    if (a.kind === 'unreadable' || b.kind === 'unreadable') {
      return (a.kind === 'unreadable' ? a.row.inputId : 0) - (b.kind === 'unreadable' ? b.row.inputId : 0);
    }
    return a.formId.localeCompare(b.formId) || a.fieldOrder - b.fieldOrder || a.row.fieldId.localeCompare(b.row.fieldId) ||
      a.site.localeCompare(b.site) || a.serial - b.serial || a.row.sheetId - b.row.sheetId;
  });
}

/** Keeps the entries a filter asks for. Form, site and field filters leave out unreadable pages (their form is unknown). */
export function filterQueue(entries: readonly QueueEntry[], filters: QueueFilters): QueueEntry[] {
  const queue = filters.queue ?? 'main';
  return entries.filter((entry) => {
    if (entry.familyLink !== (queue === 'family-link')) return false;
    if (filters.batch !== undefined && entry.batchId !== filters.batch) return false;
    if (entry.kind === 'unreadable') return filters.form === undefined && filters.site === undefined && filters.field === undefined;
    if (filters.form !== undefined && entry.formId !== filters.form) return false;
    if (filters.site !== undefined && entry.site !== filters.site) return false;
    if (filters.field !== undefined && entry.row.fieldId !== filters.field) return false;
    return true;
  });
}

// ── Store-backed: the definitions of stored layouts, the whole queue, and serving with leases ──────────────
export interface FormLookup {
  definition(fingerprint: string): FormDefinition | undefined;
  leaves(fingerprint: string): Map<string, { field: LeafField; order: number }>;
}

/** Layouts are immutable once stored, so their definitions are parsed once per server. */
export function makeFormLookup(workspace: Workspace): FormLookup {
  const cache = new Map<string, { definition: FormDefinition; leaves: Map<string, { field: LeafField; order: number }> } | null>();
  const load = (fingerprint: string) => {
    if (!cache.has(fingerprint)) {
      const stored = getLayout(workspace, fingerprint);
      cache.set(fingerprint, stored ? {
        definition: stored.definition,
        leaves: new Map(leafFields(stored.definition).map((field, order) => [field.id, { field, order }])),
      } : null);
    }
    return cache.get(fingerprint) ?? undefined;
  };
  return {
    definition: (fingerprint) => load(fingerprint)?.definition,
    leaves: (fingerprint) => load(fingerprint)?.leaves ?? new Map(),
  };
}

/** Everything that waits for a person, in risk order (both queues; filter with filterQueue). */
export function loadQueue(workspace: Workspace, forms: FormLookup): QueueEntry[] {
  const fieldRows = listReviewFields(workspace);
  const valuesBySheet = new Map<number, { fieldId: string; value: FieldValue | undefined; guess: FieldValue | undefined }[]>();
  for (const row of listValuesOfSheetsInReview(workspace)) {
    const list = valuesBySheet.get(row.sheetId) ?? [];
    list.push({ fieldId: row.fieldId, value: parseJsonValue(row.valueJson), guess: parseJsonValue(row.guessJson) });
    valuesBySheet.set(row.sheetId, list);
  }
  const lifeSafetySheets = new Map<number, boolean>();
  const entries: QueueEntry[] = [];
  for (const row of fieldRows) {
    const definition = forms.definition(row.fingerprint);
    const leaf = forms.leaves(row.fingerprint).get(row.fieldId);
    if (!definition || !leaf) continue; // a field the stored layout does not know: nothing a person could be shown
    if (!lifeSafetySheets.has(row.sheetId)) {
      lifeSafetySheets.set(row.sheetId, lifeSafetyTicked(definition, valuesBySheet.get(row.sheetId) ?? []));
    }
    entries.push({
      kind: 'field', key: fieldItemKey(row.sheetId, row.fieldId),
      tier: tierOf(leaf.field, parseReasons(row.reasonsJson), row.conflict, lifeSafetySheets.get(row.sheetId) ?? false),
      familyLink: isFamilyLinkRestricted(leaf.field), formId: row.formId, site: row.site, serial: row.serial,
      batchId: row.batchId, fieldOrder: leaf.order, row, field: leaf.field, definition,
    });
  }
  for (const row of listOpenUnreadableInputs(workspace)) {
    entries.push({ kind: 'unreadable', key: inputItemKey(row.inputId), tier: 'unreadable', familyLink: false, batchId: row.batchId, row });
  }
  return orderQueue(entries);
}

export interface ServedItem {
  readonly entry: QueueEntry | undefined;
  /** Items waiting in the queue asked for (this one included), not counting other reviewers' leases. */
  readonly left: number;
  /** Items waiting in the family-link queue: a count only, so the reviewer knows to open it. */
  readonly familyLinkLeft: number;
  readonly leaseExpiresAt: string | undefined;
}

export function addMinutes(now: Date, minutes: number): string {
  return new Date(now.getTime() + minutes * 60_000).toISOString();
}

/**
 * Serves the reviewer's next item and leases it: an item the reviewer already holds comes first (a reload
 * continues where it was), then the first item nobody else holds. One transaction, so two reviewers never
 * get the same item.
 */
export function serveNextItem(workspace: Workspace, forms: FormLookup, reviewer: string, filters: QueueFilters, now: Date = new Date()): ServedItem {
  return workspace.transaction(() => {
    const nowText = now.toISOString();
    deleteExpiredLeases(workspace, nowText);
    const holders = new Map(listLeases(workspace).map((lease) => [lease.itemKey, lease.reviewer]));
    const all = loadQueue(workspace, forms);
    const queue = filterQueue(all, filters);
    const familyLinkLeft = filterQueue(all, { ...filters, queue: 'family-link' }).length;
    const mine = queue.find((entry) => holders.get(entry.key) === reviewer);
    const entry = mine ?? queue.find((entry) => !holders.has(entry.key));
    const leaseExpiresAt = entry ? addMinutes(now, LEASE_MINUTES) : undefined;
    if (entry && leaseExpiresAt) putLease(workspace, { itemKey: entry.key, reviewer, expiresAt: leaseExpiresAt });
    return { entry, left: queue.length, familyLinkLeft, leaseExpiresAt };
  });
}

/** Finds the queue entry of an item key (e.g. after an undo put it back). */
export function findEntry(workspace: Workspace, forms: FormLookup, key: string): QueueEntry | undefined {
  return loadQueue(workspace, forms).find((entry) => entry.key === key);
}

// ── What the page shows for one item ─────────────────────────────────────────────────────────────────────
export interface ItemReading {
  readonly captureId: number;
  readonly value: FieldValue | undefined;
  readonly guess: FieldValue | undefined;
  readonly confidence: number;
  readonly hasCrop: boolean;
  readonly hasPageImage: boolean;
}

export type ReviewItem =
  | {
    readonly kind: 'field';
    readonly key: string;
    readonly tier: ReviewTier;
    readonly mode: 'conflict' | LeafField['kind'];
    readonly form: { readonly id: string; readonly title: FormDefinition['title'] };
    readonly sheet: { readonly id: number; readonly site: string; readonly serial: number; readonly page: number; readonly pageCount: number; readonly humanId: string };
    readonly field: LeafField;
    readonly value: FieldValue | undefined;
    readonly guess: FieldValue | undefined;
    readonly confidence: number;
    readonly reasons: readonly ReviewReason[];
    readonly captureId: number | null;
    readonly readings: readonly ItemReading[];
  }
  | {
    readonly kind: 'unreadable';
    readonly key: string;
    readonly tier: 'unreadable';
    readonly inputId: number;
    readonly file: string;
    readonly pageIndex: number;
    readonly reason: string | null;
    readonly message: string | null;
    readonly hasImage: boolean;
    /** The printed id of the sheet its QR code names, when the QR was read but the page was refused (e.g. curled):
     * the reviewer can try it as is, or find that paper and scan it again. */
    readonly readId: string | null;
  };

function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Only for a page refused at registration: any other unreadable reason (an unknown layout, say) is not fixed by a
 * rescan, so naming the sheet there would send the reviewer the wrong way. */
function readSheetId(reason: string | null, qrText: string | null): string | null {
  if (reason !== 'registration-failed' || qrText === null) return null;
  const parsed = parseSheetCode(qrText);
  return parsed.ok ? humanSheetId(parsed.code) : null;
}

export function describeItem(workspace: Workspace, entry: QueueEntry): ReviewItem {
  if (entry.kind === 'unreadable') {
    const { row } = entry;
    return { kind: 'unreadable', key: entry.key, tier: 'unreadable', inputId: row.inputId, file: row.file, pageIndex: row.pageIndex,
      reason: row.reason, message: row.message, hasImage: row.hasImage, readId: readSheetId(row.reason, row.qrText) };
  }
  const { row } = entry;
  const readings: ItemReading[] = listPageFieldReadings(workspace, row.sheetId, row.pageNo, row.fieldId).map((reading) => ({
    captureId: reading.captureId, value: parseJsonValue(reading.valueJson), guess: parseJsonValue(reading.guessJson),
    confidence: reading.confidence, hasCrop: reading.hasCrop, hasPageImage: reading.hasPageImage,
  }));
  const disagree = readings.length > 1 && readings.some((reading) => !sameValue(reading.value, readings[0]?.value));
  return {
    kind: 'field', key: entry.key, tier: entry.tier, mode: disagree ? 'conflict' : entry.field.kind,
    form: { id: entry.definition.id, title: entry.definition.title },
    sheet: { id: row.sheetId, site: row.site, serial: row.serial, page: row.pageNo, pageCount: row.pageCount,
      humanId: humanSheetId({ site: row.site, serial: row.serial, page: row.pageNo }) },
    field: entry.field, value: parseJsonValue(row.valueJson), guess: parseJsonValue(row.guessJson), confidence: row.confidence,
    reasons: parseReasons(row.reasonsJson), captureId: row.captureId, readings,
  };
}
