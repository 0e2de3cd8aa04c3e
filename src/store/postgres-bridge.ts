/**
 * Synchronous calls to PostgreSQL. The store's functions are synchronous (SQLite answers in microseconds and every
 * feature calls them so); a PostgreSQL connection only answers asynchronously. The bridge keeps the connection in
 * a worker thread and blocks this thread on a shared flag (Atomics.wait) until the worker has the answer, so the
 * same store functions, and every caller, run unchanged on either store.
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type BridgeRequest =
  | { readonly op: 'connect' }
  | { readonly op: 'close' }
  | { readonly op: 'query'; readonly sql: string; readonly params: readonly unknown[]; readonly rowMode?: 'array' };

export type BridgeResponse =
  | { readonly rows: unknown[]; readonly rowCount: number; readonly error?: undefined }
  | { readonly error: { readonly message: string; readonly code: string | null; readonly detail: string | null } };

/** An error the server gave, with its SQLSTATE code (e.g. 23505 for a unique violation). */
export class PostgresQueryError extends Error {
  constructor(message: string, readonly code: string | null, readonly detail: string | null) {
    super(message);
    this.name = 'PostgresQueryError';
  }
}

/** How long one call may take before the store gives up on the server (a report over 100,000 sheets takes seconds). */
const CALL_TIMEOUT_MS = 10 * 60_000;
/** How long connecting may take: the worker's own connect timeout (postgres-worker.ts), and a margin for starting it. */
export const CONNECT_TIMEOUT_MS = 15_000;

/** The compiled worker: worker_threads cannot load TypeScript on Node 20, so under vitest the bridge uses dist/. */
export function postgresWorkerFile(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return join(dirname(here), 'postgres-worker.js');
  return resolve(dirname(here), '../../dist/src/store/postgres-worker.js');
}

export class PostgresBridge {
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private closed = false;

  constructor(url: string) {
    const file = postgresWorkerFile();
    if (!existsSync(file)) throw new Error(`the compiled database worker ${file} is missing; run \`npm run build\` in the paperlink folder`);
    const { port1, port2 } = new MessageChannel();
    this.worker = new Worker(file, { workerData: { url, port: port2, signal: this.signal }, transferList: [port2] });
    this.worker.unref();
    this.port = port1;
    try {
      this.call({ op: 'connect' }, CONNECT_TIMEOUT_MS + 10_000);
    } catch (error) {
      void this.worker.terminate();
      throw error;
    }
  }

  query(sql: string, params: readonly unknown[], rowMode?: 'array'): { rows: unknown[]; rowCount: number } {
    const result = this.call({ op: 'query', sql, params: params.map((value) => typeof value === 'bigint' ? value.toString() : value), ...(rowMode ? { rowMode } : {}) });
    for (const row of result.rows) restoreBuffers(row as Record<string, unknown>);
    return result;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.call({ op: 'close' });
    } finally {
      this.port.close();
      void this.worker.terminate();
    }
  }

  private call(request: BridgeRequest, timeoutMs = CALL_TIMEOUT_MS): { rows: unknown[]; rowCount: number } {
    Atomics.store(this.signal, 0, 0);
    this.port.postMessage(request);
    const waited = Atomics.wait(this.signal, 0, 0, timeoutMs);
    const message = receiveMessageOnPort(this.port);
    if (!message) {
      throw new PostgresQueryError(waited === 'timed-out' ? `the database server did not answer within ${Math.round(timeoutMs / 1000)} s`
        : 'the connection to the database server ended', null, null);
    }
    const response = message.message as BridgeResponse;
    if (response.error) throw new PostgresQueryError(response.error.message, response.error.code, response.error.detail);
    return response;
  }
}

/** A BYTEA value crosses the thread as a Uint8Array; the store hands out Buffers, as SQLite does. */
function restoreBuffers(row: Record<string, unknown> | unknown[]): void {
  for (const key in row) {
    const value = (row as Record<string, unknown>)[key];
    if (value instanceof Uint8Array && !Buffer.isBuffer(value)) (row as Record<string, unknown>)[key] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
}
