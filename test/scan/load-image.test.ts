import { crc32, deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import type { GrayImage } from '../../src/model/index.js';
import { renderSheetsPdf } from '../../src/print/index.js';
import { MAX_INPUT_PIXELS, MAX_PDF_PAGES, WORKING_MAX_PIXELS, openInput } from '../../src/scan/index.js';
import { codeFor, loadIntake } from '../helpers/scan-page.js';

/** 60 × 40 grey picture, dark in its top-left corner only: tells orientation apart. */
async function cornerImage(): Promise<Sharp> {
  const data = Buffer.alloc(60 * 40, 255);
  for (let y = 0; y < 10; y++) data.fill(0, y * 60, y * 60 + 10);
  return sharp(data, { raw: { width: 60, height: 40, channels: 1 } });
}

function pngChunk(type: string, body: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(typed) >>> 0, 0);
  const length = Buffer.alloc(4); length.writeUInt32BE(body.length, 0);
  return Buffer.concat([length, typed, crc]);
}

/** A 68-byte PNG whose header claims huge dimensions: a decompression bomb as far as the header says. */
function bombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4); ihdr[8] = 8; ihdr[9] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(10))), pngChunk('IEND', Buffer.alloc(0))]);
}

describe('openInput', () => {
  it('applies EXIF orientation and returns one grey channel', async () => {
    const jpeg = await (await cornerImage()).jpeg().withMetadata({ orientation: 3 }).toBuffer();
    const opened = await openInput(jpeg, 'photo.jpg');
    expect(opened).toMatchObject({ ok: true, format: 'jpeg', pageCount: 1 });
    if (!opened.ok) return;
    const page = await opened.loadPage(0);
    expect(page.data.length).toBe(page.width * page.height);
    // Rotated 180°: the dark corner is now bottom-right.
    expect(page.data[page.data.length - 1]).toBeLessThan(60);
    expect(page.data[0]).toBeGreaterThan(200);
  });

  it('reads every page of a PDF', async () => {
    const { layout } = loadIntake();
    const pdf = await renderSheetsPdf(layout, [codeFor(layout, 1, 1), codeFor(layout, 1, 2)]);
    const opened = await openInput(pdf, 'batch.pdf');
    expect(opened).toMatchObject({ ok: true, format: 'pdf', pageCount: 2 });
    if (!opened.ok) return;
    const page = await opened.loadPage(1);
    expect(page.width).toBeGreaterThan(2400);
    await expect(opened.loadPage(2)).rejects.toThrow(/does not exist/);
  });

  it('gives every page the same properties in the same order, however it was decoded (one hidden class in V8)', async () => {
    const jpeg = await sharp({ create: { width: 3300, height: 2400, channels: 3, background: '#d0d0d0' } }).jpeg().toBuffer();
    const opened = await openInput(jpeg, 'big.jpg');
    const { layout } = loadIntake();
    const pdf = await openInput(await renderSheetsPdf(layout, [codeFor(layout, 1, 1)]), 'batch.pdf');
    if (!opened.ok || !pdf.ok) throw new Error('not opened');
    const pages = [await opened.loadPage(0, 'working'), await opened.loadPage(0, 'full'), await pdf.loadPage(0)];
    expect(pages.map((page) => page.shrunkOnLoad)).toEqual([2, 1, 1]);
    for (const page of pages) expect(Object.keys(page)).toEqual(['width', 'height', 'data', 'source', 'shrunkOnLoad', 'loadRegion']);
  });

  it('refuses empty, random, truncated, HEIC and oversized inputs with a reason and advice', async () => {
    expect(await openInput(Buffer.alloc(0), 'a.jpg')).toMatchObject({ ok: false, reason: 'corrupt-file' });
    // Undecodable bytes under an image name are a damaged file; an unknown kind of file is an unsupported format.
    expect(await openInput(Buffer.from('not an image at all, just some text'), 'a.jpg')).toMatchObject({ ok: false, reason: 'corrupt-file' });
    expect(await openInput(Buffer.from('not an image at all, just some text'), 'notes.docx')).toMatchObject({ ok: false, reason: 'unsupported-format' });
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(20)]);
    const refusedHeic = await openInput(heic, 'IMG_0001.HEIC');
    expect(refusedHeic).toMatchObject({ ok: false, reason: 'unsupported-format' });
    expect(!refusedHeic.ok && refusedHeic.message).toMatch(/JPEG/);
    const side = Math.ceil(Math.sqrt(MAX_INPUT_PIXELS)) + 10;
    expect(await openInput(bombPng(side, side), 'bomb.png')).toMatchObject({ ok: false, reason: 'too-large' });
    const jpeg = await (await cornerImage()).jpeg().toBuffer();
    const truncated = await openInput(jpeg.subarray(0, 200), 'cut.jpg');
    if (truncated.ok) await expect(truncated.loadPage(0)).rejects.toThrow();
    else expect(truncated.reason).toBe('corrupt-file');
    expect(await openInput(Buffer.from('%PDF-1.7\n garbage'), 'broken.pdf')).toMatchObject({ ok: false, reason: 'corrupt-file' });
    expect(MAX_PDF_PAGES).toBeGreaterThanOrEqual(100);
  });
  it('decodes a page larger than the working size shrunk to it, upright and with its proportions', async () => {
    // 6000 × 3600 (21.6 MP), stored on its side with EXIF orientation 6 (turn 90° clockwise): it stands 3600 wide.
    const big = await sharp({ create: { width: 6000, height: 3600, channels: 3, background: '#f4f4f4' } })
      .jpeg({ quality: 60 }).withMetadata({ orientation: 6 }).toBuffer();
    const opened = await openInput(big, 'big.jpg');
    if (!opened.ok) throw new Error(opened.message);
    const page = await opened.loadPage(0);
    expect(page.width * page.height).toBeLessThanOrEqual(WORKING_MAX_PIXELS);
    expect(page.width * page.height).toBeGreaterThan(WORKING_MAX_PIXELS * 0.99);
    expect(page.height / page.width).toBeCloseTo(6000 / 3600, 2);
  });
});

