/**
 * ENTRY (worker side) of ingest: one input file → plain data per page (readings, PNG crops, JPEG page image).
 * Runs in a worker thread or in-process (workers: 0); it never touches the workspace: the main thread alone writes SQLite.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import sharp, { type Sharp } from 'sharp';
import { constants as zlibConstants, crc32, deflateSync } from 'node:zlib';
import { codeNamesLayout, READER_FAILED_HINT, type FieldReading, type GrayImage, type PageMetrics, type SheetCode, type UnreadableReason } from '../model/index.js';
import type { StoredLayout } from '../store/index.js';
import { openInput, type LoadedPage, type OpenedInput } from './load-image.js';
import { readPage, type PageReading, type PageTransform, type ReadPageOptions } from './read-sheet.js';
import { HALF_SIZE_FIELD_MIN_PX_PER_MM } from './thresholds.js';
import { applyHomography, composeHomographies, reducedToFullPixels } from './transform.js';

/** Stored page images are downscaled to this long side (≈ 150 dpi on A4): enough for a reviewer, a quarter of the bytes. */
export const STORED_PAGE_LONG_SIDE_PX = 1754;
export const STORED_PAGE_JPEG_QUALITY = 75;
/**
 * An unreadable page is kept big enough to be READ again once a person keys in its printed id (identify-page.ts): the
 * recognisers need ≈ 8 px/mm (2400 px on A4's 297 mm ≈ 8.1 px/mm; digit cells and tick boxes blur away at the old 1200 px),
 * and JPEG 85 keeps light ticks and pencil strokes that quality 70 smears. Measured ≈ 0.4–0.55 MB per unreadable A4 page.
 */
export const UNREADABLE_PREVIEW_LONG_SIDE_PX = 2400;
export const UNREADABLE_PREVIEW_JPEG_QUALITY = 85;

export interface ScanJob {
  readonly fileName: string;
  readonly bytes: Uint8Array;
  /** Page indexes already recorded in the workspace (a resumed run reads only the rest). */
  readonly skipPages: readonly number[];
  /** Only the pages from..to−1 (one part of a multi-page file read by several workers); absent: every page. */
  readonly pages?: { readonly from: number; readonly to: number };
}

export type PageData =
  | {
      readonly kind: 'read'; readonly pageIndex: number; readonly qrText: string; readonly code: SheetCode;
      readonly formId: string; readonly fingerprint: string; readonly pageCount: number; readonly pageNo: number;
      readonly transform: PageTransform; readonly fields: readonly FieldReading[];
      readonly crops: readonly { fieldId: string; png: Uint8Array }[]; readonly pageJpeg: Uint8Array; readonly metrics: PageMetrics;
    }
  | {
      readonly kind: 'unreadable'; readonly pageIndex: number; readonly reason: UnreadableReason; readonly message: string;
      readonly qrText?: string; readonly imageJpeg?: Uint8Array;
    };

export type JobEvent =
  | { readonly kind: 'opened'; readonly pageCount: number }
  | { readonly kind: 'failed'; readonly reason: 'corrupt-file' | 'too-large' | 'unsupported-format' | 'reader-failed'; readonly message: string }
  | { readonly kind: 'page'; readonly page: PageData }
  | { readonly kind: 'done'; readonly threadPeakMiB?: number };

/** Finds the layout a sheet code was printed with among the workspace's layouts (older versions included). */
export function layoutLookup(layouts: readonly StoredLayout[]): (code: SheetCode) => StoredLayout | undefined {
  return (code) => layouts.find((stored) => codeNamesLayout(code, stored));
}

function rawInput(image: GrayImage): Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } });
}

async function encodeJpeg(image: GrayImage, longSidePx: number, quality: number): Promise<Uint8Array> {
  const resize = Math.max(image.width, image.height) > longSidePx
    ? (image.width >= image.height ? { width: longSidePx } : { height: longSidePx }) : undefined;
  const pipeline = rawInput(image);
  // Without libjpeg's second pass for optimal Huffman tables: half the encoding time (7 against 14 ms for a page image
  // at 4 px/mm) for ≈ 5 % more bytes.
  return new Uint8Array(await (resize ? pipeline.resize(resize) : pipeline).jpeg({ quality, optimiseCoding: false }).toBuffer());
}

/**
 * Crops are small (a digit cell is 68 × 84 px) and many (≈ 60 per intake page): a direct 8-bit grey PNG with zlib
 * costs a fraction of a sharp round trip through the thread pool per crop.
 */
