/**
 * Who may talk to the review server, decided in one place: the Host check (against DNS rebinding), the access
 * token (query, header or cookie, compared in constant time) and the hand-over of the token into a cookie.
 * Every request passes through checkAccess before any handler sees it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { send } from './http-io.js';

/** Only this address: the review page shows personal data and must never be reachable from the network. */
export const REVIEW_HOST = '127.0.0.1';
const COOKIE = 'paperlink_review';
const TOKEN_HEADER = 'x-paperlink-token';

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

/**
 * Checks Host and token. Returns the parsed request URL when the request may go on to a handler; otherwise it has
 * already answered (403, or the 303 that moves a valid token from the address bar into a cookie) and returns undefined.
 */
export function checkAccess(request: IncomingMessage, response: ServerResponse, port: number, tokens: readonly string[]): URL | undefined {
  const host = request.headers.host ?? '';
  // Refuse other Host names: a web page elsewhere cannot reach the queue by DNS rebinding to 127.0.0.1.
  if (host !== `${REVIEW_HOST}:${port}` && host !== `localhost:${port}`) {
    send(response, 403, 'text/plain; charset=utf-8', 'paperlink review answers only at 127.0.0.1.');
    return undefined;
  }
  const authorised = (given: string | undefined): boolean => given !== undefined && tokens.some((item) => sameToken(given, item));
  const url = new URL(request.url ?? '/', `http://${host}`);
  const queryToken = url.searchParams.get('t') ?? undefined;
  if (url.pathname === '/' && queryToken !== undefined && authorised(queryToken)) {
    // Move the token from the address bar into a cookie only this page's requests carry.
    const language = url.searchParams.get('lang');
    send(response, 303, 'text/plain; charset=utf-8', '', {
      location: language === 'en' || language === 'nl' ? `/?lang=${language}` : '/',
      'set-cookie': `${COOKIE}=${encodeURIComponent(queryToken)}; HttpOnly; SameSite=Strict; Path=/`,
    });
    return undefined;
  }
  const given = (request.headers[TOKEN_HEADER] as string | undefined) ?? cookieToken(request) ?? queryToken;
  if (!authorised(given)) {
    send(response, 403, 'text/plain; charset=utf-8',
      'Access refused: open the address that `paperlink review` printed (it contains the access key).\n' +
      'Toegang geweigerd: open het adres dat `paperlink review` toonde (daarin staat de toegangssleutel).');
    return undefined;
  }
  return url;
}
