/**
 * ENTRY of simulation: printed sheet pages (PDF bytes of the real print path) → images of filled-in paper as a scanner
 * or phone delivers them, plus DIR/truth.json with every field's true value. The only file here that touches files,
 * mupdf, sharp, pdfkit, utif or the mnist data; the steps it calls are pure.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';
import * as mupdf from 'mupdf';
import sharp from 'sharp';
import { PaperlinkError, leafFields, type FieldId, type FormDefinition, type FormLayout, type SheetCode } from '../model/index.js';
import { newPdfDocument, pdfBytes } from '../pdf/index.js';
import { CAMERA_PROFILES, PROFILE_NAMES, applyCamera, motionKernel, renderDpiFor, sampleCamera, thresholdBitonal, type CameraImage,
  type CameraParams, type ProfileName } from './camera.js';
import { fillBatchValues, type TruthValue } from './fill-values.js';
import { fillPage, type BoxMark, type PageTruth } from './fill-page.js';
import type { DigitSource } from './handwriting.js';
import { INKS, type InkCanvas } from './pen-marks.js';
import { createRng, hashSeed } from '../model/index.js';
import { tearQr } from './tear-qr.js';

export type OutputContainer = 'files' | 'pdf' | 'tiff';
export type ImageFormat = 'jpeg' | 'png';

export interface SimulateBatchRequest {
  readonly definition: FormDefinition;
  readonly layout: FormLayout;
  /** One code per page of `pdf`, in the same order (each sheet's pages together, as the print path renders them). */
  readonly codes: readonly SheetCode[];
  readonly pdf: Uint8Array;
  readonly profile: ProfileName;
  readonly seed: number;
  readonly outDir: string;
  /** 'files' (default): one image per page; 'pdf' / 'tiff': one multi-page file, as office scanners produce. */
  readonly as?: OutputContainer;
  /** Image encoding for files and PDF pages (bitonal profiles are PNG when 'png', grey JPEG otherwise). Default jpeg. */
  readonly format?: ImageFormat;
  /** Where handwritten digits come from (784 values, 0–1); default: the whole mnist set. The bench feeds held-out digits. */
  readonly digitSource?: DigitSource;
  /** Start of the blackout the filled-in dates and times fall in (UTC); left out, each batch draws its own. */
  readonly blackoutStart?: Date;
  /** Sheets whose values and hard cases the caller fixes (exercise packs); every other sheet gets made-up values. */
  readonly sheets?: readonly ScriptedSheet[];
  readonly onPage?: (done: number, total: number) => void;
}

/** One sheet filled exactly as given: its values drawn with clear marks, no random extras, and only the effects named. */
export interface ScriptedSheet {
  readonly site: string;
  readonly serial: number;
  /** Leaf field id → value in FieldReading shape; fields left out stay blank. */
  readonly values: Readonly<Record<FieldId, TruthValue>>;
  readonly effects?: SheetEffects;
}

export interface SheetEffects {
  /** Boxes ticked by mistake and blacked out as the form instructs; the truth records them as not ticked. */
  readonly cancelledTicks?: readonly { readonly field: FieldId; readonly option: string }[];
  /** Pages fed upside down: captured with the 'upside-down' profile instead of the batch's. */
  readonly upsideDownPages?: readonly number[];
  /** Pages whose QR is torn off (white with a ragged edge); marks and the printed sheet id stay. */
  readonly tornQrPages?: readonly number[];
}

/** One simulated page in memory (simulatePages), with its truth. */
export interface SimulatedPage {
  readonly code: SheetCode;
  readonly bytes: Buffer;
  readonly extension: 'jpg' | 'png';
  readonly truth: Omit<TruthImage, 'file' | 'page'>;
}

export interface TruthSheet { readonly form: string; readonly site: string; readonly serial: number; readonly page: number; readonly pageCount: number }
export interface TruthImage {
  readonly file: string;
  /** Page index inside a multi-page file (0-based); 0 for single images. */
  readonly page: number;
  readonly sheet: TruthSheet;
  readonly fields: Record<string, TruthValue>;
  readonly marks: Record<string, BoxMark[]>;
  readonly extras: PageTruth['extras'];
  readonly camera: CameraParams;
  /** Effects a script asked for on this page (absent for made-up sheets). */
  readonly effects?: { readonly tornQr?: PageRect; readonly upsideDown?: true };
}
interface PageRect { readonly xMm: number; readonly yMm: number; readonly wMm: number; readonly hMm: number }
export interface Truth {
  readonly form: string;
  readonly formVersion: number;
  readonly layoutFingerprint: string;
  readonly profile: ProfileName;
  readonly seed: number;
  readonly images: TruthImage[];
}