export function encodePng(image: GrayImage): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(image.width, 0);
  header.writeUInt32BE(image.height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(0, 9); // colour type: grey
  const png = Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(subFilteredRows(image), { strategy: zlibConstants.Z_HUFFMAN_ONLY })), pngChunk('IEND', Buffer.alloc(0))]);
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * The PNG's scanlines, each with filter byte 1 (sub: each byte minus the one to its left), for Huffman coding alone.
 * Paper and ink are long runs of near-equal grey, so the differences are mostly 0 and ±1: measured on intake crops,
 * 4.8 ms a page and 139 KB against 11.5 ms and 147 KB for unfiltered rows at zlib level 4 (tmp measurements, see the
 * commit). A function of its own, apart from the chunk assembly: V8 optimises this loop while it runs (on-stack
 * replacement), and that code, entered again by every later crop, was deoptimised after the loop on each of them,
 * having no type feedback for what follows.
 */
function subFilteredRows({ width, height, data }: GrayImage): Buffer {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    const out = y * (width + 1);
    const row = y * width;
    raw[out] = 1;
    let left = 0;
    for (let x = 0; x < width; x++) {
      const value = data[row + x]!;
      raw[out + 1 + x] = (value - left) & 0xff;
      left = value;
    }
  }
  return raw;
}

/** One PNG chunk: length, type, body, CRC of type and body. */
function pngChunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body, crc32(head.subarray(4))) >>> 0, 0);
  return Buffer.concat([head, body, crc]);
}

/**
 * Reads one page image into plain data for the workspace; `options.knownCode` when a person identified the page.
 * `read` is the page reader (readPage; a test passes one that throws). A reader that throws is paperlink's fault, not
 * the scan's: the page is `reader-failed`, with the error's own message kept for the log.
 */
export async function readOnePage(image: GrayImage, pageIndex: number, lookup: ReturnType<typeof layoutLookup>,
  options: ReadPageOptions = {}, read: typeof readPage = readPage): Promise<PageData> {
  return pageDataOf(await readSafely(image, lookup, options, read), image, pageIndex);
}

export type SafeReading = PageReading | { readonly kind: 'failed'; readonly message: string };

async function readSafely(image: GrayImage, lookup: ReturnType<typeof layoutLookup>, options: ReadPageOptions, read: typeof readPage): Promise<SafeReading> {
  try {
    return await read(image, lookup, options);
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { kind: 'failed', message: `paperlink failed while reading this page (${detail}). ${READER_FAILED_HINT}` };
  }
}

/**
 * A page read at the working resolution (large JPEGs decoded at half size), and decoded whole and read again when
 * that was not enough: no sheet found on a page that is not blank (the slow QR readers and the unreadable page's
 * preview want every pixel), the reader failed, or the registered page has fewer px/mm than fields are read at.
 * The transform is stated in the file's own pixels however the page was read.
 */
export async function readInputPage(opened: Extract<OpenedInput, { ok: true }>, pageIndex: number,
  lookup: ReturnType<typeof layoutLookup>, read: typeof readPage = readPage): Promise<{ reading: SafeReading; image: GrayImage }> {
  const loadStarted = performance.now();
  let image: LoadedPage = await opened.loadPage(pageIndex, 'working');
  let loadMs = performance.now() - loadStarted;
  const whole = image.loadRegion ? { factor: image.shrunkOnLoad, loadRegion: image.loadRegion } : undefined;
  let reading = await readSafely(image, lookup, whole ? { wholeResolution: whole } : {}, read);
  if (image.shrunkOnLoad > 1 && needsWholePage(reading)) {
    const halfSizeMs = reading.kind === 'failed' ? 0 : Number(reading.metrics['totalMs'] ?? 0);
    const wholeStarted = performance.now();
    image = await opened.loadPage(pageIndex, 'full');
    loadMs += performance.now() - wholeStarted;
    reading = await readSafely(image, lookup, {}, read);
    if (reading.kind !== 'failed') reading = { ...reading, metrics: { ...reading.metrics, halfSizeRetry: true, halfSizeTotalMs: halfSizeMs } };
  }
  if (reading.kind === 'read' && image.shrunkOnLoad > 1) reading = { ...reading, transform: inFilePixels(reading.transform, image.shrunkOnLoad) };
  // loadMs: decoding the page (both times when it was decoded whole again), beside readPage's own stages.
  if (reading.kind !== 'failed') reading = { ...reading, metrics: { ...reading.metrics, shrunkOnLoad: image.shrunkOnLoad, loadMs: Math.round(loadMs * 10) / 10 } };
  return { reading, image };
}

/** A transform found on a page decoded 1/factor size, restated in the file's own pixels (what is stored, whatever size
 * a page was read at). The local correction is in page mm and stays as it is. */
function inFilePixels(transform: PageTransform, factor: number): PageTransform {
  const toFile = reducedToFullPixels(factor);
  return { ...transform, homography: composeHomographies(toFile, transform.homography), scale: transform.scale * factor,
    marksPx: transform.marksPx.map((point) => (point ? applyHomography(toFile, point) : null)) };
}

function needsWholePage(reading: SafeReading): boolean {
  if (reading.kind === 'failed') return true;
  if (reading.kind === 'unreadable') return reading.reason !== 'blank-page';
  return reading.transform.scale < HALF_SIZE_FIELD_MIN_PX_PER_MM;
}

