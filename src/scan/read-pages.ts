/**
 * Second stage of ingest: one file's bytes → its pages read in the worker pool. The file's slot gathers the workers'
 * events (opened, failed, each page, done) until the recorder writes them in order; this stage writes nothing.
 */
import type { InputRecord } from '../store/index.js';
import type { JobEvent } from './scan-worker.js';
import type { ScanPool } from './worker-pool.js';
import type { SkippedEntry } from './walk-inputs.js';

/** One job's share of a file: all its pages, or (a multi-page file on several workers) a range of them. */
export interface FilePart { readonly events: JobEvent[]; done: boolean; failure?: unknown }

export interface ReadSlot {
  readonly kind: 'read'; readonly file: string; readonly sha256: string; readonly before: readonly InputRecord[];
  /** In page order; parts after the first are added when the first reports the page count. */
  readonly parts: FilePart[]; writing: number; pageCount?: number;
}

/** A file in the batch, by its place in file order: read now, a copy of bytes seen before, or skipped. */
export type FileSlot =
  | { readonly kind: 'skipped'; readonly entry: SkippedEntry }
  | { readonly kind: 'copy'; readonly file: string; readonly sha256: string }
  | ReadSlot;

/** PDF and TIFF may hold many pages: with more than one worker they are read in parts (the first page, then up to
 * PARTS_PER_WORKER parts per worker), so a 50-page scanner PDF keeps every worker busy instead of one. Each part opens
 * the file again (~20 ms for a 24-page, 20 MB scanner PDF against 300+ ms to read a page), hence parts, not pages. */
const PARTS_PER_WORKER = 8;

/** Formats that can hold more than one page (sniffed as load-image.ts does; a multi-page WebP is read whole). */
function mayHoldPages(bytes: Buffer): boolean {
  const head = bytes.toString('latin1', 0, 5);
  return head === '%PDF-' || head.startsWith('II*\0') || head.startsWith('MM\0*');
}

/** Whether the bytes' earlier outcome was a failure of the whole file (damaged, too large, unknown format): not read again. */
export function failedAsWholeFile(before: readonly InputRecord[]): boolean {
  return before.length === 1 && before[0]!.pageIndex === 0 && before[0]!.sheetId === null &&
    (before[0]!.reason === 'corrupt-file' || before[0]!.reason === 'too-large' || before[0]!.reason === 'unsupported-format');
}

/**
 * Starts reading the pages of `slot`'s file not yet recorded (`slot.before`); `poke` is called after every event.
 * Parts are created in page order, each as soon as the page count is known (never later than the first part's
 * 'done'), so when the recorder reaches a part's end every later part already exists.
 */
export function readFilePages(pool: ScanPool, slot: ReadSlot, bytes: Buffer, poke: () => void): void {
  const skipPages = slot.before.map((input) => input.pageIndex);
  const split = pool.size > 1 && mayHoldPages(bytes);
  const jobBytes = split ? shared(bytes) : bytes;
  const startPart = (pages?: { from: number; to: number }): void => {
    const part: FilePart = { events: [], done: false };
    slot.parts.push(part);
    pool.run({ fileName: slot.file, bytes: jobBytes, skipPages, ...(pages ? { pages } : {}) }, (event) => {
      if (event.kind === 'done') part.done = true;
      else part.events.push(event);
      if (pages?.from === 0 && event.kind === 'opened') {
        const size = Math.max(1, Math.ceil((event.pageCount - 1) / (PARTS_PER_WORKER * pool.size)));
        for (let from = 1; from < event.pageCount; from += size) {
          const to = Math.min(event.pageCount, from + size);
          if (skipPages.filter((page) => page >= from && page < to).length < to - from) startPart({ from, to });
        }
      }
      poke();
    }).catch((error: unknown) => {
      part.failure = error;
      part.done = true;
      poke();
    });
  };
  startPart(split ? { from: 0, to: 1 } : undefined);
}

/** The file's bytes in shared memory: the parts of a multi-page file go to several workers without a copy each. */
function shared(bytes: Buffer): Uint8Array {
  const copy = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  copy.set(bytes);
  return copy;
}