/**
 * A scanner-like page picture, 600 × 900 px (2 × 3 in at 300 dpi): a paper-grey gradient with a dark block in its
 * top-left corner, a thinner one at the top-right and fine stripes, so orientation, mirroring and sampling all show.
 */
async function scannerJpeg(width = 600, height = 900): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let level = 200 + Math.round(40 * x / width);
      if (x < 120 && y < 80) level = 20;
      else if (x > width - 60 && y < 200) level = 90;
      else if (y > height / 2 && y < height / 2 + 60 && x % 8 < 3) level = 60;
      const at = (y * width + x) * 3;
      // A little colour, as colour scanners write it: the grey conversion is compared too.
      data[at] = level; data[at + 1] = Math.max(0, level - 6); data[at + 2] = Math.min(255, level + 8);
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
}

type PdfKitDoc = InstanceType<typeof PDFDocument>;

/** A PDF built page by page with pdfkit (which keeps JPEGs as DCTDecode streams). */
async function pdfOf(pages: ReadonlyArray<(doc: PdfKitDoc) => void>): Promise<Buffer> {
  const doc = new PDFDocument({ autoFirstPage: false, margin: 0 });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolveDone) => doc.on('end', () => resolveDone()));
  for (const draw of pages) draw(doc);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

/** Mean and largest per-pixel difference of two same-sized grey images. */
function difference(a: GrayImage, b: GrayImage): { mean: number; max: number } {
  let sum = 0;
  let max = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs((a.data[i] ?? 0) - (b.data[i] ?? 0));
    sum += d;
    if (d > max) max = d;
  }
  return { mean: sum / a.data.length, max };
}