async function pageDataOf(reading: SafeReading, image: GrayImage, pageIndex: number): Promise<PageData> {
  if (reading.kind === 'failed') {
    return { kind: 'unreadable', pageIndex, reason: 'reader-failed', message: reading.message,
      imageJpeg: await encodeJpeg(image, UNREADABLE_PREVIEW_LONG_SIDE_PX, UNREADABLE_PREVIEW_JPEG_QUALITY) };
  }
  if (reading.kind === 'unreadable') {
    return { kind: 'unreadable', pageIndex, reason: reading.reason, message: reading.message, ...(reading.qrText !== undefined ? { qrText: reading.qrText } : {}),
      imageJpeg: await encodeJpeg(image, UNREADABLE_PREVIEW_LONG_SIDE_PX, UNREADABLE_PREVIEW_JPEG_QUALITY) };
  }
  // One crop per field for review; a digit field's cells are inside its crop. The cells themselves (the recogniser's
  // input, ≈ 95 a page) were stored too until nothing was found to read them: a third of a page's encoding time.
  const encodeStarted = performance.now();
  const crops = reading.crops.map((crop) => ({ fieldId: crop.fieldId, png: encodePng(crop.image) }));
  const pageJpeg = await encodeJpeg(reading.pageImage, STORED_PAGE_LONG_SIDE_PX, STORED_PAGE_JPEG_QUALITY);
  // encodeMs: the PNG crops and the stored page JPEG, what the workspace keeps for review.
  const metrics = { ...reading.metrics, encodeMs: Math.round((performance.now() - encodeStarted) * 10) / 10 };
  return {
    kind: 'read', pageIndex, qrText: reading.qrText, code: reading.code, formId: reading.stored.formId, fingerprint: reading.stored.fingerprint,
    pageCount: reading.stored.layout.pageCount, pageNo: reading.pageNo, transform: reading.transform, fields: reading.fields, crops,
    pageJpeg, metrics,
  };
}

let threadPeakBytes = 0;

/**
 * This thread's own memory (its V8 heap plus the buffers it holds: decoded pages, crops, zxing's wasm memory), sampled
 * at the fullest moments of a page. In a worker these exclude the other threads (process RSS does not), so the pool
 * can report the peak per worker. libvips' transient native buffers during a decode are not included.
 */
function noteThreadMemory(): void {
  const usage = process.memoryUsage();
  threadPeakBytes = Math.max(threadPeakBytes, usage.heapTotal + usage.external);
}

/** Reads every page of one file not yet recorded, one page at a time (memory stays bounded for long PDFs). */
export async function processInput(job: ScanJob, layouts: readonly StoredLayout[], emit: (event: JobEvent) => void,
  readPageFn: typeof readPage = readPage): Promise<void> {
  const opened = await openInput(Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength), job.fileName);
  if (!opened.ok) {
    emit({ kind: 'failed', reason: opened.reason, message: opened.message });
    emit({ kind: 'done' });
    return;
  }
  emit({ kind: 'opened', pageCount: opened.pageCount });
  const skip = new Set(job.skipPages);
  const lookup = layoutLookup(layouts);
  const end = Math.min(opened.pageCount, job.pages?.to ?? opened.pageCount);
  for (let pageIndex = Math.max(0, job.pages?.from ?? 0); pageIndex < end; pageIndex++) {
    if (skip.has(pageIndex)) continue;
    let read: Awaited<ReturnType<typeof readInputPage>>;
    try {
      read = await readInputPage(opened, pageIndex, lookup, readPageFn);
    } catch (error) {
      emit({ kind: 'page', page: { kind: 'unreadable', pageIndex, reason: 'corrupt-file', message: `Page ${pageIndex + 1} cannot be decoded: ${(error as Error).message}` } });
      continue;
    }
    const page = await pageDataOf(read.reading, read.image, pageIndex);
    noteThreadMemory();
    emit({ kind: 'page', page });
  }
  emit({ kind: 'done', threadPeakMiB: Math.round(threadPeakBytes / 2 ** 20) });
}

interface WorkerBoot { readonly role: 'paperlink-scan-worker'; readonly layouts: readonly StoredLayout[] }

if (!isMainThread && (workerData as WorkerBoot | undefined)?.role === 'paperlink-scan-worker' && parentPort) {
  const port = parentPort;
  const { layouts } = workerData as WorkerBoot;
  port.on('message', (job: ScanJob) => {
    processInput(job, layouts, (event) => port.postMessage(event)).catch((error: unknown) => {
      // An unexpected failure in this file must not end the batch: report the file, stay available.
      port.postMessage({ kind: 'failed', reason: 'reader-failed', message: `paperlink failed on this file (${(error as Error).message}). ${READER_FAILED_HINT}` } satisfies JobEvent);
      port.postMessage({ kind: 'done' } satisfies JobEvent);
    });
  });
}
