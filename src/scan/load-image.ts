/**
 * The image edge of scanning: file bytes → pages of GrayImage (sharp for JPEG/PNG/WebP/TIFF, mupdf for PDF).
 * Owns the refusals of bad input (corrupt, too large, unsupported, HEIC); it must not read or register pages.
 */
import type * as Mupdf from 'mupdf';
import sharp, { type Metadata } from 'sharp';
import type { GrayImage } from '../model/index.js';

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
/** A PDF with more pages is refused whole: a scanner batch is tens of pages; thousands is a wrong file. */
export const MAX_PDF_PAGES = 500;
/** Scanner PDFs are rasterised at the resolution scanners write (300 dpi: 11.8 px/mm, 6 ms per A4 page). */
export const PDF_RENDER_DPI = 300;

export type InputFormat = 'jpeg' | 'png' | 'webp' | 'tiff' | 'pdf';

export type OpenedInput =
  | { ok: true; format: InputFormat; pageCount: number; loadPage(index: number): Promise<GrayImage> }
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
export async function openInput(bytes: Buffer, fileName: string): Promise<OpenedInput> {
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
  return format === 'pdf' ? openPdf(bytes, fileName) : openRaster(bytes, fileName, format);
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
    async loadPage(index: number): Promise<GrayImage> {
      if (!Number.isInteger(index) || index < 0 || index >= pageCount) throw new Error(`Page ${index + 1} does not exist in ${fileName}.`);
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
      return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
    },
  };
}

/** MuPDF (wasm) is loaded on the first PDF only: it adds ~40 MiB to every thread that imports it, and most batches are
 * JPEGs (each scan worker would otherwise carry it). */
let mupdfModule: Promise<typeof Mupdf> | undefined;

async function openPdf(bytes: Buffer, fileName: string): Promise<OpenedInput> {
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
    async loadPage(index: number): Promise<GrayImage> {
      if (!Number.isInteger(index) || index < 0 || index >= pageCount) throw new Error(`Page ${index + 1} does not exist in ${fileName}.`);
      const page = doc.loadPage(index);
      try {
        const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = page.getBounds();
        let dpi = PDF_RENDER_DPI;
        const pixels = ((x1 - x0) * dpi / 72) * ((y1 - y0) * dpi / 72);
        if (!(pixels > 0)) throw new Error(`Page ${index + 1} of ${fileName} has no size.`);
        // A large page (A3 and up, a poster-size PDF) is rendered at the working size instead of refused.
        if (pixels > WORKING_MAX_PIXELS) dpi *= Math.sqrt(WORKING_MAX_PIXELS / pixels);
        const pixmap = page.toPixmap(mupdf.Matrix.scale(dpi / 72, dpi / 72), mupdf.ColorSpace.DeviceGray, false, true);
        try {
          const width = pixmap.getWidth();
          const height = pixmap.getHeight();
          const stride = pixmap.getStride();
          const source = pixmap.getPixels();
          const data = new Uint8Array(width * height);
          for (let y = 0; y < height; y++) data.set(source.subarray(y * stride, y * stride + width), y * width);
          return { width, height, data };
        } finally {
          pixmap.destroy();
        }
      } finally {
        page.destroy();
      }
    },
  };
}
