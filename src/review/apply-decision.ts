/**
 * Records a reviewer's decision: one review_decisions row and the sheet field's current value, in one transaction.
 * The machine reading (field_readings) is never overwritten; undo marks a decision undone and restores the old value.
 * Leases are respected: nobody decides an item another reviewer is working on, so no one loses work.
 */
import type { FieldValue, FormDefinition, LeafField, SheetCode } from '../model/index.js';
import { checkSheetFields, parseHumanSheetId, humanSheetId, shortFingerprint, assertNever } from '../model/index.js';
import {
  deleteLease, deleteLeasesOf, getInputOutcome, getLayout, getLease, getReviewSheetField, hasStandingPageDecision, insertDecision, laterActiveDecision, lastActiveDecision,
  listPageFieldReadings, listPrintRunsForSerial, listSheetFields, markDecisionUndone, markSheetFieldCheckFailed, putLease, updateSheetField, type Workspace,
} from '../store/index.js';
import { LEASE_MINUTES, addMinutes, fieldItemKey, inputItemKey, parseItemKey, parseJsonValue, type FormLookup } from './review-queue.js';

/** The longest transcription accepted, in characters: a full text box, with room; more is a paste mistake. */
export const MAX_TEXT_CHARS = 2000;

export type FieldDecision =
  | { readonly action: 'set'; readonly value: FieldValue }
  | { readonly action: 'confirm' }
  | { readonly action: 'illegible' }
  | { readonly action: 'pick-reading'; readonly captureId: number };

export type RefusalCode =
  | 'leased-to-other' | 'already-decided' | 'invalid-value' | 'not-found' | 'nothing-to-confirm' | 'nothing-to-undo'
  | 'undo-blocked' | 'undo-identified' | 'id-invalid' | 'id-not-printed' | 'id-page-invalid' | 'form-ambiguous' | 'identify-failed';

export type DecisionResult =
  | { readonly ok: true; readonly decisionId: number; readonly itemKey: string }
  | { readonly ok: false; readonly code: RefusalCode; readonly message: string; readonly reviewer?: string;
      readonly candidates?: readonly { readonly fingerprint: string; readonly formId: string; readonly title: FormDefinition['title'] }[] };

function refuse(code: RefusalCode, message: string, extra: { reviewer?: string; candidates?: NonNullable<Extract<DecisionResult, { ok: false }>['candidates']> } = {}): DecisionResult {
  return { ok: false, code, message, ...extra };
}

/** Checks a typed or picked value against the field (pure). Returns the normalised value or why it does not fit. */
export function validateValue(field: LeafField, value: unknown): { ok: true; value: FieldValue } | { ok: false; message: string } {
  switch (field.kind) {
    case 'checkbox': {
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) return { ok: false, message: 'Pick the ticked options.' };
      const known = field.options.map((option) => option.value);
      const unknown = value.filter((item) => !known.includes(item));
      if (unknown.length > 0) return { ok: false, message: `"${unknown.join(', ')}" is not an option of this field.` };
      return { ok: true, value: known.filter((option) => value.includes(option)) };
    }
    case 'choice':
      if (value === null) return { ok: true, value: null };
      if (typeof value !== 'string' || !field.options.some((option) => option.value === value)) return { ok: false, message: 'Pick one of the options, or none.' };
      return { ok: true, value };
    case 'digits': {
      const text = typeof value === 'string' ? value.replace(/\s+/g, '') : '';
      if (!new RegExp(`^[0-9]{1,${field.count}}$`).test(text)) return { ok: false, message: `Type 1 to ${field.count} digits, as written on the paper.` };
      return { ok: true, value: text };
    }
    case 'signature':
      if (typeof value !== 'boolean') return { ok: false, message: 'Say whether the field is signed.' };
      return { ok: true, value };
    case 'text':
    case 'wordgrid': {
      const text = typeof value === 'string' ? value.trim() : '';
      if (text.length === 0) return { ok: false, message: 'Type the text as written, or mark it illegible.' };
      if (text.length > MAX_TEXT_CHARS) return { ok: false, message: `The text is longer than ${MAX_TEXT_CHARS} characters.` };
      return { ok: true, value: text };
    }
    default:
      return assertNever(field, 'field kind');
  }
}