export interface SimulateBatchResult {
  readonly outDir: string;
  readonly truthFile: string;
  readonly files: string[];
  readonly pages: number;
  readonly truth: Truth;
}

/** Fixed metadata date for simulated PDFs: same seed → byte-identical files. */
const PDF_DATE = new Date(Date.UTC(2025, 0, 1));
/** Nominal resolution for phone frames placed in a PDF page (phones record none that means paper size). */
const PHONE_NOMINAL_DPI = 300;

let mnistDigits: { get(index: number): number[]; length: number }[] | undefined;

/** The default digit source: any of the ~10,000 real handwritten digits of the mnist package. */
export function mnistDigitSource(): DigitSource {
  if (!mnistDigits) mnistDigits = createRequire(import.meta.url)('mnist') as { get(index: number): number[]; length: number }[];
  const digits = mnistDigits;
  return (digit, rng) => {
    const set = digits[digit];
    if (!set) throw new RangeError(`no mnist digit ${digit}`);
    return set.get(rng.int(0, set.length - 1));
  };
}

export function validateSimulateRequest(request: Pick<SimulateBatchRequest, 'profile' | 'seed' | 'as' | 'format'>): void {
  if (!PROFILE_NAMES.includes(request.profile)) {
    throw new PaperlinkError('argument-invalid', `"${request.profile}" is not a capture profile.`, `Use one of: ${PROFILE_NAMES.join(', ')}.`, { path: '--profile' });
  }
  if (!Number.isInteger(request.seed) || request.seed < 0 || request.seed > 0xffffffff) {
    throw new PaperlinkError('argument-invalid', `The seed ${request.seed} is not a whole number from 0 to 4294967295.`, 'Give --seed a whole number, e.g. --seed 7.', { path: '--seed' });
  }
  if (request.as !== undefined && !['files', 'pdf', 'tiff'].includes(request.as)) {
    throw new PaperlinkError('argument-invalid', `"${request.as}" is not an output kind.`, 'Use --as files, --as pdf or --as tiff.', { path: '--as' });
  }
  if (request.format !== undefined && !['jpeg', 'png'].includes(request.format)) {
    throw new PaperlinkError('argument-invalid', `"${request.format}" is not an image format.`, 'Use --format jpeg or --format png.', { path: '--format' });
  }
}

/** A script must name fields and options of this form, and never cancel a box its own values tick. */
function validateScripts(definition: FormDefinition, sheets: readonly ScriptedSheet[]): void {
  const leaves = new Map(leafFields(definition).map((leaf) => [leaf.id, leaf]));
  for (const sheet of sheets) {
    const where = `${sheet.site}-${sheet.serial}`;
    for (const fieldId of Object.keys(sheet.values)) {
      if (!leaves.has(fieldId)) throw new PaperlinkError('argument-invalid', `The values for sheet ${where} name "${fieldId}", which is not a field of ${definition.id}.`, 'Give values only for the form\'s field ids.');
    }
    for (const cancel of sheet.effects?.cancelledTicks ?? []) {
      const leaf = leaves.get(cancel.field);
      const value = sheet.values[cancel.field];
      const ticked = Array.isArray(value) ? value.includes(cancel.option) : value === cancel.option;
      if (!leaf || (leaf.kind !== 'checkbox' && leaf.kind !== 'choice') || !leaf.options.some((option) => option.value === cancel.option) || ticked) {
        throw new PaperlinkError('argument-invalid', `Sheet ${where} cancels "${cancel.field}=${cancel.option}", which is not an unticked option box of ${definition.id}.`,
          'Cancel only an option box the sheet\'s values leave unticked.');
      }
    }
  }
}

/**
 * Every page of `codes`, filled and captured, one at a time in print order (only one page raster lives at once).
 * `encoding` 'tiff' keeps raw pixels for the TIFF container.
 */
