/**
 * ENTRY of scanning: files and folders → one recorded outcome per input page, each page written in one transaction
 * keyed by (sha256, page index), so a rerun after a crash skips what is done and ends in the same workspace.
 * Reading happens in the worker pool; only this module writes the workspace (one thread writes SQLite).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  checkSheetFields, PaperlinkError, humanSheetId, leafFields, type FieldId, type FieldReading, type FormDefinition, type FieldValue, type Outcome, type OutcomeKind, type UnreadableReason,
  READER_FAILED_HINT,
} from '../model/index.js';
import {
  findInput, findInputsByContent, getInput, getLayout, listCapturesOfSheet, listSheetFields, markSheetFieldCheckFailed, getOrCreateBatch, getOrCreateSheet, getSheetField, insertCapture, insertCrops,
  insertFieldReadings, insertInput, listCapturesOfPage, listFieldReadings, listLayouts, markSheetFieldConflict, setSheetFields,
  type InputRecord, type Workspace, workspaceFile,
} from '../store/index.js';
import { createScanPool, defaultWorkerCount } from './worker-pool.js';
import type { JobEvent, PageData } from './scan-worker.js';
import type { readPage } from './read-sheet.js';
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

/** What happened to one input page in this run: its Outcome, and where it came from. */
export type IngestItem = Outcome & {
  readonly file: string;
  readonly page: number;
  readonly sha256: string;
  /** false: the page was in the workspace already (same bytes scanned before), and this run changed nothing. */
  readonly recorded: boolean;
  /** A read page captured in 1-bit black and white (light pencil may be lost: advise greyscale). */
  readonly bilevel?: true;
};

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
}

/** Files read ahead of the oldest unwritten one, per worker: keeps workers busy while results are written in order. */
const READ_AHEAD_PER_WORKER = 2;

function emptyOutcomes(): Record<OutcomeKind, number> {
  return { accepted: 0, 'needs-review': 0, duplicate: 0, conflict: 0, unreadable: 0 };
}

function canonicalValue(value: FieldValue | undefined): string {
  return JSON.stringify(Array.isArray(value) ? [...value].sort() : value ?? null);
}

/** One job's share of a file: all its pages, or (a multi-page file on several workers) a range of them. */
interface FilePart { readonly events: JobEvent[]; done: boolean; failure?: unknown }

type FileSlot =
  | { readonly kind: 'skipped'; readonly entry: SkippedEntry }
  | { readonly kind: 'copy'; readonly file: string; readonly sha256: string }
  | {
      readonly kind: 'read'; readonly file: string; readonly sha256: string; readonly before: readonly InputRecord[];
      /** In page order; parts after the first are added when the first reports the page count. */
      readonly parts: FilePart[]; writing: number; pageCount?: number;
    };

/** PDF and TIFF may hold many pages: with more than one worker they are read in parts (the first page, then up to
 * PARTS_PER_WORKER parts per worker), so a 50-page scanner PDF keeps every worker busy instead of one. Each part opens
 * the file again (~20 ms for a 24-page, 20 MB scanner PDF against 300+ ms to read a page), hence parts, not pages. */
const PARTS_PER_WORKER = 8;

/** Formats that can hold more than one page (sniffed as load-image.ts does; a multi-page WebP is read whole). */
function mayHoldPages(bytes: Buffer): boolean {
  const head = bytes.toString('latin1', 0, 5);
  return head === '%PDF-' || head.startsWith('II*\0') || head.startsWith('MM\0*');
}

/** What to do when the workspace scanned into knows no printed form (said by ingestFiles and by the CLI). */
export const NO_FORMS_HINT = 'Scan into the workspace the forms were printed from: --workspace FOLDER (or PAPERLINK_WORKSPACE). ' +
  'If they were printed on another computer, copy that workspace folder here first: paperlink knows a form by the print runs recorded there.';

