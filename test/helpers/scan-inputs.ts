/**
 * Real printed pages for scan tests: print into a workspace, rasterise the PDF with mupdf, fill boxes with dark squares,
 * encode as JPEG/PNG/TIFF/PDF. A stand-in for the simulator (branch `sim`), which replaces the filling when it lands.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mupdf from 'mupdf';
import sharp, { type Sharp } from 'sharp';
import PDFDocument from 'pdfkit';
import { layoutForm, type FormLayout, type GrayImage, type SheetCode } from '../../src/model/index.js';
import { printSheets, renderSheetsPdf, sheetCodesFor } from '../../src/print/index.js';
import { openWorkspace, type Workspace } from '../../src/store/index.js';
import { loadFormCatalogue } from '../../src/cli/load-forms.js';
import { grayFromPixmap } from '../../src/scan/load-image.js';
import { drawMark } from './scan-page.js';

export const TEST_DPI = 150;

export function tempDir(prefix = 'paperlink-scan-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A workspace in which `form` was printed for `site`, serials from..to (the print run makes the layout known). */
/** `workspace`: where the store lives (default the folder `ws` in `dir`), e.g. a `postgres://` URL. */
export async function printedWorkspace(dir: string, options: { form?: string; site?: string; from?: number; to?: number; workspace?: string } = {}): Promise<{ workspace: Workspace; layout: FormLayout }> {
  const definition = loadFormCatalogue([]).get(options.form ?? 'intake');
  const workspace = openWorkspace(options.workspace ?? join(dir, 'ws'));
  const result = await printSheets(workspace, { definition, site: options.site ?? 'AMS01', serialFrom: options.from ?? 1, serialTo: options.to ?? 3,
    outFile: join(dir, 'print.pdf'), creationDate: new Date('2025-01-01T00:00:00Z') });
  return { workspace, layout: result.layout };
}

/** The layout of a form without recording anything (for "unknown layout" inputs). */
export function layoutOf(form = 'intake'): FormLayout {
  return layoutForm(loadFormCatalogue([]).get(form));
}

export function codesOf(layout: FormLayout, site: string, from: number, to: number): SheetCode[] {
  return sheetCodesFor(layout, site, from, to);
}

/** Rasterises printed pages in greyscale at `dpi`. */
export async function renderPages(layout: FormLayout, codes: readonly SheetCode[], dpi = TEST_DPI): Promise<GrayImage[]> {
  const pdf = await renderSheetsPdf(layout, codes, new Date('2025-01-01T00:00:00Z'));
  const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
  const pages: GrayImage[] = [];
  for (let index = 0; index < doc.countPages(); index++) {
    pages.push(grayFromPixmap(doc.loadPage(index).toPixmap(mupdf.Matrix.scale(dpi / 72, dpi / 72), mupdf.ColorSpace.DeviceGray, false, true)));
  }
  return pages;
}

/** Marks boxes with a pen cross, like a volunteer would: `{ vuln: ['pregnant'], visit: ['first'] }` (drawMark of scan's helper). */
export function fillBoxes(image: GrayImage, layout: FormLayout, page: number, marks: Readonly<Record<string, readonly (string | number)[]>>, dpi = TEST_DPI): GrayImage {
  const copy: GrayImage = { width: image.width, height: image.height, data: new Uint8Array(image.data) };
  for (const [fieldId, values] of Object.entries(marks)) {
    if (!layout.fields.some((candidate) => candidate.id === fieldId && candidate.page === page)) throw new Error(`no field ${fieldId} on page ${page}`);
    for (const value of values) drawMark(copy, layout, dpi, fieldId, String(value), 'cross');
  }
  return copy;
}

function raw(image: GrayImage): Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } });
}

export async function toJpeg(image: GrayImage, quality = 90): Promise<Buffer> {
  return raw(image).jpeg({ quality }).toBuffer();
}

export async function toPng(image: GrayImage): Promise<Buffer> {
  return raw(image).png().toBuffer();
}

/** A multi-page TIFF (as sheet feeders write them). */
export async function toMultiPageTiff(images: readonly GrayImage[]): Promise<Buffer> {
  const first = images[0]!;
  const stacked = new Uint8Array(first.width * first.height * images.length);
  images.forEach((image, index) => stacked.set(image.data, index * first.width * first.height));
  return sharp(stacked, { raw: { width: first.width, height: first.height * images.length, channels: 1, pageHeight: first.height } as never })
    .tiff({ compression: 'lzw' }).toBuffer();
}

/** A scanner-style PDF: one JPEG image per A4 page. */
export async function toImagePdf(images: readonly GrayImage[]): Promise<Buffer> {
  const doc = new PDFDocument({ autoFirstPage: false, margin: 0 });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolveDone) => doc.on('end', () => resolveDone()));
  for (const image of images) {
    doc.addPage({ size: 'A4', margin: 0 });
    doc.image(await toJpeg(image), 0, 0, { width: doc.page.width, height: doc.page.height });
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

export function writeInputs(dir: string, files: Readonly<Record<string, Buffer | Uint8Array>>): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  return dir;
}