async function* capturePages(request: Omit<SimulateBatchRequest, 'outDir' | 'as' | 'onPage'>, encoding: ImageFormat | 'tiff'):
  AsyncGenerator<{ code: SheetCode; page: EncodedPage; truth: Omit<TruthImage, 'file' | 'page'> }> {
  validateSimulateRequest(request);
  const { definition, layout, codes, profile, seed } = request;
  const digitSource = request.digitSource ?? mnistDigitSource();
  const scripts = request.sheets ?? [];
  validateScripts(definition, scripts);
  const root = createRng(seed);
  const serials = [...new Set(codes.map((code) => `${code.site}-${code.serial}`))];
  const values = fillBatchValues(definition, serials.length, root.fork('values'), request.blackoutStart);
  const document = mupdf.Document.openDocument(request.pdf, 'application/pdf');
  if (document.countPages() !== codes.length) {
    throw new PaperlinkError('argument-invalid', `The printed PDF has ${document.countPages()} pages but ${codes.length} sheet pages were given.`,
      'Pass the PDF the print path made for exactly these sheet codes.');
  }
  for (let index = 0; index < codes.length; index++) {
    const code = codes[index]!;
    const sheetIndex = serials.indexOf(`${code.site}-${code.serial}`);
    const script = scripts.find((sheet) => sheet.site === code.site && sheet.serial === code.serial);
    const upsideDown = script?.effects?.upsideDownPages?.includes(code.page) === true;
    const pageProfile: ProfileName = upsideDown ? 'upside-down' : profile;
    const pageRng = root.fork(hashSeed('page', code.site, code.serial, code.page));
    const canvas = rasterise(document, index, renderDpiFor(CAMERA_PROFILES[pageProfile]));
    const ink = root.fork(hashSeed('ink', code.site, code.serial)).chance(0.55) ? INKS.blue : INKS.black;
    const pageTruth = fillPage(canvas, layout, definition, code.page, script ? { ...script.values } : values[sheetIndex]!, pageRng.fork('fill'),
      { digitSource, ink, ...(script ? { scripted: { cancelled: script.effects?.cancelledTicks ?? [] } } : {}) });
    const torn = script?.effects?.tornQrPages?.includes(code.page) ? tearQr(canvas, layout, pageRng.fork('tear')) : undefined;
    const camera = sampleCamera(pageProfile, layout, pageRng.fork('camera'));
    const page = await encodePage(applyCamera(canvas, camera), camera, encoding);
    const effects = { ...(torn ? { tornQr: torn } : {}), ...(upsideDown ? { upsideDown: true as const } : {}) };
    yield {
      code, page,
      truth: {
        sheet: { form: definition.id, site: code.site, serial: code.serial, page: code.page, pageCount: code.pageCount },
        fields: pageTruth.fields, marks: pageTruth.marks, extras: pageTruth.extras, camera, ...(torn || upsideDown ? { effects } : {}),
      },
    };
  }
}

/** In memory, no files: one encoded image per page of `codes`, in order, with its truth (exercise packs use this). */
export async function simulatePages(request: Omit<SimulateBatchRequest, 'outDir' | 'as' | 'onPage'>): Promise<SimulatedPage[]> {
  const pages: SimulatedPage[] = [];
  for await (const { code, page, truth } of capturePages(request, request.format ?? 'jpeg')) {
    pages.push({ code, bytes: page.bytes, extension: page.extension === 'png' ? 'png' : 'jpg', truth });
  }
  return pages;
}

