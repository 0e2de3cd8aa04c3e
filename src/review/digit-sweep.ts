/**
 * Digit sweep: the bulk confirmation of unsure digit fields that TeleForm's and queXF's operators know as character
 * verification. A screen holds many crops of digit fields, each with the machine's complete guess, ordered by form,
 * field and guessed value, so that a screen of household bands read "1" shows its odd "7" at a glance. One key
 * confirms the screen; the reviewer types over the odd ones first. Every field is decided and logged exactly as a
 * single review decision is (apply-decision.ts), under the same leases, so a sweep and the one-by-one page can run
 * side by side. Must not speak HTTP (handle-sweep.ts).
 */
import type { FieldValue } from '../model/index.js';
import { humanSheetId } from '../model/index.js';
import { deleteExpiredLeases, listLeases, putLease, type Workspace } from '../store/index.js';
import { applyFieldDecision, type DecisionResult } from './apply-decision.js';
import {
  addMinutes, filterQueue, LEASE_MINUTES, loadQueue, parseItemKey, parseJsonValue, type FieldEntry, type FormLookup, type QueueEntry, type QueueFilters,
} from './review-queue.js';

/** Crops per screen: a 1366 × 768 laptop shows 6 × 4 digit crops at a size where every digit is legible. */
export const SWEEP_SCREEN_SIZE = 24;

/** Why a field may be swept: the only doubt is how sure the nets were of digits they read completely. */
const SWEEPABLE_REASONS: ReadonlySet<string> = new Set(['digits-unsure']);

export interface SweepItem {
  readonly key: string;
  readonly formId: string;
  readonly fieldId: string;
  readonly label: FieldEntry['field']['label'];
  /** The machine's complete reading, digits only: what Enter confirms. */
  readonly guess: string;
  readonly cells: number;
  readonly humanId: string;
  readonly captureId: number;
}

/** A digit field waiting only because its digits were unsure, with a complete guess and a crop to show. Pure. */
export function sweepGuess(entry: QueueEntry): string | undefined {
  if (entry.kind !== 'field' || entry.field.kind !== 'digits' || entry.tier !== 'check' || entry.familyLink) return undefined;
  if (entry.row.captureId === null) return undefined;
  const reasons = parseJsonValue(entry.row.reasonsJson);
  if (!Array.isArray(reasons) || reasons.length === 0 || !reasons.every((reason) => typeof reason === 'string' && SWEEPABLE_REASONS.has(reason))) return undefined;
  const guess = parseJsonValue(entry.row.guessJson);
  if (typeof guess !== 'string') return undefined;
  const digits = guess.replace(/ /g, '');
  return /^[0-9]+$/.test(digits) ? digits : undefined;
}

/** Sweep order (pure): form, field in print order, then guessed value, then site and serial. */
export function orderSweep(entries: readonly FieldEntry[]): FieldEntry[] {
  const guessOf = (entry: FieldEntry): string => sweepGuess(entry) ?? '';
  return [...entries].sort((a, b) => a.formId.localeCompare(b.formId) || a.fieldOrder - b.fieldOrder ||
    a.row.fieldId.localeCompare(b.row.fieldId) || guessOf(a).length - guessOf(b).length || guessOf(a).localeCompare(guessOf(b)) ||
    a.site.localeCompare(b.site) || a.serial - b.serial);
}

export interface SweepScreen {
  readonly items: SweepItem[];
  /** Sweepable fields waiting under these filters (this screen's included, other reviewers' leases not). */
  readonly left: number;
}

/**
 * Serves the reviewer's next screen and leases its items: items the reviewer already holds first (a reload shows the
 * same screen), then free ones in sweep order. One transaction, so two reviewers never sweep the same field.
 */
export function serveSweep(workspace: Workspace, forms: FormLookup, reviewer: string, filters: QueueFilters,
  size: number = SWEEP_SCREEN_SIZE, now: Date = new Date()): SweepScreen {
  return workspace.transaction(() => {
    deleteExpiredLeases(workspace, now.toISOString());
    const holders = new Map(listLeases(workspace).map((lease) => [lease.itemKey, lease.reviewer]));
    const sweepable = filterQueue(loadQueue(workspace, forms), { ...filters, queue: 'main' })
      .filter((entry): entry is FieldEntry => sweepGuess(entry) !== undefined);
    const ordered = orderSweep(sweepable);
    const mine = ordered.filter((entry) => holders.get(entry.key) === reviewer);
    const free = ordered.filter((entry) => !holders.has(entry.key));
    const chosen = orderSweep([...mine, ...free.slice(0, Math.max(0, size - mine.length))]);
    const expiresAt = addMinutes(now, LEASE_MINUTES);
    for (const entry of chosen) putLease(workspace, { itemKey: entry.key, reviewer, expiresAt });
    return {
      left: sweepable.length,
      items: chosen.map((entry) => ({
        key: entry.key, formId: entry.formId, fieldId: entry.row.fieldId, label: entry.field.label, guess: sweepGuess(entry) ?? '',
        cells: entry.field.kind === 'digits' ? entry.field.count : 0,
        humanId: humanSheetId({ site: entry.site, serial: entry.serial, page: entry.row.pageNo }), captureId: entry.row.captureId ?? 0,
      })),
    };
  });
}

/** One line of a submitted screen: the item, and the digits the reviewer typed over the guess (absent: confirmed). */
export interface SweepLine {
  readonly key: string;
  readonly value?: string;
  /** The reviewer marked this crop illegible. */
  readonly illegible?: boolean;
}

/**
 * Decides a screen: each line confirmed, set or marked illegible through applyFieldDecision (the same checks, leases
 * and log as one-by-one review). Lines are independent: one refused (someone else's lease, a bad value) leaves the
 * others decided and says why.
 */
export function decideSweep(workspace: Workspace, forms: FormLookup, reviewer: string, lines: readonly SweepLine[],
  now: Date = new Date()): { key: string; result: DecisionResult }[] {
  return lines.map((line) => {
    const key = parseItemKey(line.key);
    if (!key || key.kind !== 'field') return { key: line.key, result: { ok: false, code: 'not-found', message: 'This item is not known.' } as DecisionResult };
    const decision = line.illegible ? { action: 'illegible' as const }
      : line.value !== undefined ? { action: 'set' as const, value: line.value as FieldValue } : { action: 'confirm' as const };
    return { key: line.key, result: applyFieldDecision(workspace, forms, { reviewer, sheetId: key.sheetId, fieldId: key.fieldId, decision, now }) };
  });
}
