/**
 * ENTRY of review: a local web server (node:http, 127.0.0.1 only, random access token) serving one page and a small
 * JSON API over the queue and decisions. Owns HTTP, files and the clock; must not read scans itself (identifyPage is injected).
 *
 * identifyPage contract (passed in by the CLI, which wires it to the scanner's ingest):
 *   identifyPage(inputId, code) → Promise<{ok: true} | {ok: false, message}>
 *   Read the stored image of `inputs.id = inputId` as the page `code` names (skip QR decoding; register, read fields,
 *   write sheets/captures/field_readings/crops/sheet_fields rows in its own transaction). Resolve ok once stored;
 *   otherwise a message in the user's words. The review server records the decision only after ok.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { PaperlinkError, isPaperlinkError, type FieldValue } from '../model/index.js';
import {
  decisionCounts, deleteLeasesOf, getCapturePageImage, getCrop, getInputImage, listBatches, listLayouts, type Workspace,
} from '../store/index.js';
import { describeItem, filterQueue, findEntry, loadQueue, makeFormLookup, serveNextItem, type QueueFilters, type QueueName } from './review-queue.js';
import {
  applyFieldDecision, dismissUnreadablePage, identifyUnreadablePage, undoLastDecision, type DecisionResult, type FieldDecision, type IdentifyPage,
} from './apply-decision.js';
import { parseItemKey } from './review-queue.js';

/** Only this address: the review page shows personal data and must never be reachable from the network. */
export const REVIEW_HOST = '127.0.0.1';
export const DEFAULT_REVIEW_PORT = 7420;
/** Bytes of randomness in the access token (base64url): unguessable by another local user or web page. */
export const TOKEN_BYTES = 24;
/** Largest JSON request body, in bytes: a decision is small; a text transcription fits well within this. */
export const MAX_BODY_BYTES = 64 * 1024;
const COOKIE = 'paperlink_review';
const TOKEN_HEADER = 'x-paperlink-token';
/** The window for "done per hour", in minutes. */
export const SPEED_WINDOW_MINUTES = 60;

export type ReviewLanguage = 'nl' | 'en';

export interface ReviewServerOptions {
  /** templates/review of the package (review.html, review.js, review.css); the CLI passes it in. */
  readonly templatesDir: string;
  /** Port on 127.0.0.1; 0 picks a free one. Default DEFAULT_REVIEW_PORT. */
  readonly port?: number;
  /** Extra access tokens accepted besides the random one (e.g. a fixed token per office laptop, or in tests). */
  readonly reviewerTokens?: readonly string[];
  readonly identifyPage: IdentifyPage;
  /** Language the page opens in; the reviewer can switch (remembered in the browser). Default Dutch. */
  readonly lang?: ReviewLanguage;
}

