/**
 * Writes the events of one checked bundle into this store, inside the import's one transaction. Rules:
 * the same event again changes nothing; an older revision is stale; the same id with other content is a conflict,
 * recorded and left as it was; two offices giving one sheet different values mark those fields for review
 * (reason `conflict`, the other value as guess) and record the disagreement. Part of the import ENTRY.
 */
import type { FieldStatus, FieldValue, FormDefinition, FormLayout, OutcomeKind } from '../model/index.js';
import {
  findCaptureOfInput, findImportedEvent, findSheet, findInput, findTargetOwner, insertImportedCapture, insertImportedDecision, insertImportedInput,
  insertImportedPrintRun, loadSheetValueTexts, markSheetFieldConflict, putImportedImage, putSheetFieldValues, recordBundleConflict,
  recordImportedEvent, saveLayout, setDecisionUndoneAt, setInputDuplicateOf, updateImportedInput, upsertImportedSheet,
  type ImportedReading, type ImportedSheetValue, type Workspace,
} from '../store/index.js';
import { canonicalJson } from './canonical-json.js';
import { contentHashOf, eventKeyOf, EVENT_KINDS, type BundleEvent, type ParsedBundle } from './bundle-format.js';
import { parseSheetRef } from './collect-events.js';
import { PaperlinkError } from '../model/index.js';

export interface ApplyTally {
  applied: number;
  unchanged: number;
  stale: number;
  conflicts: number;
}

type Event = BundleEvent & { readonly hash: string };
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- checked by signature; shapes are collect-events'

interface Context {
  readonly workspace: Workspace;
  readonly bundle: ParsedBundle;
  readonly tally: ApplyTally;
  /** Pages written as new rows by this bundle: their duplicate links are set once all pages are in. */
  readonly newPages: Event[];
}

function missing(bundle: ParsedBundle, event: Event, what: string): PaperlinkError {
  return new PaperlinkError('bundle-out-of-order', `The bundle ${bundle.file} refers to ${what}, which this workspace has not received (event ${event.id}).`,
    'Import the earlier bundles of that office (and of the office that first scanned the sheet) first, or ask the office for a full export (without --since). Nothing was imported.', { file: bundle.file });
}

function localIdOf(ctx: Context, key: string | null, event: Event, what: string): number | null {
  if (key === null) return null;
  const found = findImportedEvent(ctx.workspace, key);
  if (!found || found.localId === null) throw missing(ctx.bundle, event, what);
  return found.localId;
}

function sheetIdOf(ctx: Context, event: Event): number | null {
  if (event.sheet === null) return null;
  const ref = parseSheetRef(event.sheet);
  const sheet = findSheet(ctx.workspace, ref.formId, ref.site, ref.serial);
  if (!sheet) throw missing(ctx.bundle, event, `sheet ${event.sheet}`);
  return sheet.id;
}

/** Whether the event is to be written: new key or newer revision. Counts unchanged, stale and conflicting ones. */
function admit(ctx: Context, event: Event): { apply: boolean; previousLocalId: number | null } {
  const { key, rev } = eventKeyOf(event);
  const existing = findImportedEvent(ctx.workspace, key);
  if (!existing || existing.rev < rev) return { apply: true, previousLocalId: existing?.localId ?? null };
  const hash = contentHashOf(event);
  if (existing.rev > rev) ctx.tally.stale++;
  else if (existing.hash === hash) ctx.tally.unchanged++;
  else {
    const isNew = recordBundleConflict(ctx.workspace, { kind: 'same-id-other-content', key: event.id, office: event.office, sheet: event.sheet,
      storedHash: existing.hash, incomingHash: hash, detail: `event ${event.id} arrived again with other content; the first version stands`, file: ctx.bundle.file });
    if (isNew) ctx.tally.conflicts++;
    else ctx.tally.unchanged++;
  }
  return { apply: false, previousLocalId: existing.localId };
}

function record(ctx: Context, event: Event, localId: number | null, target: string | null = null): void {
  const { key, rev } = eventKeyOf(event);
  recordImportedEvent(ctx.workspace, { key, office: event.office, kind: event.kind, rev, hash: contentHashOf(event), localId, target });
  ctx.tally.applied++;
}

function inputOf(ctx: Context, event: Event): Parameters<typeof insertImportedInput>[1] {
  const b = event.body as Body;
  return { sha256: b['sha256'], pageIndex: b['pageIndex'], file: b['file'], batch: b['batch'] === null ? null : `${event.office.slice(0, 5)}/${b['batch'] as string}`,
    outcome: b['outcome'] as OutcomeKind, reason: b['reason'], message: b['message'], sheetId: sheetIdOf(ctx, event), pageNo: b['pageNo'], qrText: b['qrText'], createdAt: b['createdAt'] };
}

function applySheet(ctx: Context, event: Event): void {
  const b = event.body as Body;
  const ref = parseSheetRef(event.sheet ?? '');
  const sheet = upsertImportedSheet(ctx.workspace, { ...ref, fingerprint: b['fingerprint'], pageCount: b['pageCount'], firstSeen: b['firstSeen'] });
  if (!sheet.created && sheet.fingerprint !== b['fingerprint']) {
    if (recordBundleConflict(ctx.workspace, { kind: 'sheet-disagreement', key: event.id, office: event.office, sheet: event.sheet, storedHash: sheet.fingerprint,
      incomingHash: String(b['fingerprint']), detail: `sheet ${event.sheet} was printed with another layout at this office`, file: ctx.bundle.file })) ctx.tally.conflicts++;
  }
  record(ctx, event, sheet.id);
}

