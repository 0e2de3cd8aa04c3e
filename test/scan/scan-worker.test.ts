import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GrayImage } from '../../src/model/index.js';
import { applyHomography, openInput, readInputPage, readPage, type OpenedInput, type PageReading, type SafeReading } from '../../src/scan/index.js';
import { encodePng } from '../../src/scan/scan-worker.js';
import { codeFor, drawMark, drawScribble, loadIntake, MM_PER_INCH, renderPage } from '../helpers/scan-page.js';

const { layout, stored } = loadIntake();
const lookup = (): typeof stored => stored;

function read(reading: SafeReading | PageReading): Extract<PageReading, { kind: 'read' }> {
  if (reading.kind !== 'read') throw new Error(`not read: ${reading.kind === 'failed' ? reading.message : `${reading.reason}: ${reading.message}`}`);
  return reading;
}

function meanAbsDifference(a: GrayImage, b: GrayImage): number {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i]! - b.data[i]!);
  return sum / a.data.length;
}

describe('readInputPage: a large JPEG is read at half size, and whole where that is not enough', () => {
  let page: GrayImage;
  let opened: Extract<OpenedInput, { ok: true }>;
  beforeAll(async () => {
    page = await renderPage(layout, codeFor(layout, 7, 1), 300);
    drawMark(page, layout, 300, 'lang', 'uk', 'tick');
    drawMark(page, layout, 300, 'vuln', 'pregnant', 'cross');
    drawScribble(page, layout, 300, 'site_code', 1);
    const jpeg = await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } }).jpeg({ quality: 90 }).toBuffer();
    const input = await openInput(jpeg, 'scan-300.jpg');
    if (!input.ok) throw new Error(input.message);
    opened = input;
  });

  it('decodes a 300-dpi scan at half size and states the registration in the file\'s own pixels', async () => {
    const reading = read((await readInputPage(opened, 0, lookup)).reading);
    expect(reading.metrics['shrunkOnLoad']).toBe(2);
    expect(reading.metrics['imageWidth']).toBe(Math.floor(page.width / 2));
    expect(reading.metrics['halfSizeRetry']).toBeUndefined();
    const s = 300 / MM_PER_INCH;
    expect(reading.transform.scale).toBeCloseTo(s, 0);
    for (const mark of layout.marks) {
      const fitted = applyHomography(reading.transform.homography, { x: mark.xMm, y: mark.yMm });
      expect(Math.hypot(fitted.x - (mark.xMm * s - 0.5), fitted.y - (mark.yMm * s - 0.5)) / s).toBeLessThan(0.5);
    }
    expect(reading.fields.find((f) => f.fieldId === 'lang')).toMatchObject({ value: 'uk', status: 'auto' });
  });

  it('reads an unsure digit field again from the whole pixels: its cells are the full-resolution ones', async () => {
    const reading = read((await readInputPage(opened, 0, lookup)).reading);
    const siteCode = reading.fields.find((f) => f.fieldId === 'site_code')!;
    expect(siteCode).toMatchObject({ status: 'needs-review', reasons: ['digits-unsure'] });
    expect(siteCode.metrics['rereadWhole']).toBe(true);
    expect(reading.metrics['digitFieldsReadWhole']).toBeGreaterThanOrEqual(1);
    const whole = read(await readPage(await opened.loadPage(0, 'full'), lookup));
    const half = read(await readPage(await opened.loadPage(0, 'working'), lookup));
    const cellsOf = (r: typeof reading): GrayImage[] => r.digitCells.find((d) => d.fieldId === 'site_code')!.cells;
    const rereadVsWhole = cellsOf(reading).map((cell, i) => meanAbsDifference(cell, cellsOf(whole)[i]!));
    const halfVsWhole = cellsOf(half).map((cell, i) => meanAbsDifference(cell, cellsOf(whole)[i]!));
    // The same pixels through a registration found at half size (≤ 0.1 mm apart), against half-size blur.
    expect(Math.max(...rereadVsWhole)).toBeLessThan(Math.min(...halfVsWhole));
    // A sure field is not read again.
    expect(reading.fields.find((f) => f.fieldId === 'lang')!.metrics['rereadWhole']).toBeUndefined();
  });

  it('decodes the page whole and reads it again when nothing was found at half size', async () => {
    const seen: number[] = [];
    const picky: typeof readPage = async (image, layouts, options) => {
      seen.push(image.width);
      if (image.width < page.width) return { kind: 'unreadable', reason: 'no-qr', message: 'not at this size', metrics: { imageWidth: image.width, imageHeight: image.height, detectionFactor: 1, totalMs: 1 } } as PageReading;
      return readPage(image, layouts, options);
    };
    const { reading, image } = await readInputPage(opened, 0, lookup, picky);
    expect(seen).toEqual([Math.floor(page.width / 2), page.width]);
    expect(image.width).toBe(page.width);
    const whole = read(reading);
    expect(whole.metrics['halfSizeRetry']).toBe(true);
    expect(whole.metrics['shrunkOnLoad']).toBe(1);
    expect(whole.code.serial).toBe(7);
  });

  it('keeps a blank page at half size (nothing more to find in it)', async () => {
    const blank = await sharp({ create: { width: 2480, height: 3508, channels: 3, background: { r: 250, g: 250, b: 250 } } }).jpeg().toBuffer();
    const input = await openInput(blank, 'blank.jpg');
    if (!input.ok) throw new Error(input.message);
    const { reading, image } = await readInputPage(input, 0, lookup);
    expect(reading).toMatchObject({ kind: 'unreadable', reason: 'blank-page' });
    expect(image.width).toBe(1240);
  });
});

describe('encodePng: the crops a reviewer sees', () => {
  it('decodes back to exactly the crop\'s pixels (sub filter, odd widths, wrapping differences)', async () => {
    for (const [width, height] of [[3, 2], [37, 5], [200, 64]] as const) {
      const data = new Uint8Array(width * height);
      // Paper, ink and jumps across 0/255 so that every left-difference wraps somewhere.
      for (let i = 0; i < data.length; i++) data[i] = (i * 97 + (i % width === 3 ? 250 : 0)) % 256;
      const png = encodePng({ width, height, data });
      const metadata = await sharp(png).metadata();
      expect([metadata.width, metadata.height, metadata.channels, metadata.depth]).toEqual([width, height, 1, 'uchar']);
      const decoded = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
      expect(Buffer.compare(decoded.data, Buffer.from(data))).toBe(0);
    }
  });
});