export interface ReviewServer {
  /** The address to open, with the access token: http://127.0.0.1:PORT/?t=TOKEN */
  readonly url: string;
  readonly token: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

interface PageAssets { readonly html: string; readonly js: string; readonly css: string }

function loadAssets(dir: string): PageAssets {
  const read = (name: string): string => {
    const file = join(dir, name);
    if (!existsSync(file)) {
      throw new PaperlinkError('input-not-found', `The review page file ${file} is missing from this paperlink installation.`,
        'Reinstall paperlink: templates/review/ belongs to the package.', { file });
    }
    return readFileSync(file, 'utf8');
  };
  return { html: read('review.html'), js: read('review.js'), css: read('review.css') };
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(request: IncomingMessage): string | undefined {
  const header = request.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  response.writeHead(status, {
    'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'self'; img-src 'self' blob:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
    ...extra,
  });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new PaperlinkError('argument-invalid', 'The request is too large.', 'Send one decision at a time.');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new PaperlinkError('argument-invalid', 'The request is not a JSON object.', 'Reload the review page.');
  }
  return parsed as Record<string, unknown>;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function reviewerName(value: unknown): string {
  const name = text(value);
  if (!name || name.length > 60) {
    throw new PaperlinkError('argument-invalid', 'The reviewer name is missing or too long.', 'Type your name (up to 60 characters) on the review page.');
  }
  return name;
}

function filtersFrom(source: Record<string, unknown>): QueueFilters {
  const batch = text(source['batch']);
  const queue: QueueName = source['queue'] === 'family-link' ? 'family-link' : 'main';
  const form = text(source['form']);
  const site = text(source['site']);
  const field = text(source['field']);
  return {
    queue,
    ...(form ? { form } : {}), ...(site ? { site } : {}), ...(field ? { field } : {}),
    ...(batch && /^\d+$/.test(batch) ? { batch: Number(batch) } : {}),
  };
}

/** Starts the review server on 127.0.0.1 and resolves once it listens. */
export async function startReviewServer(workspace: Workspace, options: ReviewServerOptions): Promise<ReviewServer> {
  const assets = loadAssets(options.templatesDir);
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  const tokens = [token, ...(options.reviewerTokens ?? [])].filter((item) => item.length > 0);
  const lang: ReviewLanguage = options.lang ?? 'nl';
  const forms = makeFormLookup(workspace);
  let port = options.port ?? DEFAULT_REVIEW_PORT;

  const authorised = (given: string | undefined): boolean => given !== undefined && tokens.some((item) => sameToken(given, item));

  const stats = (now = new Date()) => {
    const since = new Date(now.getTime() - SPEED_WINDOW_MINUTES * 60_000).toISOString();
    return decisionCounts(workspace, since).map((row) => {
      const firstMs = row.firstRecentAt ? Date.parse(row.firstRecentAt) : now.getTime();
      // Rate over the time actually worked in the window (at least one minute, so a first decision is not "3600 per hour").
      const hours = Math.max(now.getTime() - firstMs, 60_000) / 3_600_000;
      return { reviewer: row.reviewer, total: row.total, lastHour: row.recent ?? 0, perHour: Math.round((row.recent ?? 0) / hours) };
    });
  };

  const next = (reviewer: string, filters: QueueFilters) => {
    const served = serveNextItem(workspace, forms, reviewer, filters);
    return {
      item: served.entry ? describeItem(workspace, served.entry) : null,
      left: served.left, familyLinkLeft: served.familyLinkLeft, leaseExpiresAt: served.leaseExpiresAt ?? null,
      reviewers: stats(),
    };
  };

  const decide = async (body: Record<string, unknown>): Promise<DecisionResult> => {
    const reviewer = reviewerName(body['reviewer']);
    const key = parseItemKey(String(body['key'] ?? ''));
    const action = String(body['action'] ?? '');
    if (!key) return { ok: false, code: 'not-found', message: 'This item is not known.' };
    if (key.kind === 'input') {
      if (action === 'not-a-form') return dismissUnreadablePage(workspace, { reviewer, inputId: key.inputId });
      if (action === 'identify') {
        const fingerprint = text(body['fingerprint']);
        return identifyUnreadablePage(workspace, options.identifyPage, {
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
  };

  const handleApi = async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    const query = Object.fromEntries(url.searchParams.entries());
    const route = `${request.method ?? 'GET'} ${url.pathname}`;
    switch (route) {
      case 'GET /api/next':
        sendJson(response, 200, next(reviewerName(query['reviewer']), filtersFrom(query)));
        return;
      case 'POST /api/decide': {
        const body = await readJson(request);
        const result = await decide(body);
        sendJson(response, 200, { result, next: next(reviewerName(body['reviewer']), filtersFrom(body)) });
        return;
      }
      case 'POST /api/undo': {
        const body = await readJson(request);
        const reviewer = reviewerName(body['reviewer']);
        const filters = filtersFrom(body);
        const result = undoLastDecision(workspace, { reviewer });
        const after = next(reviewer, filters);
        // The undone item comes back to this reviewer (leased to them by the undo), whatever the filters say.
        const entry = result.ok ? findEntry(workspace, forms, result.itemKey) : undefined;
        sendJson(response, 200, { result, next: entry ? { ...after, item: describeItem(workspace, entry) } : after });
        return;
      }
      case 'POST /api/release': {
        const body = await readJson(request);
        deleteLeasesOf(workspace, reviewerName(body['reviewer']));
        sendJson(response, 200, { ok: true });
        return;
      }
      case 'GET /api/stats': {
        const filters = filtersFrom(query);
        const queue = loadQueue(workspace, forms);
        sendJson(response, 200, { left: filterQueue(queue, filters).length, familyLinkLeft: filterQueue(queue, { ...filters, queue: 'family-link' }).length, reviewers: stats() });
        return;
      }
      case 'GET /api/filters': {
        const layouts = listLayouts(workspace);
        const queue = loadQueue(workspace, forms);
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
          batches: listBatches(workspace),
        });
        return;
      }
      case 'GET /api/crop': {
        const png = getCrop(workspace, Number(query['c']), String(query['f'] ?? ''));
        if (png) send(response, 200, 'image/png', png, { 'cache-control': 'private, max-age=3600' });
        else sendJson(response, 404, { error: 'No crop for this field.' });
        return;
      }
      case 'GET /api/page': {
        const jpeg = getCapturePageImage(workspace, Number(query['c']));
        if (jpeg) send(response, 200, 'image/jpeg', jpeg, { 'cache-control': 'private, max-age=3600' });
        else sendJson(response, 404, { error: 'No page image for this capture.' });
        return;
      }
      case 'GET /api/input': {
        const jpeg = getInputImage(workspace, Number(query['i']));
        if (jpeg) send(response, 200, 'image/jpeg', jpeg, { 'cache-control': 'private, max-age=3600' });
        else sendJson(response, 404, { error: 'No image stored for this page.' });
        return;
      }
      default:
        sendJson(response, 404, { error: `Unknown request ${route}.` });
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const host = request.headers.host ?? '';
    // Refuse other Host names: a web page elsewhere cannot reach the queue by DNS rebinding to 127.0.0.1.
    if (host !== `${REVIEW_HOST}:${port}` && host !== `localhost:${port}`) {
      send(response, 403, 'text/plain; charset=utf-8', 'paperlink review answers only at 127.0.0.1.');
      return;
    }
    const url = new URL(request.url ?? '/', `http://${host}`);
    const queryToken = url.searchParams.get('t') ?? undefined;
    if (url.pathname === '/' && queryToken !== undefined && authorised(queryToken)) {
      // Move the token from the address bar into a cookie only this page's requests carry.
      const language = url.searchParams.get('lang');
      send(response, 303, 'text/plain; charset=utf-8', '', {
        location: language === 'en' || language === 'nl' ? `/?lang=${language}` : '/',
        'set-cookie': `${COOKIE}=${encodeURIComponent(queryToken)}; HttpOnly; SameSite=Strict; Path=/`,
      });
      return;
    }
    const given = (request.headers[TOKEN_HEADER] as string | undefined) ?? cookieToken(request) ?? queryToken;
    if (!authorised(given)) {
      send(response, 403, 'text/plain; charset=utf-8',
        'Access refused: open the address that `paperlink review` printed (it contains the access key).\n' +
        'Toegang geweigerd: open het adres dat `paperlink review` toonde (daarin staat de toegangssleutel).');
      return;
    }
    try {
      if (request.method === 'GET' && url.pathname === '/') {
        send(response, 200, 'text/html; charset=utf-8', assets.html.replaceAll('__LANG__', lang));
      } else if (request.method === 'GET' && url.pathname === '/review.js') {
        send(response, 200, 'text/javascript; charset=utf-8', assets.js);
      } else if (request.method === 'GET' && url.pathname === '/review.css') {
        send(response, 200, 'text/css; charset=utf-8', assets.css);
      } else if (url.pathname.startsWith('/api/')) {
        await handleApi(request, response, url);
      } else {
        sendJson(response, 404, { error: 'Not found.' });
      }
    } catch (error) {
      if (isPaperlinkError(error)) sendJson(response, 400, { error: error.message, hint: error.hint, code: error.code });
      else if (error instanceof SyntaxError) sendJson(response, 400, { error: 'The request is not valid JSON.', hint: 'Reload the review page.' });
      else sendJson(response, 500, { error: `Something went wrong on the review server: ${(error as Error).message}`, hint: 'Reload the page; if it repeats, restart `paperlink review`.' });
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: (error as Error).message });
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE'
        ? new PaperlinkError('argument-invalid', `Port ${port} on ${REVIEW_HOST} is already in use.`, 'Stop the other program or choose another port with --port N.', {}, { cause: error })
        : error);
    });
    server.listen(port, REVIEW_HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${REVIEW_HOST}:${port}/?t=${token}`,
    token,
    port,
    server,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