/** A value the machine read completely (no '?' cells), worth confirming. */
function confirmable(value: FieldValue | undefined): value is FieldValue {
  if (value === undefined || value === null) return false;
  return typeof value !== 'string' || !value.includes('?');
}

interface StoredFieldState { readonly value: FieldValue | undefined; readonly status: string; readonly captureId: number | null }

/** Whether `reviewer` may decide `itemKey` now; takes over an expired lease. */
function leaseRefusal(workspace: Workspace, itemKey: string, reviewer: string, now: Date): DecisionResult | undefined {
  const lease = getLease(workspace, itemKey);
  if (lease && lease.reviewer !== reviewer && lease.expiresAt > now.toISOString()) {
    return refuse('leased-to-other', `${lease.reviewer} is working on this item now; it was not changed. Take the next item.`, { reviewer: lease.reviewer });
  }
  return undefined;
}

export function applyFieldDecision(workspace: Workspace, forms: FormLookup, request: {
  readonly reviewer: string; readonly sheetId: number; readonly fieldId: string; readonly decision: FieldDecision; readonly now?: Date;
}): DecisionResult {
  const now = request.now ?? new Date();
  const itemKey = fieldItemKey(request.sheetId, request.fieldId);
  return workspace.transaction(() => {
    const refusal = leaseRefusal(workspace, itemKey, request.reviewer, now);
    if (refusal) return refusal;
    const current = getReviewSheetField(workspace, request.sheetId, request.fieldId);
    const leaf = current ? forms.leaves(current.fingerprint).get(request.fieldId) : undefined;
    if (!current || !leaf) return refuse('not-found', 'This item is no longer in the workspace.');
    if (current.status === 'reviewed') return refuse('already-decided', 'Someone already decided this item; it was not changed.');
    const guess = parseJsonValue(current.guessJson);
    const machineValue = parseJsonValue(current.valueJson);
    let value: FieldValue;
    let captureId = current.captureId;
    const { decision } = request;
    switch (decision.action) {
      case 'set': {
        const checked = validateValue(leaf.field, decision.value);
        if (!checked.ok) return refuse('invalid-value', checked.message);
        value = checked.value;
        break;
      }
      case 'confirm': {
        const reading = confirmable(guess) ? guess : machineValue;
        if (!confirmable(reading) && !(leaf.field.kind === 'checkbox' && Array.isArray(reading))) {
          return refuse('nothing-to-confirm', 'The machine has no complete reading to confirm: type the value, or mark it illegible.');
        }
        value = reading ?? null;
        break;
      }
      case 'illegible':
        // null = not known; the decision row says why (action 'illegible'), so exports can tell it from "empty".
        value = null;
        break;
      case 'pick-reading': {
        const reading = listPageFieldReadings(workspace, request.sheetId, current.pageNo, request.fieldId).find((item) => item.captureId === decision.captureId);
        if (!reading) return refuse('invalid-value', 'That reading does not belong to this field.');
        const picked = parseJsonValue(reading.valueJson);
        const fromGuess = parseJsonValue(reading.guessJson);
        value = (confirmable(picked) ? picked : confirmable(fromGuess) ? fromGuess : picked) ?? null;
        captureId = decision.captureId;
        break;
      }
      default:
        return assertNever(decision, 'decision');
    }
    const old: StoredFieldState = { value: machineValue, status: current.status, captureId: current.captureId };
    const next: StoredFieldState & { pickedCapture?: number } = {
      value, status: 'reviewed', captureId, ...(decision.action === 'pick-reading' ? { pickedCapture: decision.captureId } : {}),
    };
    updateSheetField(workspace, request.sheetId, request.fieldId, { valueJson: JSON.stringify(value), status: 'reviewed', captureId });
    recheckSheet(workspace, forms, current.fingerprint, request.sheetId);
    const decisionId = insertDecision(workspace, {
      itemKey, sheetId: request.sheetId, fieldId: request.fieldId, inputId: null, reviewer: request.reviewer, action: decision.action,
      oldJson: JSON.stringify(old), newJson: JSON.stringify(next), decidedAt: now.toISOString(),
    });
    deleteLease(workspace, itemKey);
    return { ok: true, decisionId, itemKey };
  });
}

