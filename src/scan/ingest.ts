/**
 * ENTRY of scanning: files and folders → one recorded outcome per input page, each page written in one transaction
 * keyed by (sha256, page index), so a rerun after a crash skips what is done and ends in the same workspace.
 * Composes the stages: walk inputs (walk-inputs.ts) → read pages in workers (read-pages.ts) → record outcomes
 * (record-outcomes.ts) → cross-page checks (check-sheet.ts, as each page completes its sheet).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PaperlinkError, type OutcomeKind, type UnreadableReason } from '../model/index.js';
import { agreeAcrossSites, findInputsByContent, getOrCreateBatch, listLayouts, type Workspace, workspaceFile } from '../store/index.js';
import { createScanPool, defaultWorkerCount, type ScanPool } from './worker-pool.js';
import type { readPage } from './read-sheet.js';
import { failedAsWholeFile, readFilePages, type FileSlot } from './read-pages.js';
import { createRecorder, createTally, type IngestItem, type Tally } from './record-outcomes.js';
import { skippedByError, walkInputs, type SkippedEntry } from './walk-inputs.js';


export interface IngestOptions {
  readonly batch?: string;
  /** Worker threads; 0 reads in this thread. Default: one per core. */
  readonly workers?: number;
  readonly onProgress?: (progress: IngestProgress) => void;
  /** Reads one input file's bytes; the file system's by default. A seam for tests: a file that vanishes or is refused
   * between the walk and the read (tests run as root, for whom no permission bit makes a file unreadable). */
  readonly readFile?: (path: string) => Buffer;
  /** Reads pages in this thread with this reader instead of readPage: a seam for tests (a reader that throws). */
  readonly readPage?: typeof readPage;
}

export interface IngestProgress {
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly pagesDone: number;
  readonly pagesPerSecond: number;
  readonly outcomes: Readonly<Record<OutcomeKind, number>>;
  readonly file?: string;
  readonly last?: IngestItem;
}

export interface IngestSummary {
  /** Files read (each has one outcome per page in `items`). */
  readonly files: number;
  /** Directory entries and files that got no outcome, in walk order, each with the reason (see SKIPS_NOT_READ). */
  readonly skipped: readonly SkippedEntry[];
  /** Pages given an outcome by this run (new rows in the workspace). */
  readonly pages: number;
  /** Pages that were already in the workspace (same bytes scanned before): left as they were. */
  readonly alreadyRecorded: number;
  readonly outcomes: Readonly<Record<OutcomeKind, number>>;
  readonly unreadable: Readonly<Partial<Record<UnreadableReason, number>>>;
  /** Pages read by this run that were captured in 1-bit black and white. */
  readonly bilevelPages: number;
  readonly items: readonly IngestItem[];
  readonly seconds: number;
  readonly pagesPerSecond: number;
  /** Share of the run the main thread was busy (writing the workspace, hashing files), and each worker (reading pages). */
  readonly busy: { readonly main: number; readonly workers: readonly number[] };
  /** Per worker, the most memory its thread held while reading a page (MiB); empty when reading in this thread. */
  readonly workerPeakMiB: readonly number[];
  /** Site codes and volunteer numbers accepted after the batch because other sheets of their site carry the same value. */
  readonly agreedAcrossSite: number;
}

/** Files read ahead of the oldest unwritten one, per worker: keeps workers busy while results are written in order. */
const READ_AHEAD_PER_WORKER = 2;

/** What to do when the workspace scanned into knows no printed form (said by ingestFiles and by the CLI). */
export const NO_FORMS_HINT = 'Scan into the workspace the forms were printed from: --workspace FOLDER (or PAPERLINK_WORKSPACE). ' +
  'If they were printed on another computer, copy that workspace folder here first: paperlink knows a form by the print runs recorded there.';

export async function ingestFiles(workspace: Workspace, paths: readonly string[], options: IngestOptions = {}): Promise<IngestSummary> {
  const started = performance.now();
  const loopStarted = performance.eventLoopUtilization();
  // 1. Walk the inputs: the files to read, and every other entry with the reason it is skipped.
  const walked = walkInputs(paths);
  const layouts = listLayouts(workspace);
  if (layouts.length === 0) {
    // Every page would be an unknown layout (a mistyped --workspace): refuse before writing anything.
    throw new PaperlinkError('workspace-without-forms', `No forms were printed in the workspace ${workspace.dir}: no page could be recognised.`, NO_FORMS_HINT, { file: workspaceFile(workspace.dir) });
  }
  const batchId = options.batch ? workspace.transaction(() => getOrCreateBatch(workspace, options.batch!)) : null;
  const tally = createTally(walked.skipped);
  const progress = (file?: string, last?: IngestItem): void => {
    if (!options.onProgress) return;
    const seconds = (performance.now() - started) / 1000;
    options.onProgress({ filesDone: tally.filesDone, filesTotal: walked.files.length, pagesDone: tally.pages, pagesPerSecond: seconds > 0 ? tally.pages / seconds : 0,
      outcomes: { ...tally.outcomes }, ...(file ? { file } : {}), ...(last ? { last } : {}) });
  };
  // 3. and 4. Record each page's outcome (and run the sheet's cross-page checks once it is complete), in file order.
  const record = createRecorder(workspace, batchId, tally, (item) => progress(item.file, item));
  // 2. Read the pages in the worker pool, a few files ahead of the recorder.
  const pool = createScanPool({ workers: options.workers ?? defaultWorkerCount(), layouts, ...(options.readPage ? { readPage: options.readPage } : {}) });
  let workers: { busy: number[]; peakMiB: number[] };
  try {
    await readInFileOrder(walked.files, pool, { workspace, readFile: options.readFile ?? ((path) => readFileSync(path)), record, tally, progress });
    workers = { busy: pool.busy(), peakMiB: pool.peakMiB() };
  } finally {
    await pool.close();
  }
  // 5. Site codes and volunteer numbers that other sheets of their site vouch for (store/recurring-fields.ts).
  const agreedAcrossSite = agreeAcrossSites(workspace);
  return { ...summarise(tally, walked.files.length, walked.skipped.length, started, loopStarted, workers), agreedAcrossSite };
}

