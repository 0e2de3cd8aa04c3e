/**
 * Finds and decodes the sheet QR (zxing-wasm first; jsqr, a fax's mended copy and a shaken photo's deblurred crop after
 * a miss), then parses the sheet code and looks up its layout.
 * Owns the QR fallback chain and the reasons a page is not one of ours; it must not register or read fields.
 * The zxing .wasm is read from its own package once per process: it must never be fetched from the network.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import jsQRModule from 'jsqr';
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import { parseSheetCode, type GrayImage, type Metrics, type SheetCode, type UnreadableReason } from '../model/index.js';
import type { StoredLayout } from '../store/index.js';
import { cropAround, deconvolve, estimateMotionBlur, locateQrFromDiscs, motionKernel, type MotionBlur } from './deblur-qr.js';
import { cornerDiscs } from './register-page.js';
import { mendedCopies } from './fax-streaks.js';
import { shrinkImage } from './shrink-image.js';
import { DEBLUR_LENGTH_OFFSET_PX, DEBLUR_MIN_LENGTH_PX, DEBLUR_SNAPSHOTS, DEBLUR_VARIANTS, JSQR_LONG_SIDE_PX, QR_CROP_MARGIN_MM } from './thresholds.js';
import type { Point2 } from './transform.js';

export type LayoutLookup = (code: SheetCode) => StoredLayout | undefined;

/** Which attempt of the chain read the code (stored as a metric: tells bench which fallbacks earn their cost). */
export type QrDecoder = 'zxing-detection' | 'zxing' | 'zxing-denoise' | 'jsqr' | 'zxing-streaks' | 'zxing-deblur';

export type QrDecoding =
  | {
    readonly found: true; readonly text: string; readonly decoder: QrDecoder;
    /** Corners of the code's module area in full-image px, in the code's own order TL, TR, BR, BL (so they turn with the page). */
    readonly corners: readonly [Point2, Point2, Point2, Point2];
    readonly metrics: Metrics;
  }
  | { readonly found: false; readonly metrics: Metrics };

/** Full-resolution attempts look for 2 symbols (ours beside a stray foreign code); the quick first attempt stops
 * at the first symbol (2 costs 3× as much: zxing then scans the whole page). */
const MAX_QR_SYMBOLS = 2;

/** jsqr ships CommonJS whose typings declare a default export: take the callable either way. */
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule.default }).default ?? jsQRModule) as unknown as typeof jsQRModule.default;

let zxingReady: Promise<unknown> | undefined;

/** Loads the zxing reader from the package's own .wasm bytes (offline; never lets it fetch). */
function ensureZxing(): Promise<unknown> {
  if (!zxingReady) {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('zxing-wasm/reader');
    const wasmPath = entry.replace(/dist[\\/](?:cjs|es)[\\/]reader[\\/]index\.js$/, 'dist/reader/zxing_reader.wasm');
    const bytes = readFileSync(wasmPath);
    const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    zxingReady = prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
  }
  return zxingReady;
}

/** A grey image as a binary PGM: zxing's image reader takes it with one copy (an RGBA ImageData costs 3 copies). */
function toPgm(image: GrayImage): Uint8Array {
  const header = Buffer.from(`P5\n${image.width} ${image.height}\n255\n`, 'ascii');
  const out = new Uint8Array(header.length + image.data.length);
  out.set(header, 0);
  out.set(image.data, header.length);
  return out;
}

interface Found { text: string; corners: [Point2, Point2, Point2, Point2] }

async function readWithZxing(image: GrayImage, options: ReaderOptions, scale: number): Promise<Found[]> {
  await ensureZxing();
  const results = await readBarcodes(toPgm(image), {
    formats: ['QRCode'], tryHarder: true, textMode: 'Plain', maxNumberOfSymbols: MAX_QR_SYMBOLS, ...options,
  });
  return results.filter((result) => result.isValid && result.text.length > 0).map((result) => {
    const p = result.position;
    const at = (q: { x: number; y: number }): Point2 => ({ x: (q.x + 0.5) * scale - 0.5, y: (q.y + 0.5) * scale - 0.5 });
    return { text: result.text, corners: [at(p.topLeft), at(p.topRight), at(p.bottomRight), at(p.bottomLeft)] };
  });
}

