/**
 * The image edge of scanning: file bytes → pages of GrayImage (sharp for JPEG/PNG/WebP/TIFF and for the JPEG a scanner
 * PDF page consists of, mupdf for other PDF pages). Owns the refusals of bad input (corrupt, too large, unsupported,
 * HEIC); it must not read or register pages.
 */
import type * as Mupdf from 'mupdf';
import sharp, { type Metadata } from 'sharp';
import type { GrayImage } from '../model/index.js';
import { decodeJpegRegion, decodeJpegShrunk, type DecodedRegion, type PixelRect } from './decode-jpeg-shrunk.js';

/** Decompression-bomb limit: 60 MP covers a 48 MP phone photo and an A3 scan at 600 dpi (5.8 × 8.3 k px)
 * while keeping one decoded page under ~60 MiB of grey pixels in a worker. */
export const MAX_INPUT_PIXELS = 60_000_000;
/**
 * Working size: a larger page is decoded shrunk to this many pixels (shrink-on-load in libvips, never held whole).
 * 300- and 400-dpi A4 scans (8.7 / 15.5 MP) and 12 MP photos are read as they are: the recognisers were tuned on them.
 * Above that, more pixels only cost: an A4 page filling a 16 MP frame still has ≥ 15 px/mm (a 300-dpi scan has 11.8;
 * digit cells are sampled at 8 px/mm, QR modules need ~3 px), while a 48 MP photo whose QR needs the full-resolution
 * readers took one worker to 328 MiB (zxing's wasm heap grows to the image and never shrinks) and decodes 30 % slower.
 */
export const WORKING_MAX_PIXELS = 16_000_000;
/**
 * A JPEG page whose long side has at least this many pixels is decoded at half size when the working resolution is
 * asked for (3× less decode time, 4× fewer pixels for every step after it): a 300-dpi A4 scan (3508 px) becomes
 * 5.9 px/mm, what the QR and mark search always ran on, and a 12 MP photo (4000 px) ≈ 5.7 px/mm on a page filling
 * 85 % of the frame. A 200-dpi scan (2339 px) is decoded whole: half of it would be below what fields are read at.
 * A page that turns out to need more (no QR found, too few px/mm once registered) is read again whole (scan-worker.ts).
 */
export const HALF_SIZE_MIN_LONG_SIDE_PX = 3200;
/** A PDF with more pages is refused whole: a scanner batch is tens of pages; thousands is a wrong file. */
export const MAX_PDF_PAGES = 500;
/** Scanner PDFs are rasterised at the resolution scanners write (300 dpi: 11.8 px/mm, 6 ms per A4 page). */
export const PDF_RENDER_DPI = 300;
/**
 * How far (pt) the corners of a page's one JPEG may lie from the page's corners for it to count as the whole page and be
 * decoded as it is: 0.5 pt is 2 px at 300 dpi, less than the registration marks' fit error, while a JPEG placed with a
 * margin, cropped or scaled onto part of the page is off by millimetres and is rendered by MuPDF instead.
 */
export const PDF_JPEG_PAGE_FIT_PT = 0.5;

export type InputFormat = 'jpeg' | 'png' | 'webp' | 'tiff' | 'pdf';

/** How a page's pixels were made: decoded from an image file, rendered by MuPDF from a PDF page, or decoded from the one
 * JPEG a scanner's PDF page consists of (twice as fast as rendering it, the same picture). */
export type PageSource = 'image-file' | 'pdf-render' | 'pdf-embedded-jpeg';

export interface LoadedPage extends GrayImage {
  readonly source: PageSource;
  /** The decode's reduction (1: whole; 2: half size, libjpeg's DCT scaling at the working resolution). */
  readonly shrunkOnLoad: number;
  /** On a page decoded smaller: a rectangle of the file's own pixels (in full-resolution coordinates), decoded alone. */
  readonly loadRegion?: ((rect: PixelRect) => Promise<DecodedRegion | undefined>) | undefined;
}