/** A sheet's values from its office; when another office (or this one) set that sheet first, differences go to review. */
function applySheetValues(ctx: Context, event: Event): void {
  const sheetId = sheetIdOf(ctx, event)!;
  const target = `sheet:${sheetId}`;
  const { key } = eventKeyOf(event);
  const fields = ((event.body as Body)['fields'] as (Omit<ImportedSheetValue, 'captureId'> & { capture: string | null })[])
    .map(({ capture, ...field }) => ({ ...field, status: field.status as FieldStatus, captureId: capture === null ? null : localIdOf(ctx, capture, event, `capture ${capture}`) }));
  const stored = loadSheetValueTexts(ctx.workspace, sheetId);
  const owner = findTargetOwner(ctx.workspace, target, key);
  if (owner === undefined && (stored.size === 0 || findImportedEvent(ctx.workspace, key) !== undefined)) {
    putSheetFieldValues(ctx.workspace, sheetId, fields);
    record(ctx, event, sheetId, target);
    return;
  }
  const differing: string[] = [];
  putSheetFieldValues(ctx.workspace, sheetId, fields.filter((field) => !stored.has(field.fieldId)));
  for (const field of fields) {
    const text = stored.get(field.fieldId);
    if (text === undefined) continue;
    if (canonicalJson(JSON.parse(text)) !== canonicalJson(field.value)) {
      markSheetFieldConflict(ctx.workspace, sheetId, field.fieldId, field.value as FieldValue);
      differing.push(field.fieldId);
    }
  }
  if (differing.length > 0 && recordBundleConflict(ctx.workspace, { kind: 'sheet-disagreement', key: event.id, office: event.office, sheet: event.sheet,
    storedHash: owner ?? 'this workspace', incomingHash: event.hash, detail: `sheet ${event.sheet} read differently by two offices: ${differing.join(', ')} (sent to review)`, file: ctx.bundle.file })) ctx.tally.conflicts++;
  record(ctx, event, sheetId, target);
}

function applyOne(ctx: Context, event: Event, previousLocalId: number | null): void {
  const b = event.body as Body;
  switch (event.kind) {
    case 'layout':
      saveLayout(ctx.workspace, b['layout'] as FormLayout, b['definition'] as FormDefinition);
      return record(ctx, event, null);
    case 'print-run':
      return record(ctx, event, insertImportedPrintRun(ctx.workspace, b as Parameters<typeof insertImportedPrintRun>[1]));
    case 'sheet':
      return applySheet(ctx, event);
    case 'page': {
      const input = inputOf(ctx, event);
      if (previousLocalId !== null) {
        updateImportedInput(ctx.workspace, previousLocalId, input);
        return record(ctx, event, previousLocalId);
      }
      // The same scan file already here (copied between offices): one page, as one workspace would have it.
      const existing = findInput(ctx.workspace, input.sha256, input.pageIndex)?.id;
      if (existing === undefined) ctx.newPages.push(event);
      return record(ctx, event, existing ?? insertImportedInput(ctx.workspace, input));
    }
    case 'capture': {
      const inputId = localIdOf(ctx, b['page'], event, `page ${b['page'] as string}`)!;
      const existing = findCaptureOfInput(ctx.workspace, inputId);
      return record(ctx, event, existing ?? insertImportedCapture(ctx.workspace, { inputId, sheetId: sheetIdOf(ctx, event)!, pageNo: b['pageNo'], transform: b['transform'],
        residualMm: b['residualMm'], metrics: b['metrics'], createdAt: b['createdAt'], readings: b['readings'] as ImportedReading[] }));
    }
    case 'sheet-values':
      return applySheetValues(ctx, event);
    case 'decision': {
      if (previousLocalId !== null) {
        setDecisionUndoneAt(ctx.workspace, previousLocalId, b['undoneAt']);
        return record(ctx, event, previousLocalId);
      }
      return record(ctx, event, insertImportedDecision(ctx.workspace, { itemKey: `${event.office}:${b['itemKey'] as string}`, sheetId: sheetIdOf(ctx, event), fieldId: b['fieldId'],
        inputId: localIdOf(ctx, b['input'], event, `page ${b['input'] as string}`), reviewer: b['reviewer'], action: b['action'], old: b['old'], new: b['new'],
        decidedAt: b['decidedAt'], undoneAt: b['undoneAt'] }));
    }
    case 'image': {
      const of = localIdOf(ctx, b['of'], event, `${b['of'] as string}`)!;
      const part = String(b['part']);
      const bytes = Buffer.from(String(b['base64']), 'base64');
      putImportedImage(ctx.workspace, part === 'page' ? { kind: 'capture-page', id: of } : part === 'input' ? { kind: 'input', id: of }
        : { kind: 'crop', id: of, fieldId: part.slice('crop:'.length) }, bytes);
      return record(ctx, event, null);
    }
  }
}

/** Applies a bundle's events kind by kind (what they refer to comes first); duplicates of a page are linked last. */
export function applyBundleEvents(workspace: Workspace, bundle: ParsedBundle): ApplyTally {
  const ctx: Context = { workspace, bundle, tally: { applied: 0, unchanged: 0, stale: 0, conflicts: 0 }, newPages: [] };
  for (const kind of EVENT_KINDS) {
    for (const event of bundle.events) {
      if (event.kind !== kind) continue;
      const { apply, previousLocalId } = admit(ctx, event);
      if (!apply) continue;
      applyOne(ctx, event, previousLocalId);
    }
  }
  for (const event of ctx.newPages) {
    const duplicateOf = (event.body as Body)['duplicateOf'] as string | null;
    const id = findImportedEvent(workspace, eventKeyOf(event).key)?.localId;
    if (duplicateOf !== null && id !== undefined && id !== null) setInputDuplicateOf(workspace, id, localIdOf(ctx, duplicateOf, event, `page ${duplicateOf}`));
  }
  return ctx.tally;
}
