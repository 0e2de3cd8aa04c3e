/**
 * The worker thread behind a PostgreSQL workspace: holds the one `pg` connection and answers each query the
 * store's thread sends, then wakes it (postgres-bridge.ts). Runs compiled, from dist/.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import pg from 'pg';
import { CONNECT_TIMEOUT_MS, type BridgeRequest, type BridgeResponse } from './postgres-bridge.js';

// Counts and sums come back as int8/numeric, which pg gives as strings to keep their precision; the store's
// figures are far below 2^53, and SQLite gives numbers, so both stores answer alike.
pg.types.setTypeParser(pg.types.builtins.INT8, (text) => Number(text));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (text) => Number(text));

/** Longer than any one transaction paperlink makes (importing 50 bundles at once takes minutes). */
const LOCK_TIMEOUT_S = 300;

const { url, port, signal } = workerData as { url: string; port: MessagePort; signal: Int32Array };
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
let connected: Promise<unknown> | null = null;

function answer(response: BridgeResponse): void {
  port.postMessage(response);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

async function handle(request: BridgeRequest): Promise<BridgeResponse> {
  if (request.op === 'connect') {
    // A writer waits for another's transaction (the write lock); a wait this long means something is stuck, and
    // the server's own error then ends it cleanly rather than the bridge's timeout with the query still running.
    connected ??= client.connect().then(() => client.query(`SET lock_timeout = '${LOCK_TIMEOUT_S}s'`));
    await connected;
    return { rows: [], rowCount: 0 };
  }
  if (request.op === 'close') {
    await client.end();
    return { rows: [], rowCount: 0 };
  }
  // A Buffer crosses the thread as a plain Uint8Array; pg sends only a Buffer as BYTEA.
  const values = request.params.map((value) => value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value);
  const result = await client.query({ text: request.sql, values, ...(request.rowMode ? { rowMode: request.rowMode } : {}) });
  return { rows: result.rows as unknown[], rowCount: result.rowCount ?? 0 };
}

// Requests are handled one after another, in the order sent (the thread waits for each; this keeps it so).
let queue: Promise<void> = Promise.resolve();
port.on('message', (request: BridgeRequest) => {
  queue = queue.then(() => handle(request).then(answer, (error: unknown) => {
    const { message, code, detail } = error as { message?: string; code?: string; detail?: string };
    answer({ error: { message: message ?? String(error), code: code ?? null, detail: detail ?? null } });
  }));
});