/**
 * Every LoadedPage is made here, by one object literal with the same properties in the same order, so that V8 gives
 * them all one hidden class. Built as `{ ...decoded, source, … }` instead, each page's object got a hidden class of its
 * own (the spread's copy is not shared between pages once the last page's object is collected): from the second form
 * of a batch on, every function reading pixels (mark search, sampling, ink measures) was deoptimised on each new page
 * and recompiled, then left megamorphic (measured on scan-300: 73 against 20 "wrong map" deoptimisations, 485 against
 * 412 optimising compilations in 60 pages).
 */
function loadedPage(image: GrayImage, source: PageSource, shrunkOnLoad: number, loadRegion?: LoadedPage['loadRegion']): LoadedPage {
  return { width: image.width, height: image.height, data: image.data, source, shrunkOnLoad, loadRegion };
}

/** 'full' (default): every pixel the file has, up to WORKING_MAX_PIXELS. 'working': large JPEG pages at half size
 * (HALF_SIZE_MIN_LONG_SIDE_PX), which most pages are read at; the caller asks for 'full' when that was not enough. */
export type PageResolution = 'full' | 'working';

export interface OpenInputOptions {
  /** Decode a PDF page that is one page-filling JPEG with sharp instead of rendering it (default true; false: always
   * render, for comparing the two in tests and benches). */
  readonly pdfJpegPassThrough?: boolean;
}

export type OpenedInput =
  | { ok: true; format: InputFormat; pageCount: number; loadPage(index: number, resolution?: PageResolution): Promise<LoadedPage> }
  | { ok: false; reason: 'corrupt-file' | 'too-large' | 'unsupported-format'; message: string };

const HEIC_MESSAGE = 'This is a HEIC/HEIF photo (the iPhone default), which paperlink cannot read. Export it as JPEG: ' +
  'on the iPhone share it by mail or AirDrop choosing "Most compatible", or open it on a computer and export as JPEG ' +
  '(macOS Preview: File → Export → JPEG; Windows Photos: … → Save as). To take JPEGs from now on: Settings → Camera → ' +
  'Formats → Most Compatible.';

/** File names of the formats paperlink reads. */
const KNOWN_EXTENSIONS = /\.(jpe?g|png|webp|tiff?|pdf)$/i;

/** libvips stops at warnings by default; TIFFs from scanners (and the simulator) often carry harmless ones such as
 * unsorted directory tags, so TIFF pages are decoded unless there is a real error. Other formats keep the strict
 * default: a truncated JPEG is a corrupt file, not a half-grey page. */
function failOnFor(format: Exclude<InputFormat, 'pdf'>): 'error' | 'warning' {
  return format === 'tiff' ? 'error' : 'warning';
}

function sniff(bytes: Buffer): InputFormat | 'heic' | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (bytes.length >= 4 && (bytes.toString('latin1', 0, 4) === 'II*\0' || bytes.toString('latin1', 0, 4) === 'MM\0*')) return 'tiff';
  if (bytes.length >= 5 && bytes.toString('latin1', 0, 5) === '%PDF-') return 'pdf';
  if (bytes.length >= 12 && bytes.toString('latin1', 4, 8) === 'ftyp' &&
    /^(heic|heix|hevc|hevx|heim|heis|mif1|msf1|avif)$/.test(bytes.toString('latin1', 8, 12))) return 'heic';
  return undefined;
}

/** Opens an input file's bytes: its format and pages, or why it cannot be read (with what to do). Never throws. */
export async function openInput(bytes: Buffer, fileName: string, options: OpenInputOptions = {}): Promise<OpenedInput> {
  if (bytes.length === 0) return { ok: false, reason: 'corrupt-file', message: `${fileName} is empty (0 bytes): copy it again from the scanner or phone.` };
  const format = sniff(bytes);
  if (format === 'heic') return { ok: false, reason: 'unsupported-format', message: HEIC_MESSAGE };
  if (!format) {
    // Named as an image we read but not one inside: damaged (random bytes, a broken copy), not a wrong format.
    if (KNOWN_EXTENSIONS.test(fileName)) {
      return { ok: false, reason: 'corrupt-file', message: `${fileName} is named as a scan or photo but its contents are not a readable image: the file is damaged or incomplete. Copy it again from the scanner or phone.` };
    }
    return { ok: false, reason: 'unsupported-format', message: `${fileName} is not a JPEG, PNG, WebP, TIFF or PDF file. Save scans and photos in one of those formats.` };
  }
  return format === 'pdf' ? openPdf(bytes, fileName, options.pdfJpegPassThrough ?? true) : openRaster(bytes, fileName, format);
}

