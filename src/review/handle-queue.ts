/**
 * API routes over the queue: the next item for a reviewer (with its lease), what is left, the filter options,
 * reviewer speed, and releasing a reviewer's leases. Records no decision (handle-decisions.ts does).
 */
import { decisionCounts, deleteLeasesOf, listBatches, listLayouts } from '../store/index.js';
import { describeItem, filterQueue, loadQueue, serveNextItem, type QueueFilters } from './review-queue.js';
import { filtersFrom, readJson, reviewerName, sendJson } from './http-io.js';
import type { ApiHandler, ReviewContext } from './review-context.js';

/** The window for "done per hour", in minutes. */
export const SPEED_WINDOW_MINUTES = 60;

export function reviewerStats(context: ReviewContext, now = new Date()) {
  const since = new Date(now.getTime() - SPEED_WINDOW_MINUTES * 60_000).toISOString();
  return decisionCounts(context.workspace, since).map((row) => {
    const firstMs = row.firstRecentAt ? Date.parse(row.firstRecentAt) : now.getTime();
    // Rate over the time actually worked in the window (at least one minute, so a first decision is not "3600 per hour").
    const hours = Math.max(now.getTime() - firstMs, 60_000) / 3_600_000;
    return { reviewer: row.reviewer, total: row.total, lastHour: row.recent ?? 0, perHour: Math.round((row.recent ?? 0) / hours) };
  });
}

/** Serves (and leases) the next item for this reviewer, with the counts the page shows beside it. */
export function nextItem(context: ReviewContext, reviewer: string, filters: QueueFilters) {
  const served = serveNextItem(context.workspace, context.forms, reviewer, filters);
  return {
    item: served.entry ? describeItem(context.workspace, served.entry) : null,
    left: served.left, familyLinkLeft: served.familyLinkLeft, leaseExpiresAt: served.leaseExpiresAt ?? null,
    reviewers: reviewerStats(context),
  };
}

export const handleNext: ApiHandler = (context, _request, response, query) => {
  sendJson(response, 200, nextItem(context, reviewerName(query['reviewer']), filtersFrom(query)));
};

export const handleRelease: ApiHandler = async (context, request, response) => {
  const body = await readJson(request);
  deleteLeasesOf(context.workspace, reviewerName(body['reviewer']));
  sendJson(response, 200, { ok: true });
};

export const handleStats: ApiHandler = (context, _request, response, query) => {
  const filters = filtersFrom(query);
  const queue = loadQueue(context.workspace, context.forms);
  sendJson(response, 200, {
    left: filterQueue(queue, filters).length,
    familyLinkLeft: filterQueue(queue, { ...filters, queue: 'family-link' }).length,
    reviewers: reviewerStats(context),
  });
};

export const handleFilters: ApiHandler = (context, _request, response) => {
  const layouts = listLayouts(context.workspace);
  const queue = loadQueue(context.workspace, context.forms);
  // One entry per form and field, in queue order, with the label the form prints (for the filter's options).
  const fields = new Map<string, { form: string; field: string; label: unknown; row?: string }>();
  for (const entry of queue) {
    if (entry.kind !== 'field' || entry.familyLink) continue;
    const key = `${entry.formId}\u0000${entry.row.fieldId}`;
    if (!fields.has(key)) {
      fields.set(key, { form: entry.formId, field: entry.row.fieldId, label: entry.field.label, ...(entry.field.rowId ? { row: entry.field.rowId } : {}) });
    }
  }
  sendJson(response, 200, {
    forms: [...new Map(layouts.map((layout) => [layout.formId, { id: layout.formId, title: layout.definition.title }])).values()],
    sites: [...new Set(queue.flatMap((entry) => (entry.kind === 'field' ? [entry.site] : [])))].sort(),
    fields: [...fields.values()],
    batches: listBatches(context.workspace),
  });
};
