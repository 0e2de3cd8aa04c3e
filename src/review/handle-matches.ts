/**
 * API routes of the family-link match queue (restricted; the matches page opens it only when the reviewer asks):
 * GET /api/matches/count gives numbers only, GET /api/matches/next the next pair with both records and the evidence,
 * POST /api/matches/decide records a person's confirm / reject / unsure and answers with the next pair. The queue
 * itself is injected (ReviewContext.matches); without it the routes say the queue is not available here.
 */
import { PaperlinkError } from '../model/index.js';
import { readJson, reviewerName, sendJson, text } from './http-io.js';
import type { ApiHandler, MatchDecision, MatchQueueProvider, ReviewContext } from './review-context.js';

/** Most pairs a page may ask to skip in one session: a shift's worth; beyond it the page starts again from the top. */
const MAX_SKIPPED = 500;
const DECISIONS: readonly MatchDecision[] = ['confirm', 'reject', 'unsure'];

function queueOf(context: ReviewContext): MatchQueueProvider {
  if (!context.matches) {
    throw new PaperlinkError('input-not-found', 'The family-link match queue is not available in this review session.',
      'Start the review page with `paperlink review` on the workspace that holds the family-link sheets.');
  }
  return context.matches;
}

/** Pair ids the reviewer passed over this session ("12s-40p,13s-41p"). */
function skipped(value: unknown): string[] {
  const list = Array.isArray(value) ? value.map(String) : (text(value) ?? '').split(',');
  return list.map((item) => item.trim()).filter((item) => /^\d+[ps]-\d+[ps]$/.test(item)).slice(0, MAX_SKIPPED);
}

export const handleMatchCount: ApiHandler = (context, _request, response) => {
  sendJson(response, 200, context.matches ? { available: true, ...context.matches.count() } : { available: false, waiting: 0, unsure: 0 });
};

export const handleMatchNext: ApiHandler = (context, _request, response, query) => {
  sendJson(response, 200, queueOf(context).next({ skip: skipped(query['skip']), includeUnsure: query['unsure'] === '1' }));
};

export const handleMatchDecide: ApiHandler = async (context, request, response) => {
  const queue = queueOf(context);
  const body = await readJson(request);
  const reviewer = reviewerName(body['reviewer']);
  const decision = body['decision'] as MatchDecision;
  if (!DECISIONS.includes(decision)) {
    throw new PaperlinkError('argument-invalid', 'A match decision is confirm, reject or unsure.', 'Press C, R or U on the match page.');
  }
  const decided = queue.decide(String(body['pair'] ?? ''), decision, reviewer);
  sendJson(response, 200, { decided, next: queue.next({ skip: skipped(body['skip']), includeUnsure: body['unsure'] === true }) });
};