async function openRaster(bytes: Buffer, fileName: string, format: Exclude<InputFormat, 'pdf'>): Promise<OpenedInput> {
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false, failOn: failOnFor(format) }).metadata();
  } catch (error) {
    return { ok: false, reason: 'corrupt-file', message: `${fileName} could not be read as ${format.toUpperCase()} (${(error as Error).message}). The file is damaged or incomplete: copy it again.` };
  }
  const width = metadata.width ?? 0;
  const height = metadata.height ?? 0;
  if (width <= 0 || height <= 0) return { ok: false, reason: 'corrupt-file', message: `${fileName} has no picture in it.` };
  if (width * height > MAX_INPUT_PIXELS) {
    return { ok: false, reason: 'too-large', message: `${fileName} is ${width} × ${height} pixels (${(width * height / 1e6).toFixed(0)} MP); paperlink reads at most ${MAX_INPUT_PIXELS / 1e6} MP per page. Scan at 300 dpi or take the photo at normal resolution.` };
  }
  const pageCount = format === 'tiff' || format === 'webp' ? Math.max(1, metadata.pages ?? 1) : 1;
  return {
    ok: true, format, pageCount,
    async loadPage(index: number, resolution: PageResolution = 'full'): Promise<LoadedPage> {
      if (!Number.isInteger(index) || index < 0 || index >= pageCount) throw new Error(`Page ${index + 1} does not exist in ${fileName}.`);
      if (resolution === 'working' && format === 'jpeg' && halfSizeSuits(width, height)) {
        const turn = (metadata.orientation ?? 1) > 1 ? 'exif' : 0;
        // A temporary file that cannot be written (a full disk) costs only speed: the page is decoded whole below.
        const shrunk = await decodeJpegShrunk(bytes, { shrink: 2, limitInputPixels: MAX_INPUT_PIXELS, turn }).catch(() => undefined);
        const size = (metadata.orientation ?? 1) >= 5 ? { width: height, height: width } : { width, height };
        if (shrunk) {
          return loadedPage(shrunk, 'image-file', 2, (rect) => decodeJpegRegion(bytes, { limitInputPixels: MAX_INPUT_PIXELS, turn, size }, rect));
        }
      }
      let pipeline = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: failOnFor(format), ...(pageCount > 1 ? { page: index } : {}) });
      // Only when needed: each step costs a pass over a scan's 9 MP (EXIF orientation of phone photos; transparency).
      if ((metadata.orientation ?? 1) > 1) pipeline = pipeline.rotate();
      if (metadata.hasAlpha) pipeline = pipeline.flatten({ background: '#ffffff' });
      // The pages of a TIFF may differ in size: each is measured on its own.
      const page = pageCount > 1 ? await sharp(bytes, { limitInputPixels: false, failOn: failOnFor(format), page: index }).metadata() : metadata;
      const pageWidth = page.width ?? width;
      const pageHeight = page.height ?? height;
      if (pageWidth * pageHeight > WORKING_MAX_PIXELS) {
        // Width as the page will stand after EXIF orientation (5–8 turn it by 90°); a triangle kernel: no ringing at ink edges.
        const standingWidth = (metadata.orientation ?? 1) >= 5 ? pageHeight : pageWidth;
        const targetWidth = Math.max(1, Math.floor(standingWidth * Math.sqrt(WORKING_MAX_PIXELS / (pageWidth * pageHeight))));
        pipeline = pipeline.resize({ width: targetWidth, kernel: 'linear', withoutEnlargement: true });
      }
      const { data, info } = await pipeline
        .toColourspace('b-w')
        .raw()
        .toBuffer({ resolveWithObject: true });
      if (info.channels !== 1) throw new Error(`Decoding ${fileName} gave ${info.channels} channels instead of 1.`);
      return loadedPage({ width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) }, 'image-file', 1);
    },
  };
}

/** MuPDF (wasm) is loaded on the first PDF only: it adds ~40 MiB to every thread that imports it, and most batches are
 * JPEGs (each scan worker would otherwise carry it). */
let mupdfModule: Promise<typeof Mupdf> | undefined;