export async function ingestFiles(workspace: Workspace, paths: readonly string[], options: IngestOptions = {}): Promise<IngestSummary> {
  const started = performance.now();
  const loopStarted = performance.eventLoopUtilization();
  const walked = walkInputs(paths);
  const files = walked.files;
  const skipped: SkippedEntry[] = [...walked.skipped];
  const readFile = options.readFile ?? ((path: string) => readFileSync(path));
  const layouts = listLayouts(workspace);
  if (layouts.length === 0) {
    // Every page would be an unknown layout (a mistyped --workspace): refuse before writing anything.
    throw new PaperlinkError('workspace-without-forms', `No forms were printed in the workspace ${workspace.dir}: no page could be recognised.`, NO_FORMS_HINT, { file: workspaceFile(workspace.dir) });
  }
  const batchId = options.batch ? workspace.transaction(() => getOrCreateBatch(workspace, options.batch!)) : null;
  const definitions: DefinitionCache = new Map();
  const pool = createScanPool({ workers: options.workers ?? defaultWorkerCount(), layouts, ...(options.readPage ? { readPage: options.readPage } : {}) });
  const items: IngestItem[] = [];
  const outcomes = emptyOutcomes();
  const unreadable: Partial<Record<UnreadableReason, number>> = {};
  let pages = 0;
  let alreadyRecorded = 0;
  let bilevelPages = 0;
  let filesDone = 0;

  const progress = (file?: string, last?: IngestItem): void => {
    if (!options.onProgress) return;
    const seconds = (performance.now() - started) / 1000;
    options.onProgress({ filesDone, filesTotal: files.length, pagesDone: pages, pagesPerSecond: seconds > 0 ? pages / seconds : 0,
      outcomes: { ...outcomes }, ...(file ? { file } : {}), ...(last ? { last } : {}) });
  };
  const note = (item: IngestItem): void => {
    items.push(item);
    if (item.recorded) {
      pages += 1;
      outcomes[item.outcome] += 1;
      if (item.bilevel) bilevelPages += 1;
      if (item.outcome === 'unreadable') unreadable[item.reason] = (unreadable[item.reason] ?? 0) + 1;
    } else {
      alreadyRecorded += 1;
    }
    progress(item.file, item);
  };
  /** Pages of this content recorded before: the earlier outcome stands; under another name it is a duplicate file. */
  const noteRecordedBefore = (file: string, earlier: readonly InputRecord[]): void => {
    for (const input of earlier) {
      const sameName = input.file === file;
      note({ file, page: input.pageIndex + 1, sha256: input.sha256, recorded: false,
        ...(sameName ? outcomeOfRecord(input)
          : { outcome: 'duplicate', reason: 'same-file', message: `The same file was scanned before as ${input.file}.`, of: `${input.file} page ${input.pageIndex + 1}` }) });
    }
  };

  // Results are written strictly in file order (and page order within a file), whichever worker finishes first:
  // that makes "which image came first" for duplicates and conflicts, and so the final workspace, deterministic.
  const slots: (FileSlot | undefined)[] = new Array(files.length);
  const seenInRun = new Set<string>();
  let writeIndex = 0;
  let readIndex = 0;
  const window = Math.max(1, pool.size) * READ_AHEAD_PER_WORKER;
  let wake: (() => void) | undefined;
  let workersBusy: number[] = [];
  let workerPeakMiB: number[] = [];
  const poke = (): void => { wake?.(); };

  const writeSlot = (slot: FileSlot): boolean => {
    if (slot.kind === 'skipped') {
      skipped.push(slot.entry);
      return true;
    }
    if (slot.kind === 'copy') {
      noteRecordedBefore(slot.file, findInputsByContent(workspace, slot.sha256));
      return true;
    }
    // Parts are written in page order; a part's pages are written as they come, the next part once it is done.
    for (;;) {
      const part = slot.parts[slot.writing]!;
      while (part.events.length > 0) {
        const event = part.events.shift()!;
        if (event.kind === 'opened') slot.pageCount ??= event.pageCount;
        else if (event.kind === 'failed' && slot.writing > 0) part.failure ??= new Error(event.message);
        else if (event.kind === 'failed') note(writePage(workspace, definitions, slot, batchId, { kind: 'unreadable', pageIndex: 0, reason: event.reason, message: event.message }));
        else if (event.kind === 'page') note(writePage(workspace, definitions, slot, batchId, event.page));
      }
      if (!part.done) return false;
      if (slot.writing + 1 >= slot.parts.length) break;
      slot.writing += 1;
    }
    const failure = slot.parts.find((part) => part.failure !== undefined)?.failure;
    if (failure !== undefined) {
      // The worker died on this file: every page still without an outcome is recorded as unreadable, so nothing is lost.
      const known = new Set(findInputsByContent(workspace, slot.sha256).map((input) => input.pageIndex));
      // That is paperlink's fault (a bug, memory exhausted), not the paper's: reader-failed, reported rather than re-scanned.
      const message = `paperlink stopped while reading this file (${failure instanceof Error ? failure.message : String(failure)}). ${READER_FAILED_HINT}`;
      for (let pageIndex = 0; pageIndex < (slot.pageCount ?? 1); pageIndex++) {
        if (!known.has(pageIndex)) note(writePage(workspace, definitions, slot, batchId, { kind: 'unreadable', pageIndex, reason: 'reader-failed', message }));
      }
    }
    noteRecordedBefore(slot.file, slot.before);
    return true;
  };

  const writeReady = (): void => {
    while (writeIndex < readIndex) {
      const slot = slots[writeIndex];
      if (!slot || !writeSlot(slot)) return;
      slots[writeIndex] = undefined;
      writeIndex += 1;
      filesDone += 1;
      progress();
    }
  };

  try {
    while (writeIndex < files.length) {
      while (readIndex < files.length && readIndex - writeIndex < window) {
        const index = readIndex;
        const file = files[index]!;
        let bytes: Buffer;
        try {
          bytes = readFile(file);
        } catch (error) {
          // Vanished or refused since the walk: said in the summary, and the batch goes on.
          slots[index] = { kind: 'skipped', entry: skippedByError(file, error) };
          readIndex += 1;
          continue;
        }
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        readIndex += 1;
        const before = findInputsByContent(workspace, sha256);
        const fileFailedBefore = before.length === 1 && before[0]!.pageIndex === 0 && before[0]!.sheetId === null &&
          (before[0]!.reason === 'corrupt-file' || before[0]!.reason === 'too-large' || before[0]!.reason === 'unsupported-format');
        if (seenInRun.has(sha256) || fileFailedBefore) {
          slots[index] = { kind: 'copy', file, sha256 };
          continue;
        }
        seenInRun.add(sha256);
        const slot: FileSlot = { kind: 'read', file, sha256, before, parts: [], writing: 0 };
        slots[index] = slot;
        const skipPages = before.map((input) => input.pageIndex);
        const split = pool.size > 1 && mayHoldPages(bytes);
        const jobBytes = split ? shared(bytes) : bytes;
        // Parts are created in page order, each as soon as the page count is known (never later than the first part's
        // 'done'), so when the writer reaches a part's end every later part already exists.
        const startPart = (pages?: { from: number; to: number }): void => {
          const part: FilePart = { events: [], done: false };
          slot.parts.push(part);
          pool.run({ fileName: file, bytes: jobBytes, skipPages, ...(pages ? { pages } : {}) }, (event) => {
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
      writeReady();
      if (writeIndex >= files.length) break;
      if (readIndex - writeIndex >= window || readIndex >= files.length) {
        await new Promise<void>((resolveWake) => { wake = resolveWake; });
        wake = undefined;
      }
    }
    workersBusy = pool.busy();
    workerPeakMiB = pool.peakMiB();
  } finally {
    await pool.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const busy = { main: round3(performance.eventLoopUtilization(loopStarted).utilization), workers: workersBusy.map(round3) };
  const filesRead = files.length - (skipped.length - walked.skipped.length);
  return { files: filesRead, skipped, pages, alreadyRecorded, outcomes, unreadable, bilevelPages, items, seconds, pagesPerSecond: seconds > 0 ? pages / seconds : 0, busy, workerPeakMiB };
}

/** Writes one page's whole outcome in one transaction: input row, sheet, capture, readings, crops, current values. */
type DefinitionCache = Map<string, { definition: FormDefinition; leafIds: FieldId[] } | null>;

function writePage(workspace: Workspace, definitions: DefinitionCache, slot: { file: string; sha256: string }, batchId: number | null, page: PageData): IngestItem {
  const base = { file: slot.file, page: page.pageIndex + 1, sha256: slot.sha256 };
  return workspace.transaction((): IngestItem => {
    const existing = findInput(workspace, slot.sha256, page.pageIndex);
    if (existing) return { ...base, ...outcomeOfRecord(existing), recorded: false };
    if (page.kind === 'unreadable') {
      insertInput(workspace, { sha256: slot.sha256, pageIndex: page.pageIndex, file: slot.file, batchId, outcome: 'unreadable',
        reason: page.reason, message: page.message, qrText: page.qrText ?? null, image: page.imageJpeg ?? null });
      return { ...base, outcome: 'unreadable', reason: page.reason, message: page.message, recorded: true };
    }
    return { ...base, ...writeReadPage(workspace, page, (input) => insertInput(workspace,
      { sha256: slot.sha256, pageIndex: page.pageIndex, file: slot.file, batchId, qrText: page.qrText, ...input }).id, definitions), recorded: true,
      ...(page.metrics.bilevel ? { bilevel: true as const } : {}) };
  });
}

/** The input row of a read page, as writeReadPage decided it; the caller stores it and returns its id. */
export interface ReadInputRow {
  readonly outcome: OutcomeKind; readonly sheetId: number; readonly pageNo: number;
  readonly reason?: 'conflict'; readonly message?: string; readonly duplicateOf?: number;
}

/**
 * Writes a read page into the workspace, inside the caller's transaction: sheet, input row (through `storeInput`: a new
 * row in ingest, the identified unreadable row in identify-page.ts), capture, readings, crops and current values — or,
 * when that sheet page was read before, a duplicate or a conflict. Returns what happened, for the caller's item.
 */
export function writeReadPage(workspace: Workspace, page: Extract<PageData, { kind: 'read' }>, storeInput: (row: ReadInputRow) => number,
  definitions: DefinitionCache = new Map()):
  Outcome {
  const sheet = getOrCreateSheet(workspace, { formId: page.formId, fingerprint: page.fingerprint, site: page.code.site, serial: page.code.serial, pageCount: page.pageCount });
  const sheetName = humanSheetId(page.code);
  const row = { sheetId: sheet.id, pageNo: page.pageNo };
  const capture = (inputId: number): number => {
    const stored = insertCapture(workspace, { inputId, sheetId: sheet.id, pageNo: page.pageNo, transform: page.transform,
      residualMm: page.transform.residualMm, metrics: page.metrics, pageImage: page.pageJpeg });
    insertFieldReadings(workspace, stored.id, page.fields);
    insertCrops(workspace, stored.id, page.crops);
    return stored.id;
  };
  const first = listCapturesOfPage(workspace, sheet.id, page.pageNo)[0];
  if (!first) {
    const failing = sheetCheckFailures(workspace, definitions, sheet.id, page);
    const outcome: OutcomeKind = page.fields.some((field) => field.status === 'needs-review' || failing.has(field.fieldId)) ? 'needs-review' : 'accepted';
    const inputId = storeInput({ ...row, outcome });
    setSheetFields(workspace, sheet.id, page.pageNo, capture(inputId), page.fields);
    for (const fieldId of failing.keys()) markSheetFieldCheckFailed(workspace, sheet.id, fieldId);
    return { outcome, sheet: sheetName };
  }
  // The same sheet page was read before from another image: never count it twice.
  const firstInput = getInput(workspace, first.inputId)!;
  const earlier = new Map(listFieldReadings(workspace, first.id).map((reading) => [reading.fieldId, reading.value]));
  const differing = page.fields.filter((field) => canonicalValue(earlier.get(field.fieldId)) !== canonicalValue(field.value));
  const of = `${firstInput.file} page ${firstInput.pageIndex + 1}`;
  if (differing.length === 0) {
    storeInput({ ...row, outcome: 'duplicate', duplicateOf: firstInput.id, message: `Same sheet page and same values as ${of}.` });
    return { outcome: 'duplicate', sheet: sheetName, of };
  }
  const message = `This image of ${sheetName} page ${page.pageNo} differs from ${of} in ${differing.length} field${differing.length === 1 ? '' : 's'} (${differing.map((field) => field.fieldId).join(', ')}): sent to review.`;
  const inputId = storeInput({ ...row, outcome: 'conflict', reason: 'conflict', message, duplicateOf: firstInput.id });
  capture(inputId);
  for (const field of differing) markConflict(workspace, sheet.id, field);
  return { outcome: 'conflict', reason: 'conflict', message, sheet: sheetName, of };
}

/**
 * Cross-field checks over the whole sheet, evaluated once this page completes it (every page captured): the
 * distribution rows on page 1 against the stock issued on page 2. Current values of the other pages come from
 * sheet_fields (reviewed values count as settled), this page's from its reading. Returns the `auto` fields to
 * send to review. Checks within one page already ran in readPage; they evaluate the same here.
 */
function sheetCheckFailures(workspace: Workspace, definitions: DefinitionCache, sheetId: number, page: Extract<PageData, { kind: 'read' }>): Map<FieldId, string[]> {
  let known = definitions.get(page.fingerprint);
  if (known === undefined) {
    const definition = getLayout(workspace, page.fingerprint)?.definition;
    known = definition ? { definition, leafIds: leafFields(definition).map((leaf) => leaf.id) } : null;
    definitions.set(page.fingerprint, known);
  }
  if (!known || known.definition.checks.length === 0) return new Map();
  const pages = new Set(listCapturesOfSheet(workspace, sheetId).map((capture) => capture.pageNo));
  pages.add(page.pageNo);
  if (pages.size < page.pageCount) return new Map();
  return checkSheetFields(known.definition.checks, known.leafIds, listSheetFields(workspace, sheetId), page.fields);
}

/** The outcome a stored inputs row records (a page scanned before is reported from its row). */
function outcomeOfRecord(input: InputRecord): Outcome {
  switch (input.outcome) {
    case 'unreadable':
      // An unreadable row is always stored with its reason; the fallback only satisfies the row's wider column type.
      return { outcome: 'unreadable', reason: input.reason === 'conflict' || input.reason === null ? 'corrupt-file' : input.reason, message: input.message ?? '' };
    case 'conflict':
      return { outcome: 'conflict', reason: 'conflict', message: input.message ?? '' };
    case 'duplicate':
      return { outcome: 'duplicate', ...(input.message ? { message: input.message } : {}) };
    case 'accepted':
    case 'needs-review':
      return { outcome: input.outcome };
  }
}

/** The file's bytes in shared memory: the parts of a multi-page file go to several workers without a copy each. */
function shared(bytes: Buffer): Uint8Array {
  const copy = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  copy.set(bytes);
  return copy;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function markConflict(workspace: Workspace, sheetId: number, field: FieldReading): void {
  const current = getSheetField(workspace, sheetId, field.fieldId);
  // A person already decided this field and the new image agrees with them: nothing to review.
  if (current?.status === 'reviewed' && canonicalValue(current.value) === canonicalValue(field.value)) return;
  markSheetFieldConflict(workspace, sheetId, field.fieldId, field.value);
}
