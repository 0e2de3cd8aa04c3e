/**
 * TEMPORARY stand-in for the recognition core (branch `scan`: load-image.ts, read-sheet.ts) with the agreed API,
 * so ingest can be built and tested first. Deleted when `scan` is merged; nothing else may import it but ingest.
 * Reads only upright, uncropped pages (page = whole image); the real core registers marks.
 */
import sharp from 'sharp';
import * as mupdf from 'mupdf';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import {
  parseSheetCode, emptyValue, type GrayImage, type SheetCode, type FieldReading, type Metrics, type UnreadableReason,
} from '../model/index.js';
import type { StoredLayout } from '../store/index.js';

export type OpenedInput =
  | { ok: true; format: 'jpeg' | 'png' | 'webp' | 'tiff' | 'pdf'; pageCount: number; loadPage(index: number): Promise<GrayImage> }
  | { ok: false; reason: 'corrupt-file' | 'too-large' | 'unsupported-format'; message: string };
export type LayoutLookup = (code: SheetCode) => StoredLayout | undefined;
export interface PageTransform { homography: number[]; residualMm: number; scale: number; marksFound: number }
export type PageReading =
  | { kind: 'read'; qrText: string; code: SheetCode; stored: StoredLayout; pageNo: number; transform: PageTransform;
      fields: FieldReading[]; crops: { fieldId: string; image: GrayImage }[]; digitCells: { fieldId: string; cells: GrayImage[] }[];
      pageImage: GrayImage; metrics: Metrics }
  | { kind: 'unreadable'; reason: UnreadableReason; message: string; qrText?: string; code?: SheetCode; metrics: Metrics };

const MAX_PIXELS = 100_000_000;
const require = createRequire(import.meta.url);
let zxingReady: Promise<unknown> | undefined;

function sniff(bytes: Buffer): 'jpeg' | 'png' | 'webp' | 'tiff' | 'pdf' | 'heic' | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  const head = bytes.subarray(0, 4).toString('latin1');
  if (head === 'II*\0' || head === 'MM\0*') return 'tiff';
  if (head === '%PDF') return 'pdf';
  if (bytes.subarray(4, 8).toString('latin1') === 'ftyp') return 'heic';
  return undefined;
}

export async function openInput(bytes: Buffer, fileName: string): Promise<OpenedInput> {
  const kind = sniff(bytes);
  if (kind === 'heic' || (!kind && /\.(heic|heif)$/i.test(fileName))) {
    return { ok: false, reason: 'unsupported-format', message: 'HEIC photos cannot be read. On the phone, set Camera › Formats › Most Compatible, or export the photo as JPEG.' };
  }
  if (!kind) return { ok: false, reason: 'corrupt-file', message: 'The file is empty or not an image paperlink can read.' };
  if (kind === 'pdf') {
    try {
      const doc = mupdf.Document.openDocument(bytes, 'application/pdf');
      const pageCount = doc.countPages();
      return { ok: true, format: 'pdf', pageCount, loadPage: async (index) => {
        const pixmap = doc.loadPage(index).toPixmap(mupdf.Matrix.scale(200 / 72, 200 / 72), mupdf.ColorSpace.DeviceGray, false, true);
        return { width: pixmap.getWidth(), height: pixmap.getHeight(), data: new Uint8Array(pixmap.getPixels()) };
      } };
    } catch (error) {
      return { ok: false, reason: 'corrupt-file', message: `The PDF cannot be opened: ${(error as Error).message}` };
    }
  }
  if (kind === 'png' && bytes.length >= 24 && bytes.readUInt32BE(16) * bytes.readUInt32BE(20) > MAX_PIXELS) {
    return { ok: false, reason: 'too-large', message: `The image claims ${bytes.readUInt32BE(16)} × ${bytes.readUInt32BE(20)} pixels, more than paperlink reads.` };
  }
  try {
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    if ((meta.width ?? 0) * (meta.height ?? 0) > MAX_PIXELS) {
      return { ok: false, reason: 'too-large', message: `The image is ${meta.width} × ${meta.height} pixels, more than paperlink reads.` };
    }
    const pageCount = kind === 'tiff' ? meta.pages ?? 1 : 1;
    return { ok: true, format: kind, pageCount, loadPage: async (index) => {
      const { data, info } = await sharp(bytes, { page: index, failOn: 'truncated' }).rotate().toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
      return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
    } };
  } catch (error) {
    return { ok: false, reason: 'corrupt-file', message: `The image cannot be decoded: ${(error as Error).message}` };
  }
}