/**
 * Runs the form's cross-field checks over the sheet again after a decision: a reviewed value can contradict a field
 * the machine read as sure (bands typed by a person that do not add up to an `auto` total). Such `auto` fields go to
 * review with check-failed, as at scan time; values are never changed. An undo leaves them in review (a person
 * looks once more; nothing unsure reaches a report as auto).
 */
function recheckSheet(workspace: Workspace, forms: FormLookup, fingerprint: string, sheetId: number): void {
  const definition = forms.definition(fingerprint);
  if (!definition || definition.checks.length === 0) return;
  const failing = checkSheetFields(definition.checks, [...forms.leaves(fingerprint).keys()], listSheetFields(workspace, sheetId), []);
  for (const fieldId of failing.keys()) markSheetFieldCheckFailed(workspace, sheetId, fieldId);
}

/** Marks an unreadable page as not a paperlink form (a letter, a blank back side): it leaves the queue. */
export function dismissUnreadablePage(workspace: Workspace, request: { readonly reviewer: string; readonly inputId: number; readonly now?: Date }): DecisionResult {
  const now = request.now ?? new Date();
  const itemKey = inputItemKey(request.inputId);
  return workspace.transaction(() => {
    const refusal = leaseRefusal(workspace, itemKey, request.reviewer, now);
    if (refusal) return refusal;
    if (getInputOutcome(workspace, request.inputId) !== 'unreadable') return refuse('not-found', 'This page is not waiting to be identified.');
    if (hasStandingPageDecision(workspace, request.inputId)) return refuse('already-decided', 'Someone already dealt with this page.');
    const decisionId = insertDecision(workspace, {
      itemKey, sheetId: null, fieldId: null, inputId: request.inputId, reviewer: request.reviewer, action: 'not-a-form',
      oldJson: JSON.stringify({ outcome: 'unreadable' }), newJson: JSON.stringify({ notAForm: true }), decidedAt: now.toISOString(),
    });
    deleteLease(workspace, itemKey);
    return { ok: true, decisionId, itemKey };
  });
}

/**
 * Registers and reads an unreadable page the scanner's ingest can take once it knows which sheet it is.
 * Contract: identifyPage(inputId, code) reads the stored image of that input as the page `code` names (registration,
 * field reading, sheet/capture/sheet_fields rows) in its own transaction, and resolves {ok:true} when the page is
 * stored, or {ok:false, message} (in the user's words) when it could not be read as that page.
 */
export type IdentifyPage = (inputId: number, code: SheetCode) => Promise<{ ok: true } | { ok: false; message: string }>;

/**
 * The reviewer keyed the printed id (site-serial-page-check). Checks the check character, finds the print run that
 * issued the serial (asks which form when several forms share it), then hands the page to identifyPage.
 */