interface OrderedRun {
  readonly workspace: Workspace;
  readonly readFile: (path: string) => Buffer;
  readonly record: (slot: FileSlot) => boolean;
  readonly tally: Tally;
  readonly progress: () => void;
}

/**
 * Reads files into the pool while the recorder writes finished ones strictly in file order (and page order within a
 * file), whichever worker finishes first: that makes "which image came first" for duplicates and conflicts, and so the
 * final workspace, deterministic. At most READ_AHEAD_PER_WORKER files per worker are read ahead of the recorder.
 */
async function readInFileOrder(files: readonly string[], pool: ScanPool, run: OrderedRun): Promise<void> {
  const slots: (FileSlot | undefined)[] = new Array(files.length);
  const seenInRun = new Set<string>();
  let writeIndex = 0;
  let readIndex = 0;
  const window = Math.max(1, pool.size) * READ_AHEAD_PER_WORKER;
  let wake: (() => void) | undefined;
  // The recorder is woken on the next turn of the event loop, not at once: a worker's 'done' comes right behind its last
  // page, and handling it first hands the worker its next file before that page is written (the worker sat idle
  // through the page's SQLite transaction, ≈ 8 ms a page, when the write ran between the two messages).
  let wakeScheduled = false;
  const poke = (): void => {
    if (wakeScheduled) return;
    wakeScheduled = true;
    setImmediate(() => {
      wakeScheduled = false;
      wake?.();
    });
  };
  const writeReady = (): void => {
    while (writeIndex < readIndex) {
      const slot = slots[writeIndex];
      if (!slot || !run.record(slot)) return;
      slots[writeIndex] = undefined;
      writeIndex += 1;
      run.tally.filesDone += 1;
      run.progress();
    }
  };
  while (writeIndex < files.length) {
    while (readIndex < files.length && readIndex - writeIndex < window) {
      slots[readIndex] = openSlot(files[readIndex]!, pool, run, seenInRun, poke);
      readIndex += 1;
    }
    writeReady();
    if (writeIndex >= files.length) break;
    if (readIndex - writeIndex >= window || readIndex >= files.length) {
      await new Promise<void>((resolveWake) => { wake = resolveWake; });
      wake = undefined;
    }
  }
}

/** One file's slot: its bytes read and hashed, then skipped (vanished or refused since the walk), a copy of bytes
 * already seen (nothing to read), or its pages sent to the pool. */
function openSlot(file: string, pool: ScanPool, run: OrderedRun, seenInRun: Set<string>, poke: () => void): FileSlot {
  let bytes: Buffer;
  try {
    bytes = run.readFile(file);
  } catch (error) {
    // Vanished or refused since the walk: said in the summary, and the batch goes on.
    return { kind: 'skipped', entry: skippedByError(file, error) };
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const before = findInputsByContent(run.workspace, sha256);
  if (seenInRun.has(sha256) || failedAsWholeFile(before)) return { kind: 'copy', file, sha256 };
  seenInRun.add(sha256);
  const slot: FileSlot = { kind: 'read', file, sha256, before, parts: [], writing: 0 };
  readFilePages(pool, slot, bytes, poke);
  return slot;
}

function summarise(tally: Tally, filesWalked: number, skippedByWalk: number, started: number, loopStarted: ReturnType<typeof performance.eventLoopUtilization>,
  workers: { busy: number[]; peakMiB: number[] }): Omit<IngestSummary, 'agreedAcrossSite'> {
  const seconds = (performance.now() - started) / 1000;
  const busy = { main: round3(performance.eventLoopUtilization(loopStarted).utilization), workers: workers.busy.map(round3) };
  return {
    files: filesWalked - (tally.skipped.length - skippedByWalk), skipped: tally.skipped, pages: tally.pages, alreadyRecorded: tally.alreadyRecorded,
    outcomes: tally.outcomes, unreadable: tally.unreadable, bilevelPages: tally.bilevelPages, items: tally.items, seconds,
    pagesPerSecond: seconds > 0 ? tally.pages / seconds : 0, busy, workerPeakMiB: workers.peakMiB,
  };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