describe('scanner PDF pages that are one JPEG', () => {
  it('are decoded from the JPEG itself, upright and pixel for pixel as MuPDF renders them; anything else is rendered', async () => {
    const jpeg = await scannerJpeg();
    const png = await sharp(jpeg).png().toBuffer();
    const exifTurned = await sharp(jpeg).withMetadata({ orientation: 6 }).jpeg({ quality: 92 }).toBuffer();
    const setRotate = (doc: PdfKitDoc, degrees: number): void => { (doc.page.dictionary.data as Record<string, unknown>).Rotate = degrees; };
    const full = (doc: PdfKitDoc, image: Buffer = jpeg): void => { doc.image(image, 0, 0, { width: 144, height: 216 }); };
    const pdf = await pdfOf([
      /* 0 */ (doc) => { doc.addPage({ size: [144, 216] }); full(doc); },
      /* 1 */ (doc) => { doc.addPage({ size: [144, 216] }); full(doc); setRotate(doc, 90); },
      /* 2 */ (doc) => { doc.addPage({ size: [144, 216] }); full(doc); setRotate(doc, 180); },
      /* 3 */ (doc) => { doc.addPage({ size: [144, 216] }); full(doc); setRotate(doc, 270); },
      // Turned by the content stream itself (a landscape page holding a portrait scan).
      /* 4 */ (doc) => { doc.addPage({ size: [216, 144] }); doc.transform(0, 1, -1, 0, 216, 0); full(doc); },
      /* 5 */ (doc) => { doc.addPage({ size: [216, 144] }); doc.transform(0, -1, 1, 0, 0, 144); full(doc); },
      // Invisible OCR text over the scan (searchable PDFs) draws nothing.
      /* 6 */ (doc) => { doc.addPage({ size: [144, 216] }); full(doc); doc.addContent('3 Tr'); doc.fontSize(10).text('Naam 123', 20, 20); },
      // A JPEG carrying an EXIF orientation: the PDF's placement decides (pdfkit turns it by its matrix), EXIF is ignored.
      /* 7 */ (doc) => { doc.addPage({ size: [216, 144] }); doc.image(exifTurned, 0, 0, { width: 216, height: 144 }); },
      // Must be rendered: an extra drawing, visible text, a JPEG with a margin, a PNG (Flate) image.
      /* 8 */ (doc) => { doc.addPage({ size: [144, 216] }); full(doc); doc.rect(20, 20, 30, 30).fill('#000000'); },
      /* 9 */ (doc) => { doc.addPage({ size: [144, 216] }); full(doc); doc.fontSize(10).text('Naam 123', 20, 20); },
      /* 10 */ (doc) => { doc.addPage({ size: [144, 216] }); doc.image(jpeg, 10, 10, { width: 124, height: 196 }); },
      /* 11 */ (doc) => { doc.addPage({ size: [144, 216] }); full(doc, png); },
      // Mirrored placements (transposed and flopped) are rendered too.
      /* 12 */ (doc) => { doc.addPage({ size: [216, 144] }); doc.transform(0, 1, 1, 0, 0, 0); full(doc); },
      /* 13 */ (doc) => { doc.addPage({ size: [144, 216] }); doc.transform(-1, 0, 0, 1, 144, 0); full(doc); },
    ]);
    const fast = await openInput(pdf, 'scan.pdf');
    const rendered = await openInput(pdf, 'scan.pdf', { pdfJpegPassThrough: false });
    if (!fast.ok || !rendered.ok) throw new Error('the test PDF does not open');
    const sources: string[] = [];
    for (let index = 0; index < fast.pageCount; index++) {
      const page = await fast.loadPage(index);
      const reference = await rendered.loadPage(index);
      sources.push(page.source);
      expect(reference.source).toBe('pdf-render');
      expect([page.width, page.height]).toEqual([reference.width, reference.height]);
      const { mean, max } = difference(page, reference);
      // Two JPEG decoders (libjpeg-turbo in sharp, libjpeg in MuPDF) and two grey conversions differ by a level or two.
      // (Measured: mean 0.27, largest 1; a page turned the wrong way differs by a mean of 37.)
      expect(mean, `page ${index + 1}`).toBeLessThan(1);
      expect(max, `page ${index + 1}`).toBeLessThanOrEqual(8);
    }
    expect(sources).toEqual([
      'pdf-embedded-jpeg', 'pdf-embedded-jpeg', 'pdf-embedded-jpeg', 'pdf-embedded-jpeg', 'pdf-embedded-jpeg', 'pdf-embedded-jpeg',
      'pdf-embedded-jpeg', 'pdf-embedded-jpeg', 'pdf-render', 'pdf-render', 'pdf-render', 'pdf-render', 'pdf-render', 'pdf-render',
    ]);
  });

  it('shrink a large page JPEG to the working size upright, and leave a damaged one to MuPDF', async () => {
    // 5000 × 3600 (18 MP) landscape scan on a page turned by /Rotate 90: it stands 3600 wide.
    const big = await sharp({ create: { width: 5000, height: 3600, channels: 3, background: '#f0f0f0' } }).toColourspace('b-w').jpeg({ quality: 60 }).toBuffer();
    const jpeg = await scannerJpeg();
    const pdf = await pdfOf([
      (doc) => { doc.addPage({ size: [400, 288] }); doc.image(big, 0, 0, { width: 400, height: 288 }); (doc.page.dictionary.data as Record<string, unknown>).Rotate = 90; },
      // Cut short after its headers: sharp refuses it, MuPDF renders what there is (as before this fast path).
      (doc) => { doc.addPage({ size: [144, 216] }); doc.image(jpeg.subarray(0, Math.floor(jpeg.length / 2)), 0, 0, { width: 144, height: 216 }); },
    ]);
    const opened = await openInput(pdf, 'big.pdf');
    if (!opened.ok) throw new Error(opened.message);
    const page = await opened.loadPage(0);
    expect(page.source).toBe('pdf-embedded-jpeg');
    expect(page.width * page.height).toBeLessThanOrEqual(WORKING_MAX_PIXELS);
    expect(page.width * page.height).toBeGreaterThan(WORKING_MAX_PIXELS * 0.99);
    expect(page.height / page.width).toBeCloseTo(5000 / 3600, 2);
    const damaged = await opened.loadPage(1);
    expect(damaged.source).toBe('pdf-render');
    expect([damaged.width, damaged.height]).toEqual([600, 900]);
  });
});