/** Half size suits a page large enough (HALF_SIZE_MIN_LONG_SIDE_PX) and not above the working size (a larger one is
 * resized to WORKING_MAX_PIXELS, where sharp already shrinks on load when it can). */
function halfSizeSuits(width: number, height: number): boolean {
  return Math.max(width, height) >= HALF_SIZE_MIN_LONG_SIDE_PX && width * height <= WORKING_MAX_PIXELS;
}

async function openPdf(bytes: Buffer, fileName: string, jpegPassThrough: boolean): Promise<OpenedInput> {
  const mupdf = await (mupdfModule ??= import('mupdf'));
  let doc: Mupdf.Document;
  let pageCount: number;
  try {
    doc = mupdf.Document.openDocument(bytes, 'application/pdf');
    pageCount = doc.countPages();
  } catch (error) {
    return { ok: false, reason: 'corrupt-file', message: `${fileName} could not be opened as PDF (${String((error as Error).message ?? error)}). The file is damaged or incomplete: copy it again.` };
  }
  if (pageCount <= 0) return { ok: false, reason: 'corrupt-file', message: `${fileName} is a PDF without pages.` };
  if (pageCount > MAX_PDF_PAGES) {
    return { ok: false, reason: 'too-large', message: `${fileName} has ${pageCount} pages; paperlink reads PDFs of at most ${MAX_PDF_PAGES} pages. Split it into smaller scan batches.` };
  }
  return {
    ok: true, format: 'pdf', pageCount,
    async loadPage(index: number, resolution: PageResolution = 'full'): Promise<LoadedPage> {
      if (!Number.isInteger(index) || index < 0 || index >= pageCount) throw new Error(`Page ${index + 1} does not exist in ${fileName}.`);
      const page = doc.loadPage(index);
      try {
        const jpeg = jpegPassThrough ? findPageJpeg(mupdf, page) : undefined;
        if (jpeg) {
          // A JPEG that sharp cannot decode (damaged stream) is left to MuPDF, which renders what it can as before.
          const decoded = await decodePageJpeg(jpeg, resolution).catch(() => undefined);
          if (decoded) return decoded;
        }
        return renderPdfPage(mupdf, page, index, fileName);
      } finally {
        page.destroy();
      }
    },
  };
}

function renderPdfPage(mupdf: typeof Mupdf, page: Mupdf.Page, index: number, fileName: string): LoadedPage {
  const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = page.getBounds();
  let dpi = PDF_RENDER_DPI;
  const pixels = ((x1 - x0) * dpi / 72) * ((y1 - y0) * dpi / 72);
  if (!(pixels > 0)) throw new Error(`Page ${index + 1} of ${fileName} has no size.`);
  // A large page (A3 and up, a poster-size PDF) is rendered at the working size instead of refused.
  if (pixels > WORKING_MAX_PIXELS) dpi *= Math.sqrt(WORKING_MAX_PIXELS / pixels);
  const pixmap = page.toPixmap(mupdf.Matrix.scale(dpi / 72, dpi / 72), mupdf.ColorSpace.DeviceGray, false, true);
  try {
    return loadedPage(grayFromPixmap(pixmap), 'pdf-render', 1);
  } finally {
    pixmap.destroy();
  }
}

/** A MuPDF grey pixmap, whose rows may be padded to its stride, as a tightly packed GrayImage (tests render with it too). */
export function grayFromPixmap(pixmap: Mupdf.Pixmap): GrayImage {
  const width = pixmap.getWidth();
  const height = pixmap.getHeight();
  const stride = pixmap.getStride();
  const pixels = pixmap.getPixels();
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) data.set(pixels.subarray(y * stride, y * stride + width), y * width);
  return { width, height, data };
}

/** The one JPEG a scanner's PDF page consists of, and the clockwise turn that stands it upright as the page shows it. */
interface PageJpeg {
  readonly bytes: Buffer;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly turn: 0 | 90 | 180 | 270;
}

interface DrawnImage { readonly image: Mupdf.Image; readonly ctm: Mupdf.Matrix; readonly alpha: number }