async function decodeQr(image: GrayImage): Promise<string | undefined> {
  zxingReady ??= prepareZXingModule({ overrides: { wasmBinary: readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm')).buffer as ArrayBuffer }, fireImmediately: true });
  await zxingReady;
  const rgba = new Uint8ClampedArray(image.width * image.height * 4);
  for (let i = 0; i < image.data.length; i++) { const v = image.data[i]!; rgba[i * 4] = v; rgba[i * 4 + 1] = v; rgba[i * 4 + 2] = v; rgba[i * 4 + 3] = 255; }
  const results = await readBarcodes({ data: rgba, width: image.width, height: image.height } as never, { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 1 });
  return results.find((result) => result.isValid)?.text;
}

function crop(image: GrayImage, x0: number, y0: number, w: number, h: number): GrayImage {
  const width = Math.max(1, Math.round(w));
  const height = Math.max(1, Math.round(h));
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const sx = Math.min(image.width - 1, Math.max(0, Math.round(x0) + x));
    const sy = Math.min(image.height - 1, Math.max(0, Math.round(y0) + y));
    data[y * width + x] = image.data[sy * image.width + sx] ?? 255;
  }
  return { width, height, data };
}

function inkRatio(image: GrayImage): number {
  let dark = 0;
  for (const v of image.data) if (v < 128) dark++;
  return dark / image.data.length;
}

export async function readPage(image: GrayImage, lookup: LayoutLookup): Promise<PageReading> {
  const qrText = await decodeQr(image);
  if (qrText === undefined) return { kind: 'unreadable', reason: 'no-qr', message: 'No sheet QR code was found on the page.', metrics: {} };
  const parsed = parseSheetCode(qrText);
  if (!parsed.ok) {
    return { kind: 'unreadable', reason: parsed.reason === 'foreign' ? 'foreign-qr' : 'tampered-code', message: parsed.message, qrText, metrics: {} };
  }
  const stored = lookup(parsed.code);
  if (!stored) return { kind: 'unreadable', reason: 'unknown-layout', message: 'The layout of this sheet is not in the workspace.', qrText, code: parsed.code, metrics: {} };
  const pxPerMm = image.width / stored.layout.page.widthMm;
  const fields: FieldReading[] = [];
  const crops: { fieldId: string; image: GrayImage }[] = [];
  const digitCells: { fieldId: string; cells: GrayImage[] }[] = [];
  for (const field of stored.layout.fields.filter((f) => f.page === parsed.code.page)) {
    const boxImages = field.boxes.map((box) => crop(image, (box.xMm + 1) * pxPerMm, (box.yMm + 1) * pxPerMm, (box.wMm - 2) * pxPerMm, (box.hMm - 2) * pxPerMm));
    const first = field.boxes[0];
    if (first) crops.push({ fieldId: field.id, image: crop(image, first.xMm * pxPerMm, first.yMm * pxPerMm, (field.boxes.at(-1)!.xMm + field.boxes.at(-1)!.wMm - first.xMm) * pxPerMm, first.hMm * pxPerMm) });
    if (field.kind === 'checkbox' || field.kind === 'choice') {
      const ticked = field.boxes.filter((_, i) => inkRatio(boxImages[i]!) > 0.3).map((box) => String(box.value));
      const value = field.kind === 'checkbox' ? ticked : ticked[0] ?? null;
      const several = field.kind === 'choice' && ticked.length > 1;
      fields.push({ fieldId: field.id, kind: field.kind, value: several ? null : value, ...(several ? { guess: ticked } : {}),
        status: several ? 'needs-review' : ticked.length ? 'auto' : 'empty', confidence: several ? 0.3 : 0.99, reasons: several ? ['several-choices'] : [], metrics: {} });
    } else if (field.kind === 'digits') {
      digitCells.push({ fieldId: field.id, cells: boxImages });
      const written = boxImages.some((cell) => inkRatio(cell) > 0.05);
      fields.push({ fieldId: field.id, kind: field.kind, value: written ? '?'.repeat(field.boxes.length) : null,
        status: written ? 'needs-review' : 'empty', confidence: written ? 0 : 0.9, reasons: written ? ['digits-unsure'] : [], metrics: {} });
    } else {
      fields.push({ fieldId: field.id, kind: field.kind, value: emptyValue(field.kind), status: 'empty', confidence: 0.9, reasons: [], metrics: {} });
    }
  }
  return { kind: 'read', qrText, code: parsed.code, stored, pageNo: parsed.code.page,
    transform: { homography: [pxPerMm, 0, 0, 0, pxPerMm, 0, 0, 0, 1], residualMm: 0, scale: 1, marksFound: 4 },
    fields, crops, digitCells, pageImage: image, metrics: {} };
}