function readWithJsqr(image: GrayImage): Found[] {
  const factor = Math.max(1, Math.ceil(Math.max(image.width, image.height) / JSQR_LONG_SIDE_PX));
  const small = shrinkImage(image, factor);
  const rgba = new Uint8ClampedArray(small.width * small.height * 4);
  for (let i = 0, j = 0; i < small.data.length; i++, j += 4) {
    const v = small.data[i]!;
    rgba[j] = v; rgba[j + 1] = v; rgba[j + 2] = v; rgba[j + 3] = 255;
  }
  const code = jsQR(rgba, small.width, small.height, { inversionAttempts: 'dontInvert' });
  if (!code || code.data.length === 0) return [];
  const at = (q: { x: number; y: number }): Point2 => ({ x: q.x * factor, y: q.y * factor });
  const l = code.location;
  return [{ text: code.data, corners: [at(l.topLeftCorner), at(l.topRightCorner), at(l.bottomRightCorner), at(l.bottomLeftCorner)] }];
}

/**
 * A shaken photo smears the code's modules into each other (phone-poor: up to 12 px of motion on 6–8 px modules). The
 * code's square is found from the corner discs, the blur measured on the discs' edges, and the crop deconvolved with
 * that blur and a few neighbours of it (the estimate is good to a few degrees and px; the reader needs it closer).
 */
async function readDeblurred(image: GrayImage, detection: { image: GrayImage; factor: number }): Promise<Found[]> {
  const discs = cornerDiscs(detection);
  if (!discs) return [];
  const square = locateQrFromDiscs(image, discs.map((disc) => disc.centre));
  const blur = estimateMotionBlur(image, discs);
  if (!square || !blur || blur.lengthPx + DEBLUR_LENGTH_OFFSET_PX < DEBLUR_MIN_LENGTH_PX) return [];
  const crop = cropAround(image, square.corners, square.pxPerMm, QR_CROP_MARGIN_MM);
  const length = blur.lengthPx + DEBLUR_LENGTH_OFFSET_PX;
  const variants: MotionBlur[] = DEBLUR_VARIANTS.map(([dLength, dAngle]) => ({ lengthPx: length + dLength, angleDeg: blur.angleDeg + dAngle }));
  for (const variant of variants) {
    for (const sharp of deconvolve(crop.image, motionKernel(variant), DEBLUR_SNAPSHOTS)) {
      const found = (await readWithZxing(sharp, { maxNumberOfSymbols: 1 }, 1)).filter((f) => parseSheetCode(f.text).ok);
      if (found.length > 0) {
        return found.map((f) => ({ ...f, corners: f.corners.map((c) => ({ x: c.x + crop.x0, y: c.y + crop.y0 })) as Found['corners'] }));
      }
    }
  }
  return [];
}

/** A fax whose line errors cross the code: read again with the streaks mended, along its rows and then its columns
 * (no read when the page has none). */
async function readWithoutStreaks(image: GrayImage): Promise<Found[]> {
  for (const mended of mendedCopies(image)) {
    const found = (await readWithZxing(mended, {}, 1)).filter((f) => parseSheetCode(f.text).ok);
    if (found.length > 0) return found;
  }
  return [];
}

/** Prefers a paperlink code when several symbols are in view. */
function pick(found: Found[]): Found | undefined {
  return found.find((f) => parseSheetCode(f.text).ok) ?? found.find((f) => f.text.startsWith('PL')) ?? found[0];
}