/**
 * The page's JPEG when the page draws exactly one opaque DCT image (grey or RGB, 8 bits, no mask, no decode array) that
 * covers the page edge to edge, axis-aligned, and nothing else (invisible OCR text and layer markers draw nothing);
 * otherwise undefined and the page is rendered. What is drawn where is taken from MuPDF's own run of the page (contents
 * and annotations, with /Rotate, the crop box and every `cm` applied), so the picture is the one MuPDF would render.
 */
function findPageJpeg(mupdf: typeof Mupdf, page: Mupdf.Page): PageJpeg | undefined {
  const pdfPage = page as Mupdf.PDFPage;
  if (typeof pdfPage.getObject !== 'function') return undefined;
  const drawn: DrawnImage[] = [];
  let otherMarks = 0;
  const other = (): void => { otherMarks++; };
  const device = new mupdf.Device({
    fillImage(image, ctm, alpha) { drawn.push({ image, ctm, alpha }); },
    fillPath: other, strokePath: other, clipPath: other, clipStrokePath: other, fillText: other, strokeText: other,
    clipText: other, clipStrokeText: other, fillShade: other, fillImageMask: other, clipImageMask: other, popClip: other,
    beginMask: other, endMask: other, beginGroup: other, endGroup: other,
    beginTile() { otherMarks++; return 0; }, endTile: other,
  });
  try {
    page.run(device, mupdf.Matrix.identity);
    device.close();
  } catch {
    return undefined;
  } finally {
    device.destroy();
  }
  try {
    const [only] = drawn;
    if (otherMarks > 0 || drawn.length !== 1 || !only || only.alpha !== 1) return undefined;
    return pageJpegOf(pdfPage, only);
  } finally {
    // Each holds the image's compressed bytes in wasm memory: freed now rather than at some later garbage collection.
    for (const { image } of drawn) image.destroy();
  }
}

