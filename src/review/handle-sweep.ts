/**
 * API routes of the digit sweep (digit-sweep.ts): GET /api/sweep serves and leases the reviewer's next screen of
 * unsure digit fields; POST /api/sweep decides a screen (`lines`: each confirmed, typed over or illegible) and
 * answers with the results and the next screen.
 */
import { PaperlinkError } from '../model/index.js';
import { decideSweep, serveSweep, type SweepLine } from './digit-sweep.js';
import { filtersFrom, readJson, reviewerName, sendJson } from './http-io.js';
import type { ApiHandler } from './review-context.js';

/** Most lines one screen may send: a screen holds SWEEP_SCREEN_SIZE; a little room for a resized window. */
const MAX_LINES = 100;

export const handleSweep: ApiHandler = (context, _request, response, query) => {
  sendJson(response, 200, serveSweep(context.workspace, context.forms, reviewerName(query['reviewer']), filtersFrom(query)));
};

export const handleSweepDecide: ApiHandler = async (context, request, response) => {
  const body = await readJson(request);
  const reviewer = reviewerName(body['reviewer']);
  const raw = body['lines'];
  if (!Array.isArray(raw) || raw.length > MAX_LINES) {
    throw new PaperlinkError('argument-invalid', 'The screen sent no list of fields.', 'Reload the digit sweep page.');
  }
  const lines: SweepLine[] = raw.map((line: unknown) => {
    const item = (typeof line === 'object' && line !== null ? line : {}) as Record<string, unknown>;
    return {
      key: String(item['key'] ?? ''),
      ...(typeof item['value'] === 'string' ? { value: item['value'] } : {}),
      ...(item['illegible'] === true ? { illegible: true } : {}),
    };
  });
  const results = context.workspace.transaction(() => decideSweep(context.workspace, context.forms, reviewer, lines));
  sendJson(response, 200, { results, next: serveSweep(context.workspace, context.forms, reviewer, filtersFrom(body)) });
};