export async function simulateBatch(request: SimulateBatchRequest): Promise<SimulateBatchResult> {
  validateSimulateRequest(request);
  const { definition, layout, codes, profile, seed } = request;
  const container = request.as ?? 'files';
  const format = request.format ?? 'jpeg';
  const outDir = resolve(request.outDir);
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw new PaperlinkError('output-not-writable', `The folder ${outDir} cannot be created: ${(error as Error).message}.`, 'Choose an --out folder you can write to.', { file: outDir }, { cause: error });
  }
  const images: TruthImage[] = [];
  const encoded: EncodedPage[] = [];
  const files: string[] = [];
  const containerName = container === 'pdf' ? 'simulated.pdf' : container === 'tiff' ? 'simulated.tif' : undefined;
  let index = 0;
  for await (const { code, page, truth } of capturePages(request, container === 'tiff' ? 'tiff' : format)) {
    const name = containerName ?? `${code.site}-${String(code.serial).padStart(6, '0')}-p${code.page}.${page.extension}`;
    if (containerName) encoded.push(page);
    else {
      writeAtomically(join(outDir, name), page.bytes);
      files.push(join(outDir, name));
    }
    images.push({ file: name, page: containerName ? index : 0, ...truth });
    index += 1;
    request.onPage?.(index, codes.length);
  }
  if (containerName) {
    const bytes = container === 'pdf' ? await buildPdf(encoded) : buildTiff(encoded);
    writeAtomically(join(outDir, containerName), bytes);
    files.push(join(outDir, containerName));
  }
  const truth: Truth = { form: definition.id, formVersion: definition.version, layoutFingerprint: layout.fingerprint, profile, seed, images };
  const truthFile = join(outDir, 'truth.json');
  // Seven significant digits: sub-micrometre in mm, sub-pixel in px, and the homography's small terms survive.
  writeAtomically(truthFile, Buffer.from(`${JSON.stringify(truth, (_, value: unknown) => typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(7)) : value, 1)}\n`));
  return { outDir, truthFile, files, pages: codes.length, truth };
}

function writeAtomically(file: string, bytes: Uint8Array): void {
  const temporary = `${file}.partial-${process.pid}`;
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new PaperlinkError('output-not-writable', `${file} cannot be written: ${(error as Error).message}.`, 'Choose an --out folder you can write to, with enough free space.', { file }, { cause: error });
  }
}

/** One PDF page as an RGB raster at the given dpi (colour, so blue ink stays blue until the camera step). */
export function rasterise(document: mupdf.Document, index: number, dpi: number): InkCanvas {
  const pixmap = document.loadPage(index).toPixmap(mupdf.Matrix.scale(dpi / 72, dpi / 72), mupdf.ColorSpace.DeviceRGB, false, true);
  const width = pixmap.getWidth();
  const height = pixmap.getHeight();
  const stride = pixmap.getStride();
  const pixels = pixmap.getPixels();
  const data = new Uint8Array(width * height * 3);
  if (stride === width * 3) data.set(pixels.subarray(0, data.length));
  else for (let y = 0; y < height; y++) data.set(pixels.subarray(y * stride, y * stride + width * 3), y * width * 3);
  pixmap.destroy();
  return { width, height, data, pxPerMm: dpi / 25.4 };
}

export interface EncodedPage {
  readonly bytes: Buffer;
  readonly extension: 'jpg' | 'png' | 'tif';
  readonly mime: 'jpeg' | 'png' | 'raw';
  readonly width: number;
  readonly height: number;
  readonly dpi: number;
  /** Raw pixels after optics (for TIFF), with their channel count. */
  readonly raw?: { readonly data: Uint8Array; readonly channels: 1 | 3; readonly bitonal: boolean };
}