/** The raw JPEG behind the one image a page draws, if it is a plain DCT stream the sharp path decodes the same. */
function pageJpegOf(pdfPage: Mupdf.PDFPage, { image, ctm }: DrawnImage): PageJpeg | undefined {
  const colorSpace = image.getColorSpace();
  const channels = image.getNumberOfComponents();
  if (image.getImageMask() || image.getMask() || image.getBitsPerComponent() !== 8 || !colorSpace ||
    !((channels === 1 && colorSpace.isGray()) || (channels === 3 && colorSpace.isRGB()))) return undefined;

  const stream = onlyImageXObject(pdfPage.getObject());
  if (!stream) return undefined;
  const filter = stream.get('Filter');
  const filterName = filter.isArray() ? (filter.length === 1 ? filter.get(0) : undefined) : filter;
  if (!filterName?.isName() || filterName.asName() !== 'DCTDecode') return undefined;
  // A decode array inverts or remaps samples; DecodeParms (ColorTransform) changes how the JPEG's colours are taken.
  for (const key of ['Decode', 'DecodeParms', 'SMask', 'Mask', 'ImageMask']) if (!stream.get(key).isNull()) return undefined;
  const width = stream.get('Width').asNumber();
  const height = stream.get('Height').asNumber();
  if (width !== image.getWidth() || height !== image.getHeight() || width * height > MAX_INPUT_PIXELS) return undefined;

  const turn = uprightTurn(ctm, pdfPage.getBounds());
  if (turn === undefined) return undefined;
  const raw = stream.readRawStream();
  // A view into MuPDF's wasm memory: copied out before the buffer is freed.
  let bytes: Buffer;
  try {
    bytes = Buffer.from(raw.asUint8Array());
  } finally {
    raw.destroy();
  }
  if (bytes.length < 3 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  return { bytes, width, height, channels, turn };
}

/** The page's one image XObject (indirect, so its raw stream can be read), or undefined when it has none or several. */
function onlyImageXObject(pageObject: Mupdf.PDFObject): Mupdf.PDFObject | undefined {
  const xobjects = pageObject.getInheritable('Resources').get('XObject');
  if (!xobjects.isDictionary()) return undefined;
  const images: Mupdf.PDFObject[] = [];
  xobjects.forEach((value) => {
    if (value.get('Subtype').isName() && value.get('Subtype').asName() === 'Image') images.push(value);
  });
  const [image] = images;
  return images.length === 1 && image?.isStream() ? image : undefined;
}

/**
 * How the image stands on the page, from the matrix MuPDF draws it with (image unit square, (0,0) = its first pixel's
 * corner → page points, y down): the clockwise turn that gives the rendered orientation, or undefined when the image is
 * not an axis-aligned rectangle covering the page bounds (within PDF_JPEG_PAGE_FIT_PT). A mirrored placement (no
 * scanner writes one) is rendered too: sharp's order of mirroring and turning is not one to rely on.
 */
function uprightTurn(ctm: Mupdf.Matrix, bounds: Mupdf.Rect): PageJpeg['turn'] | undefined {
  const [a, b, c, d, e, f] = ctm;
  const [x0, y0, x1, y1] = bounds;
  const corners = [[e, f], [a + e, b + f], [c + e, d + f], [a + c + e, b + d + f]] as const;
  const xs = corners.map(([x]) => x);
  const ys = corners.map(([, y]) => y);
  const fits = (value: number, edge: number): boolean => Math.abs(value - edge) <= PDF_JPEG_PAGE_FIT_PT;
  if (!fits(Math.min(...xs), x0) || !fits(Math.max(...xs), x1) || !fits(Math.min(...ys), y0) || !fits(Math.max(...ys), y1)) return undefined;
  // Axis-aligned: image rows (u) run along x (b = c = 0) or along y (a = d = 0); a skew or a slant is rendered.
  const straight = (value: number): boolean => Math.abs(value) <= PDF_JPEG_PAGE_FIT_PT;
  if (straight(b) && straight(c)) {
    if (a > 0 && d > 0) return 0;
    if (a < 0 && d < 0) return 180;
  } else if (straight(a) && straight(d)) {
    // A clockwise quarter turn puts the image's rows down the page (u → +y) and its first row at the right (v → −x).
    if (b > 0 && c < 0) return 90;
    if (b < 0 && c > 0) return 270;
  }
  return undefined;
}

/** Decodes a page's JPEG as the JPEG files are (grey, EXIF orientation ignored: the PDF's placement decides), upright,
 * shrunk to the working size like every other page. */
async function decodePageJpeg(jpeg: PageJpeg, resolution: PageResolution): Promise<LoadedPage> {
  const metadata = await sharp(jpeg.bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'warning' }).metadata();
  // The stream must be the picture its dictionary says (a CMYK or differently sized JPEG is rendered instead).
  if (metadata.format !== 'jpeg' || metadata.width !== jpeg.width || metadata.height !== jpeg.height || metadata.channels !== jpeg.channels) {
    throw new Error('The page JPEG does not match its PDF image dictionary.');
  }
  if (resolution === 'working' && halfSizeSuits(jpeg.width, jpeg.height)) {
    const shrunk = await decodeJpegShrunk(jpeg.bytes, { shrink: 2, limitInputPixels: MAX_INPUT_PIXELS, turn: jpeg.turn }).catch(() => undefined);
    const size = jpeg.turn === 90 || jpeg.turn === 270 ? { width: jpeg.height, height: jpeg.width } : { width: jpeg.width, height: jpeg.height };
    if (shrunk) {
      return loadedPage(shrunk, 'pdf-embedded-jpeg', 2, (rect) => decodeJpegRegion(jpeg.bytes, { limitInputPixels: MAX_INPUT_PIXELS, turn: jpeg.turn, size }, rect));
    }
  }
  let pipeline = sharp(jpeg.bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'warning' });
  if (jpeg.turn !== 0) pipeline = pipeline.rotate(jpeg.turn);
  if (jpeg.width * jpeg.height > WORKING_MAX_PIXELS) {
    const standingWidth = jpeg.turn === 90 || jpeg.turn === 270 ? jpeg.height : jpeg.width;
    const targetWidth = Math.max(1, Math.floor(standingWidth * Math.sqrt(WORKING_MAX_PIXELS / (jpeg.width * jpeg.height))));
    pipeline = pipeline.resize({ width: targetWidth, kernel: 'linear', withoutEnlargement: true });
  }
  const { data, info } = await pipeline.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`Decoding the page JPEG gave ${info.channels} channels instead of 1.`);
  return loadedPage({ width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) }, 'pdf-embedded-jpeg', 1);
}