/**
 * The fallback chain (shared/docs/measurements.md): zxing on the detection copy (a few ms; most scans end here),
 * zxing at full resolution with tryHarder (80 % on BoofCV photos), again with tryDenoise, then jsqr on a
 * ≤ 1000 px copy, zxing on a copy with a fax's line errors mended, and last a shaken photo's code deblurred. Every
 * attempt after the first runs only when the earlier ones found nothing, so the chain reads at least what the
 * full-resolution reader alone reads, and a page read early costs what it did before the later attempts existed.
 * A blank page (quickOnly) gets the quick read only.
 */
export async function decodeSheetQr(image: GrayImage, detection: { image: GrayImage; factor: number }, options: { readonly quickOnly?: boolean; readonly bilevel?: boolean } = {}): Promise<QrDecoding> {
  const chain: { decoder: QrDecoder; run: () => Promise<Found[]> | Found[] }[] = [
    // Inverted (white-on-black) codes are not ours: skipping them halves the quick attempt.
    { decoder: 'zxing-detection', run: () => readWithZxing(detection.image, { maxNumberOfSymbols: 1, tryInvert: false }, detection.factor) },
    ...(detection.factor > 1 ? [{ decoder: 'zxing' as const, run: () => readWithZxing(image, {}, 1) }] : []),
    { decoder: 'zxing-denoise', run: () => readWithZxing(image, { tryDenoise: true }, 1) },
    { decoder: 'jsqr', run: () => readWithJsqr(image) },
    // Line errors are a fax's (always 1-bit); on a greyscale page the mended copy would only cost a second.
    ...(options.bilevel === false ? [] : [{ decoder: 'zxing-streaks' as const, run: () => readWithoutStreaks(image) }]),
    { decoder: 'zxing-deblur', run: () => readDeblurred(image, detection) },
  ];
  // quickOnly: the caller knows there is nothing printed to find (a blank page); the quick read still runs.
  const attempts = options.quickOnly ? chain.slice(0, 1) : chain;
  const started = performance.now();
  let tried = 0;
  // A code that is not a sheet code is kept while the chain looks on for ours, and reported if none turns up.
  let foreign: { found: Found; decoder: QrDecoder } | undefined;
  for (const attempt of attempts) {
    tried += 1;
    const found = pick(await attempt.run());
    if (found && parseSheetCode(found.text).ok) return success(found, attempt.decoder, tried, started);
    if (found) foreign ??= { found, decoder: attempt.decoder };
  }
  if (foreign) return success(foreign.found, foreign.decoder, tried, started);
  return { found: false, metrics: { qrDecoder: null, qrAttempts: tried, qrMs: round(performance.now() - started) } };
}

function success(found: Found, decoder: QrDecoder, tried: number, started: number): QrDecoding {
  return {
    found: true, text: found.text, decoder, corners: found.corners,
    metrics: { qrDecoder: decoder, qrAttempts: tried, qrMs: round(performance.now() - started) },
  };
}

export type SheetIdentity =
  | { readonly ok: true; readonly code: SheetCode; readonly stored: StoredLayout }
  | { readonly ok: false; readonly reason: UnreadableReason; readonly message: string; readonly code?: SheetCode };

/** QR text → sheet code → stored layout, or the reason this page cannot be one of ours. Pure given the lookup. */
export function identifySheet(qrText: string, lookup: LayoutLookup): SheetIdentity {
  const parsed = parseSheetCode(qrText);
  if (!parsed.ok) {
    if (parsed.reason === 'foreign') {
      return { ok: false, reason: 'foreign-qr', message: `${parsed.message} The page is not a paperlink form (the QR says "${shorten(qrText)}").` };
    }
    return { ok: false, reason: 'tampered-code', message: `${parsed.message} Key in the id printed beside the QR instead.` };
  }
  const stored = lookup(parsed.code);
  if (!stored) {
    const code = parsed.code;
    return {
      ok: false, reason: 'unknown-layout', code,
      message: `This workspace has no printed layout ${code.formCode} v${code.layoutVersion} (fingerprint ${code.fingerprint}). ` +
        'Scan into the workspace these sheets were printed from, or print the form into this workspace first.',
    };
  }
  return { ok: true, code: parsed.code, stored };
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