export async function identifyUnreadablePage(workspace: Workspace, identifyPage: IdentifyPage, request: {
  readonly reviewer: string; readonly inputId: number; readonly printedId: string; readonly fingerprint?: string; readonly now?: Date;
}): Promise<DecisionResult> {
  const now = request.now ?? new Date();
  const itemKey = inputItemKey(request.inputId);
  const refusal = leaseRefusal(workspace, itemKey, request.reviewer, now);
  if (refusal) return refusal;
  if (getInputOutcome(workspace, request.inputId) !== 'unreadable') return refuse('not-found', 'This page is not waiting to be identified.');
  if (hasStandingPageDecision(workspace, request.inputId)) return refuse('already-decided', 'Someone already dealt with this page.');
  const parsed = parseHumanSheetId(request.printedId);
  if (!parsed.ok) return refuse('id-invalid', parsed.message);
  const runs = listPrintRunsForSerial(workspace, parsed.site, parsed.serial)
    .filter((run) => request.fingerprint === undefined || run.fingerprint === request.fingerprint);
  if (runs.length === 0) {
    return refuse('id-not-printed', `No sheet with serial ${parsed.serial} was printed for site ${parsed.site} in this workspace. Check the id on the paper, or mark the page as not a paperlink form.`);
  }
  const layouts = runs.map((run) => getLayout(workspace, run.fingerprint)).filter((layout) => layout !== undefined);
  if (layouts.length > 1) {
    return refuse('form-ambiguous', 'Several forms were printed with this serial for this site: pick the form printed at the top of the page.', {
      candidates: layouts.map((layout) => ({ fingerprint: layout.fingerprint, formId: layout.formId, title: layout.definition.title })),
    });
  }
  const layout = layouts[0];
  if (!layout) return refuse('id-not-printed', 'The layout of that print run is missing from the workspace.');
  if (parsed.page > layout.layout.pageCount) {
    return refuse('id-page-invalid', `Form ${layout.formId} has ${layout.layout.pageCount} page(s); page ${parsed.page} does not exist. Check the id on the paper.`);
  }
  const code: SheetCode = {
    formCode: layout.formCode, layoutVersion: layout.version, fingerprint: shortFingerprint(layout.fingerprint),
    page: parsed.page, pageCount: layout.layout.pageCount, serial: parsed.serial, site: parsed.site,
  };
  // Hold the item for the reading (a slow ingest must not let another reviewer identify the same page twice).
  putLease(workspace, { itemKey, reviewer: request.reviewer, expiresAt: addMinutes(now, LEASE_MINUTES) });
  const result = await identifyPage(request.inputId, code);
  if (!result.ok) return refuse('identify-failed', result.message);
  return workspace.transaction(() => {
    const decisionId = insertDecision(workspace, {
      itemKey, sheetId: null, fieldId: null, inputId: request.inputId, reviewer: request.reviewer, action: 'identify',
      oldJson: JSON.stringify({ outcome: 'unreadable' }),
      newJson: JSON.stringify({ code, printedId: humanSheetId(parsed), formId: layout.formId }), decidedAt: now.toISOString(),
    });
    deleteLease(workspace, itemKey);
    return { ok: true as const, decisionId, itemKey };
  });
}

/**
 * Undoes the reviewer's last standing decision: marks it undone and restores the value it replaced, then leases
 * the item back to the reviewer. Refused when someone decided the same item since (their work stands).
 */
export function undoLastDecision(workspace: Workspace, request: { readonly reviewer: string; readonly now?: Date }): DecisionResult {
  const now = request.now ?? new Date();
  return workspace.transaction(() => {
    const last = lastActiveDecision(workspace, request.reviewer);
    if (!last) return refuse('nothing-to-undo', 'There is no decision of yours to undo.');
    if (last.action === 'identify') {
      return refuse('undo-identified', 'That page was identified and read; it cannot be un-read. Correct its fields when they come up.');
    }
    if (laterActiveDecision(workspace, last.itemKey, last.id)) return refuse('undo-blocked', 'Someone decided this item after you; their decision stands.');
    const lease = getLease(workspace, last.itemKey);
    if (lease && lease.reviewer !== request.reviewer && lease.expiresAt > now.toISOString()) {
      return refuse('leased-to-other', `${lease.reviewer} is working on this item now.`, { reviewer: lease.reviewer });
    }
    const key = parseItemKey(last.itemKey);
    if (key?.kind === 'field' && last.oldJson) {
      const old = JSON.parse(last.oldJson) as StoredFieldState;
      updateSheetField(workspace, key.sheetId, key.fieldId, { valueJson: JSON.stringify(old.value ?? null), status: old.status, captureId: old.captureId });
    }
    markDecisionUndone(workspace, last.id, now.toISOString());
    // The reviewer goes back to the undone item: the one they were looking at is free for anyone again.
    deleteLeasesOf(workspace, request.reviewer);
    putLease(workspace, { itemKey: last.itemKey, reviewer: request.reviewer, expiresAt: addMinutes(now, LEASE_MINUTES) });
    return { ok: true, decisionId: last.id, itemKey: last.itemKey };
  });
}
