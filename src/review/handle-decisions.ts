/**
 * API routes that change the record: a decision on a field or an unreadable page, and undo. Translates the page's
 * JSON into a FieldDecision; the rules of what may be decided live in apply-decision.ts.
 */
import type { FieldValue } from '../model/index.js';
import { describeItem, findEntry, parseItemKey } from './review-queue.js';
import {
  applyFieldDecision, dismissUnreadablePage, identifyUnreadablePage, undoLastDecision, type DecisionResult, type FieldDecision,
} from './apply-decision.js';
import { filtersFrom, readJson, reviewerName, sendJson, text } from './http-io.js';
import { nextItem } from './handle-queue.js';
import type { ApiHandler, ReviewContext } from './review-context.js';

async function decide(context: ReviewContext, body: Record<string, unknown>): Promise<DecisionResult> {
  const { workspace, forms } = context;
  const reviewer = reviewerName(body['reviewer']);
  const key = parseItemKey(String(body['key'] ?? ''));
  const action = String(body['action'] ?? '');
  if (!key) return { ok: false, code: 'not-found', message: 'This item is not known.' };
  if (key.kind === 'input') {
    if (action === 'not-a-form') return dismissUnreadablePage(workspace, { reviewer, inputId: key.inputId });
    if (action === 'identify') {
      const fingerprint = text(body['fingerprint']);
      return identifyUnreadablePage(workspace, context.identifyPage, {
        reviewer, inputId: key.inputId, printedId: String(body['printedId'] ?? ''), ...(fingerprint ? { fingerprint } : {}),
      });
    }
    return { ok: false, code: 'invalid-value', message: 'Type the printed id, or mark the page as not a paperlink form.' };
  }
  let decision: FieldDecision;
  switch (action) {
    case 'set': decision = { action: 'set', value: (body['value'] ?? null) as FieldValue }; break;
    case 'confirm': decision = { action: 'confirm' }; break;
    case 'illegible': decision = { action: 'illegible' }; break;
    case 'pick-reading': decision = { action: 'pick-reading', captureId: Number(body['captureId']) }; break;
    default: return { ok: false, code: 'invalid-value', message: `"${action}" is not a review action.` };
  }
  return applyFieldDecision(workspace, forms, { reviewer, sheetId: key.sheetId, fieldId: key.fieldId, decision });
}

export const handleDecide: ApiHandler = async (context, request, response) => {
  const body = await readJson(request);
  const result = await decide(context, body);
  sendJson(response, 200, { result, next: nextItem(context, reviewerName(body['reviewer']), filtersFrom(body)) });
};

export const handleUndo: ApiHandler = async (context, request, response) => {
  const body = await readJson(request);
  const reviewer = reviewerName(body['reviewer']);
  const filters = filtersFrom(body);
  const result = undoLastDecision(context.workspace, { reviewer });
  const after = nextItem(context, reviewer, filters);
  // The undone item comes back to this reviewer (leased to them by the undo), whatever the filters say.
  const entry = result.ok ? findEntry(context.workspace, context.forms, result.itemKey) : undefined;
  sendJson(response, 200, { result, next: entry ? { ...after, item: describeItem(context.workspace, entry) } : after });
};
