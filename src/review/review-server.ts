/**
 * ENTRY of review: a local web server (node:http, 127.0.0.1 only, random access token) serving one page and a small
 * JSON API over the queue and decisions. Owns the listening socket, the route table and error presentation; access
 * checks live in access.ts, the routes' work in handle-*.ts. Must not read scans itself (identifyPage is injected).
 *
 * identifyPage contract (passed in by the CLI, which wires it to the scanner's ingest):
 *   identifyPage(inputId, code) → Promise<{ok: true} | {ok: false, message}>
 *   Read the stored image of `inputs.id = inputId` as the page `code` names (skip QR decoding; register, read fields,
 *   write sheets/captures/field_readings/crops/sheet_fields rows in its own transaction). Resolve ok once stored;
 *   otherwise a message in the user's words. The review server records the decision only after ok.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { PaperlinkError, isPaperlinkError } from '../model/index.js';
import type { Workspace } from '../store/index.js';
import { makeFormLookup } from './review-queue.js';
import type { IdentifyPage } from './apply-decision.js';
import { sendJson } from './http-io.js';
import { REVIEW_HOST, checkAccess } from './access.js';
import { loadPageAssets, servePage, type ReviewLanguage } from './handle-pages.js';
import { handleSweep, handleSweepDecide } from './handle-sweep.js';
import { handleFilters, handleNext, handleRelease, handleStats } from './handle-queue.js';
import { handleDecide, handleUndo } from './handle-decisions.js';
import { handleCrop, handleInputImage, handlePageImage } from './handle-images.js';
import { handleMatchCount, handleMatchDecide, handleMatchNext } from './handle-matches.js';
import { handleRadioList, handleRadioReceive } from './handle-radio.js';
import type { ApiHandler, MatchQueueProvider, RadioDesk, ReviewContext } from './review-context.js';

export { REVIEW_HOST } from './access.js';
export { MAX_BODY_BYTES } from './http-io.js';
export { SPEED_WINDOW_MINUTES } from './handle-queue.js';
export type { ReviewLanguage } from './handle-pages.js';

export const DEFAULT_REVIEW_PORT = 7420;
/** Bytes of randomness in the access token (base64url): unguessable by another local user or web page. */
export const TOKEN_BYTES = 24;

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
  /** The restricted family-link match queue (the CLI passes family-links' openMatchQueue); absent, its page says so. */
  readonly matches?: MatchQueueProvider;
  /** The radio desk (the CLI passes radio's receiveSitrep); absent, the radio page says so. */
  readonly radio?: RadioDesk;
}

export interface ReviewServer {
  /** The address to open, with the access token: http://127.0.0.1:PORT/?t=TOKEN */
  readonly url: string;
  readonly token: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

/** Every API route, by "METHOD /path". A route not listed here answers 404. */
const API_ROUTES: Readonly<Record<string, ApiHandler>> = {
  'GET /api/next': handleNext,
  'POST /api/decide': handleDecide,
  'POST /api/undo': handleUndo,
  'POST /api/release': handleRelease,
  'GET /api/stats': handleStats,
  'GET /api/filters': handleFilters,
  'GET /api/crop': handleCrop,
  'GET /api/page': handlePageImage,
  'GET /api/input': handleInputImage,
  'GET /api/sweep': handleSweep,
  'POST /api/sweep': handleSweepDecide,
  'GET /api/matches/count': handleMatchCount,
  'GET /api/matches/next': handleMatchNext,
  'POST /api/matches/decide': handleMatchDecide,
  'GET /api/radio': handleRadioList,
  'POST /api/radio': handleRadioReceive,
};

/** Errors become JSON the page can show: a PaperlinkError's message and hint, never a stack trace. */
function sendError(response: ServerResponse, error: unknown): void {
  if (isPaperlinkError(error)) sendJson(response, 400, { error: error.message, hint: error.hint, code: error.code });
  else if (error instanceof SyntaxError) sendJson(response, 400, { error: 'The request is not valid JSON.', hint: 'Reload the review page.' });
  else sendJson(response, 500, { error: `Something went wrong on the review server: ${(error as Error).message}`, hint: 'Reload the page; if it repeats, restart `paperlink review`.' });
}

/** Starts the review server on 127.0.0.1 and resolves once it listens. */
export async function startReviewServer(workspace: Workspace, options: ReviewServerOptions): Promise<ReviewServer> {
  const assets = loadPageAssets(options.templatesDir);
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  const tokens = [token, ...(options.reviewerTokens ?? [])].filter((item) => item.length > 0);
  const lang: ReviewLanguage = options.lang ?? 'nl';
  const context: ReviewContext = { workspace, forms: makeFormLookup(workspace), identifyPage: options.identifyPage, ...(options.matches ? { matches: options.matches } : {}), ...(options.radio ? { radio: options.radio } : {}) };
  let port = options.port ?? DEFAULT_REVIEW_PORT;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = checkAccess(request, response, port, tokens);
    if (!url) return;
    try {
      const method = request.method ?? 'GET';
      if (method === 'GET' && servePage(response, url.pathname, assets, lang)) return;
      if (!url.pathname.startsWith('/api/')) {
        sendJson(response, 404, { error: 'Not found.' });
        return;
      }
      const route = `${method} ${url.pathname}`;
      const handler = API_ROUTES[route];
      if (handler) await handler(context, request, response, Object.fromEntries(url.searchParams.entries()));
      else sendJson(response, 404, { error: `Unknown request ${route}.` });
    } catch (error) {
      sendError(response, error);
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