/** Optics (blur, motion blur) with sharp, then the 1-bit step for bw profiles, then encoding. */
async function encodePage(image: CameraImage, camera: CameraParams, format: ImageFormat | 'tiff'): Promise<EncodedPage> {
  const dpi = camera.kind === 'scan' ? camera.dpi : PHONE_NOMINAL_DPI;
  const base = { width: image.width, height: image.height, dpi };
  const rawInput = { raw: { width: image.width, height: image.height, channels: image.channels } } as const;
  let optics = sharp(image.data, rawInput);
  if (camera.kind === 'phone' && camera.motionBlur) optics = optics.convolve(motionKernel(camera.motionBlur.lengthPx, camera.motionBlur.angleDeg));
  if (camera.blurSigmaPx >= 0.3) optics = optics.blur(camera.blurSigmaPx);
  // sharp widens one-channel input to sRGB unless told otherwise.
  if (image.channels === 1) optics = optics.toColourspace('b-w');
  const bitonal = camera.kind === 'scan' && camera.output === 'bw';
  if (!bitonal && format !== 'tiff') {
    // One pass from raw pixels to the encoded file: no intermediate copy.
    const encoder = optics.withMetadata({ density: dpi });
    const bytes = format === 'png' ? await encoder.png({ compressionLevel: 6 }).toBuffer() : await encoder.jpeg({ quality: camera.jpegQuality }).toBuffer();
    return { ...base, bytes, extension: format === 'png' ? 'png' : 'jpg', mime: format === 'png' ? 'png' : 'jpeg' };
  }
  let data: Uint8Array = new Uint8Array(await optics.raw().toBuffer());
  if (data.length !== image.width * image.height * image.channels) throw new Error(`optics changed the raster size (${data.length} bytes)`);
  if (camera.kind === 'scan' && bitonal) data = thresholdBitonal(data, image.width, camera);
  const raw = { data, channels: image.channels, bitonal };
  if (format === 'tiff') return { ...base, bytes: Buffer.alloc(0), extension: 'tif', mime: 'raw', raw };
  const input = sharp(data, rawInput).toColourspace('b-w').withMetadata({ density: dpi });
  // A 1-bit page: two-colour palette PNG, or a grey JPEG of pure black and white (JPEG has no 1-bit form).
  if (format === 'png') return { ...base, bytes: await input.png({ palette: true, colours: 2 }).toBuffer(), extension: 'png', mime: 'png' };
  return { ...base, bytes: await input.jpeg({ quality: camera.jpegQuality }).toBuffer(), extension: 'jpg', mime: 'jpeg' };
}

/** One multi-page PDF; each page's size is the physical size the image covers at its resolution. */
async function buildPdf(pages: readonly EncodedPage[]): Promise<Buffer> {
  return pdfBytes(newPdfDocument({ title: 'paperlink simulated capture', date: PDF_DATE }), (doc) => {
    for (const page of pages) {
      const widthPt = (page.width / page.dpi) * 72;
      const heightPt = (page.height / page.dpi) * 72;
      doc.addPage({ size: [widthPt, heightPt], margin: 0 });
      doc.image(page.bytes, 0, 0, { width: widthPt, height: heightPt });
    }
  });
}

interface Utif { encode(ifds: Record<string, unknown>[]): ArrayBuffer }

/**
 * One multi-page TIFF (Deflate-compressed strips, one strip per page): 1-bit WhiteIsZero for bw profiles,
 * 8-bit grey or RGB otherwise. utif writes the directory; the strips follow it.
 */
function buildTiff(pages: readonly EncodedPage[]): Buffer {
  const UTIF = createRequire(import.meta.url)('utif') as Utif;
  const strips = pages.map((page) => deflateSync(packTiffStrip(page)));
  const ifds = (offsets: number[]): Record<string, unknown>[] => pages.map((page, index) => {
    const raw = page.raw!;
    const samples = raw.channels;
    return {
      t256: [page.width], t257: [page.height],
      t258: raw.bitonal ? [1] : samples === 3 ? [8, 8, 8] : [8],
      t259: [8], t262: [raw.bitonal ? 0 : samples === 3 ? 2 : 1],
      t273: [offsets[index]!], t277: [samples], t278: [page.height], t279: [strips[index]!.length],
      t282: [page.dpi], t283: [page.dpi], t296: [2], t284: [1],
    };
  });
  // The directory's length does not depend on the offset values: measure it, then place the strips after it.
  const headerLength = new Uint8Array(UTIF.encode(ifds(pages.map(() => 0x7fffffff)))).length;
  const offsets: number[] = [];
  let cursor = headerLength;
  for (const strip of strips) {
    offsets.push(cursor);
    cursor += strip.length;
  }
  const header = Buffer.from(UTIF.encode(ifds(offsets)));
  if (header.length !== headerLength) throw new Error('TIFF directory length changed between passes');
  return Buffer.concat([header, ...strips]);
}

function packTiffStrip(page: EncodedPage): Uint8Array {
  const raw = page.raw!;
  if (!raw.bitonal) return raw.data;
  // 1 bit per pixel, MSB first, rows padded to whole bytes; WhiteIsZero: 1 = black.
  const rowBytes = Math.ceil(page.width / 8);
  const out = new Uint8Array(rowBytes * page.height);
  for (let y = 0; y < page.height; y++) {
    for (let x = 0; x < page.width; x++) {
      if (raw.data[y * page.width + x]! < 128) out[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return out;
}
