/**
 * Third stage of ingest: each page's Outcome into the workspace, one transaction per page (input row, sheet, capture,
 * readings, crops, current values), written in file and page order so that duplicates and conflicts are deterministic.
 * Also the run's tally. The only stage that writes SQLite; it reads no files and decides no field values.
 */
import {
  humanSheetId, READER_FAILED_HINT, type FieldReading, type FieldValue, type Outcome, type OutcomeKind, type UnreadableReason,
} from '../model/index.js';
import {
  findInput, findInputsByContent, getInput, getOrCreateSheet, getSheetField, insertCapture, insertCrops, insertFieldReadings, insertInput,
  listCapturesOfPage, listFieldReadings, markSheetFieldCheckFailed, markSheetFieldConflict, setSheetFields, type InputRecord, type Workspace,
} from '../store/index.js';
import { sheetCheckFailures, type DefinitionCache } from './check-sheet.js';
import type { FileSlot } from './read-pages.js';
import type { PageData } from './scan-worker.js';
import type { SkippedEntry } from './walk-inputs.js';

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

/** The run's counts so far (the summary and the progress line are made from it). */
export interface Tally {
  readonly items: IngestItem[];
  readonly skipped: SkippedEntry[];
  readonly outcomes: Record<OutcomeKind, number>;
  readonly unreadable: Partial<Record<UnreadableReason, number>>;
  /** Pages given an outcome by this run. */
  pages: number;
  alreadyRecorded: number;
  bilevelPages: number;
  filesDone: number;
}

export function createTally(skipped: readonly SkippedEntry[]): Tally {
  return { items: [], skipped: [...skipped], outcomes: { accepted: 0, 'needs-review': 0, duplicate: 0, conflict: 0, unreadable: 0 },
    unreadable: {}, pages: 0, alreadyRecorded: 0, bilevelPages: 0, filesDone: 0 };
}

function noteItem(tally: Tally, item: IngestItem): void {
  tally.items.push(item);
  if (!item.recorded) {
    tally.alreadyRecorded += 1;
    return;
  }
  tally.pages += 1;
  tally.outcomes[item.outcome] += 1;
  if (item.bilevel) tally.bilevelPages += 1;
  if (item.outcome === 'unreadable') tally.unreadable[item.reason] = (tally.unreadable[item.reason] ?? 0) + 1;
}

/**
 * The recorder of one run: `write(slot)` writes what the slot's file has ready, in page order, and says whether the
 * file is complete (false: wait for more of its pages). `onItem` hears of every item (the progress line).
 */
export function createRecorder(workspace: Workspace, batchId: number | null, tally: Tally, onItem: (item: IngestItem) => void): (slot: FileSlot) => boolean {
  const definitions: DefinitionCache = new Map();
  const note = (item: IngestItem): void => {
    noteItem(tally, item);
    onItem(item);
  };
  const write = (slot: { file: string; sha256: string }, page: PageData): void => note(writePage(workspace, definitions, slot, batchId, page));
  /** Pages of this content recorded before: the earlier outcome stands; under another name it is a duplicate file. */
  const noteRecordedBefore = (file: string, earlier: readonly InputRecord[]): void => {
    for (const input of earlier) {
      note({ file, page: input.pageIndex + 1, sha256: input.sha256, recorded: false,
        ...(input.file === file ? outcomeOfRecord(input)
          : { outcome: 'duplicate', reason: 'same-file', message: `The same file was scanned before as ${input.file}.`, of: `${input.file} page ${input.pageIndex + 1}` }) });
    }
  };

  return (slot) => {
    if (slot.kind === 'skipped') {
      tally.skipped.push(slot.entry);
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
        else if (event.kind === 'failed') write(slot, { kind: 'unreadable', pageIndex: 0, reason: event.reason, message: event.message });
        else if (event.kind === 'page') write(slot, event.page);
      }
      if (!part.done) return false;
      if (slot.writing + 1 >= slot.parts.length) break;
      slot.writing += 1;
    }
    const failure = slot.parts.find((part) => part.failure !== undefined)?.failure;
    if (failure !== undefined) {
      // The worker died on this file: every page still without an outcome is recorded, so nothing is lost. That is
      // paperlink's fault (a bug, memory exhausted), not the paper's: reader-failed, reported rather than re-scanned.
      const known = new Set(findInputsByContent(workspace, slot.sha256).map((input) => input.pageIndex));
      const message = `paperlink stopped while reading this file (${failure instanceof Error ? failure.message : String(failure)}). ${READER_FAILED_HINT}`;
      for (let pageIndex = 0; pageIndex < (slot.pageCount ?? 1); pageIndex++) {
        if (!known.has(pageIndex)) write(slot, { kind: 'unreadable', pageIndex, reason: 'reader-failed', message });
      }
    }
    noteRecordedBefore(slot.file, slot.before);
    return true;
  };
}

/** Writes one page's whole outcome in one transaction: input row, sheet, capture, readings, crops, current values. */
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
 * when that sheet page was read before, a duplicate or a conflict. Returns the page's outcome.
 */
export function writeReadPage(workspace: Workspace, page: Extract<PageData, { kind: 'read' }>, storeInput: (row: ReadInputRow) => number,
  definitions: DefinitionCache = new Map()): Outcome {
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
    const outcome = page.fields.some((field) => field.status === 'needs-review' || failing.has(field.fieldId)) ? 'needs-review' : 'accepted';
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

function canonicalValue(value: FieldValue | undefined): string {
  return JSON.stringify(Array.isArray(value) ? [...value].sort() : value ?? null);
}

function markConflict(workspace: Workspace, sheetId: number, field: FieldReading): void {
  const current = getSheetField(workspace, sheetId, field.fieldId);
  // A person already decided this field and the new image agrees with them: nothing to review.
  if (current?.status === 'reviewed' && canonicalValue(current.value) === canonicalValue(field.value)) return;
  markSheetFieldConflict(workspace, sheetId, field.fieldId, field.value);
}
