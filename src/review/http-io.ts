/**
 * The review server's HTTP vocabulary: responses with the security headers every answer carries, bounded JSON
 * bodies, and the small parsers of request values. Knows no route and no workspace.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PaperlinkError } from '../model/index.js';
import type { QueueFilters, QueueName } from './review-queue.js';

/** Largest JSON request body, in bytes: a decision is small; a text transcription fits well within this. */
export const MAX_BODY_BYTES = 64 * 1024;

export function send(response: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  response.writeHead(status, {
    'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'self'; img-src 'self' blob:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
    ...extra,
  });
  response.end(body);
}

export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

export async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
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

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function reviewerName(value: unknown): string {
  const name = text(value);
  if (!name || name.length > 60) {
    throw new PaperlinkError('argument-invalid', 'The reviewer name is missing or too long.', 'Type your name (up to 60 characters) on the review page.');
  }
  return name;
}

export function filtersFrom(source: Record<string, unknown>): QueueFilters {
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
