/**
 * A pool of scan workers (worker_threads, one per core by default) that read files and send back plain data.
 * `workers: 0` reads in this thread (tests, tiny batches). A worker that dies is replaced; its file is reported, never lost.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PaperlinkError } from '../model/index.js';
import type { StoredLayout } from '../store/index.js';
import { processInput, type JobEvent, type ScanJob } from './scan-worker.js';
import type { readPage } from './read-sheet.js';

export interface ScanPool {
  readonly size: number;
  /** Reads one file; `onEvent` gets opened/failed, each page, then done. Resolves after done. */
  run(job: ScanJob, onEvent: (event: JobEvent) => void): Promise<void>;
  /** Share of wall time each worker's event loop was busy since it started (0..1), for the bench's idle-time figures.
   * Time a worker waits on sharp (decode, JPEG encode on the libuv pool) counts as idle here. Empty in-process. */
  busy(): number[];
  /** Per worker, the largest memory its thread held while reading a page (MiB; see noteThreadMemory). Empty in-process. */
  peakMiB(): number[];
  close(): Promise<void>;
}

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/**
 * The compiled worker: worker_threads cannot load TypeScript on Node 20, so under vitest (running .ts sources)
 * the pool uses dist/ from `npm run build`.
 */
export function scanWorkerFile(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return join(dirname(here), 'scan-worker.js');
  return resolve(dirname(here), '../../dist/src/scan/scan-worker.js');
}

/** `readPage`: read in this thread with this page reader (a test's reader that throws); worker threads use readPage. */
export function createScanPool(options: { readonly workers: number; readonly layouts: readonly StoredLayout[]; readonly readPage?: typeof readPage }): ScanPool {
  if (options.workers <= 0 || options.readPage) return inProcessPool(options.layouts, options.readPage);
  const file = scanWorkerFile();
  if (!existsSync(file)) {
    throw new PaperlinkError('scan-worker-missing', `The compiled scan worker ${file} is missing.`,
      'Run `npm run build` in the paperlink folder, or scan with --workers 0.', { file });
  }
  return threadPool(file, options.workers, options.layouts);
}

function inProcessPool(layouts: readonly StoredLayout[], read?: typeof readPage): ScanPool {
  let chain: Promise<void> = Promise.resolve();
  return {
    size: 1,
    run: (job, onEvent) => {
      const result = chain.then(() => processInput(job, layouts, onEvent, read));
      chain = result.catch(() => undefined);
      return result;
    },
    busy: () => [],
    peakMiB: () => [],
    close: async () => { await chain; },
  };
}

interface Slot { worker: Worker; busy: boolean; peakMiB: number }
interface Pending { job: ScanJob; onEvent: (event: JobEvent) => void; resolve: () => void; reject: (error: unknown) => void }

function threadPool(file: string, count: number, layouts: readonly StoredLayout[]): ScanPool {
  const slots: Slot[] = [];
  const queue: Pending[] = [];
  let closed = false;

  const spawn = (): Slot => {
    const worker = new Worker(file, { workerData: { role: 'paperlink-scan-worker', layouts } });
    const slot: Slot = { worker, busy: false, peakMiB: 0 };
    return slot;
  };

  const dispatch = (): void => {
    for (const slot of slots) {
      if (slot.busy) continue;
      const next = queue.shift();
      if (!next) return;
      start(slot, next);
    }
  };

  const start = (slot: Slot, pending: Pending): void => {
    slot.busy = true;
    let finished = false;
    const finish = (error?: unknown): void => {
      if (finished) return;
      finished = true;
      slot.worker.off('message', onMessage);
      slot.worker.off('error', onError);
      slot.worker.off('exit', onExit);
      slot.busy = false;
      if (error === undefined) pending.resolve(); else pending.reject(error);
      if (!closed) dispatch();
    };
    const onMessage = (event: JobEvent): void => {
      pending.onEvent(event);
      if (event.kind === 'done') {
        slot.peakMiB = Math.max(slot.peakMiB, event.threadPeakMiB ?? 0);
        finish();
      }
    };
    const replace = (): void => {
      const index = slots.indexOf(slot);
      if (index >= 0 && !closed) slots[index] = spawn();
    };
    // A worker that crashes (native abort, out of memory on a hostile file) ends this file, not the batch.
    const onError = (error: Error): void => { replace(); finish(error); };
    const onExit = (code: number): void => { replace(); finish(new Error(`the scan worker stopped (exit code ${code})`)); };
    slot.worker.on('message', onMessage);
    slot.worker.on('error', onError);
    slot.worker.on('exit', onExit);
    const bytes = pending.job.bytes;
    if (bytes.buffer instanceof SharedArrayBuffer) {
      // A multi-page file read in parts: every part's worker sees the same bytes, none copies them.
      slot.worker.postMessage(pending.job);
    } else {
      const owned = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
      slot.worker.postMessage({ ...pending.job, bytes: owned }, [owned.buffer as ArrayBuffer]);
    }
  };

  for (let index = 0; index < count; index++) slots.push(spawn());
  return {
    size: count,
    run: (job, onEvent) => new Promise<void>((resolvePromise, reject) => {
      queue.push({ job, onEvent, resolve: resolvePromise, reject });
      dispatch();
    }),
    busy: () => slots.map((slot) => slot.worker.performance.eventLoopUtilization().utilization),
    peakMiB: () => slots.map((slot) => slot.peakMiB),
    close: async () => {
      closed = true;
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}
