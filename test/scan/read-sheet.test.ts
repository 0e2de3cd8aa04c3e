import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { humanSheetId, sampleBilinear, type GrayImage } from '../../src/model/index.js';
import { applyHomography, invertHomography, readPage, type PageReading } from '../../src/scan/index.js';
import {
  cameraHomography, codeFor, drawMark, drawScribble, fillRect, jpegRoundTrip, loadIntake, MM_PER_INCH, renderPage, rotate180, warpImage,
} from '../helpers/scan-page.js';

const intake = loadIntake();
const { layout, stored } = intake;
const lookup = (): typeof stored => stored;

/** What the test volunteer wrote on page 1 of serial 7. */
function fillPage1(image: GrayImage, dpi: number): void {
  drawMark(image, layout, dpi, 'lang', 'uk', 'tick');
  drawMark(image, layout, dpi, 'vuln', 'pregnant', 'cross');
  drawMark(image, layout, dpi, 'vuln', 'infant_u1', 'tick');
  drawMark(image, layout, dpi, 'vuln', 'walking', 'blackout');
  drawScribble(image, layout, dpi, 'site_code', 1);
}

/** The simulator's straight shake kernel for sharp.convolve (as in simulate/camera.ts, redrawn here: tests do not
 * import features other than the one under test). */
function shakeKernel(lengthPx: number, angleDeg: number): { width: number; height: number; kernel: number[] } {
  const size = Math.max(3, Math.ceil(lengthPx) | 1);
  const kernel = new Array<number>(size * size).fill(0);
  const angle = (angleDeg * Math.PI) / 180;
  const c = (size - 1) / 2;
  for (let i = 0; i <= size * 4; i++) {
    const t = (i / (size * 4) - 0.5) * lengthPx;
    const x = Math.round(c + t * Math.cos(angle)); const y = Math.round(c + t * Math.sin(angle));
    if (x >= 0 && y >= 0 && x < size && y < size) kernel[y * size + x]! += 1;
  }
  const total = kernel.reduce((sum, value) => sum + value, 0);
  return { width: size, height: size, kernel: kernel.map((value) => value / total) };
}

async function decodeJpeg(jpeg: Buffer): Promise<GrayImage> {
  const { data, info } = await sharp(jpeg).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, info.width * info.height) };
}

/** Resamples `image` so that output pixel (x, y) shows source pixel source(x, y) (white outside). */
function warpWith(image: GrayImage, width: number, height: number, source: (x: number, y: number) => { x: number; y: number }): GrayImage {
  const data = new Uint8Array(width * height).fill(255);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = source(x, y);
      if (p.x < 0 || p.y < 0 || p.x > image.width - 1 || p.y > image.height - 1) continue;
      data[y * width + x] = sampleBilinear(image, p.x, p.y);
    }
  }
  return { width, height, data };
}

function read(reading: PageReading): Extract<PageReading, { kind: 'read' }> {
  if (reading.kind !== 'read') throw new Error(`unreadable: ${reading.reason}: ${reading.message}`);
  return reading;
}

function field(reading: Extract<PageReading, { kind: 'read' }>, id: string) {
  const found = reading.fields.find((f) => f.fieldId === id);
  if (!found) throw new Error(`no field ${id}`);
  return found;
}

/** Largest distance (mm) between a found mark and where the fitted transform puts the layout's mark. */
function markErrorMm(reading: Extract<PageReading, { kind: 'read' }>, truth: (p: { x: number; y: number }) => { x: number; y: number }): number {
  return Math.max(...layout.marks.map((mark) => {
    const fitted = applyHomography(reading.transform.homography, { x: mark.xMm, y: mark.yMm });
    const actual = truth({ x: mark.xMm, y: mark.yMm });
    return Math.hypot(fitted.x - actual.x, fitted.y - actual.y) / reading.transform.scale;
  }));
}

function expectPage1Values(reading: Extract<PageReading, { kind: 'read' }>): void {
  expect(field(reading, 'lang')).toMatchObject({ value: 'uk', status: 'auto' });
  const vulnerability = field(reading, 'vuln');
  expect(vulnerability.status).toBe('auto');
  expect(vulnerability.value).toEqual(['pregnant', 'infant_u1']);
  expect(String(vulnerability.metrics['cancelled'])).toBe('walking');
  expect(field(reading, 'visit')).toMatchObject({ value: null, status: 'empty' });
  expect(field(reading, 'site_code')).toMatchObject({ status: 'needs-review', reasons: ['digits-unsure'] });
  expect(field(reading, 'date')).toMatchObject({ status: 'empty' });
}

describe('readPage', () => {
  let clean300: GrayImage;
  beforeAll(async () => {
    clean300 = await renderPage(layout, codeFor(layout, 7, 1), 300);
    fillPage1(clean300, 300);
  });

  it('reads a clean 300 dpi scan: code, marks within 0.5 mm, ticked / empty / blacked-out boxes', async () => {
    const reading = read(await readPage(clean300, lookup));
    expect(reading.code).toMatchObject({ formCode: 'INT', serial: 7, page: 1, site: 'AMS01' });
    expect(reading.qrText.startsWith('PL1.INT.1.')).toBe(true);
    expect(reading.transform.marksFound).toBe(4);
    const s = 300 / MM_PER_INCH;
    expect(markErrorMm(reading, (p) => ({ x: p.x * s - 0.5, y: p.y * s - 0.5 }))).toBeLessThan(0.5);
    expect(reading.transform.residualMm).toBeLessThan(0.5);
    expectPage1Values(reading);
    expect(reading.fields.map((f) => f.fieldId)).toEqual(layout.fields.filter((f) => f.page === 1).map((f) => f.id));
    const cells = reading.digitCells.find((d) => d.fieldId === 'site_code')?.cells ?? [];
    expect(cells).toHaveLength(4);
    expect(cells[0]).toMatchObject({ width: Math.round((6.5 + 2) * 8), height: Math.round((8.5 + 2) * 8) });
    expect(reading.pageImage.width).toBe(210 * 4);
  });

  it('reads an upside-down page', async () => {
    const reading = read(await readPage(rotate180(clean300), lookup));
    expect(reading.code.serial).toBe(7);
    const s = 300 / MM_PER_INCH;
    const w = clean300.width;
    const h = clean300.height;
    expect(markErrorMm(reading, (p) => ({ x: w - 1 - (p.x * s - 0.5), y: h - 1 - (p.y * s - 0.5) }))).toBeLessThan(0.5);
    expectPage1Values(reading);
  });

  it('reads a tilted, keystoned 150 dpi JPEG', async () => {
    const camera = cameraHomography(clean300, 4, 0.5, 4e-6);
    const photo = await jpegRoundTrip(warpImage(clean300, camera.h, camera.width, camera.height), 75);
    const reading = read(await readPage(photo, lookup));
    const s = 300 / MM_PER_INCH;
    expect(markErrorMm(reading, (p) => applyHomography(camera.h, { x: p.x * s - 0.5, y: p.y * s - 0.5 }))).toBeLessThan(0.5);
    expectPage1Values(reading);
  });

  it('reads a page with a curled right edge through the local correction of its outlines', async () => {
    // The simulator's curl: the right corners move in by 9 mm, the shift grows with the cube of the distance from the
    // left edge; the QR (top right) moves less than the marks, so no homography fits marks and QR.
    const s = 300 / MM_PER_INCH;
    const camera = cameraHomography(clean300, 3, 0.5, 4e-6);
    const inverse = invertHomography(camera.h);
    const liftPx = 9 * s;
    const curled = warpWith(clean300, camera.width, camera.height, (x, y) => {
      const q = applyHomography(inverse, { x, y });
      const fu = q.x / clean300.width; const fv = q.y / clean300.height; const bv = 2 * fv - 1;
      return { x: q.x - liftPx * bv * bv * fu * fu * fu, y: q.y };
    });
    const reading = read(await readPage(await jpegRoundTrip(curled, 80), lookup));
    expect(reading.transform.correction).toBeDefined();
    expect(reading.metrics['localTrusted']).toBe(true);
    // Checkbox groups whose outlines were all found are sure; everything else waits for a person (registration-weak).
    expect(field(reading, 'lang')).toMatchObject({ value: 'uk', status: 'auto' });
    expect(field(reading, 'vuln')).toMatchObject({ value: ['pregnant', 'infant_u1'], status: 'auto' });
    expect(String(field(reading, 'vuln').metrics['cancelled'])).toBe('walking');
    expect(field(reading, 'visit')).toMatchObject({ value: null, status: 'empty' });
    expect(field(reading, 'site_code').status).toBe('needs-review');
  });

  it('reads the QR of a shaken photo by deblurring it when no reader can read it as it is', async () => {
    const camera = cameraHomography(clean300, 5, 0.5, 2e-6);
    const photo = warpImage(clean300, camera.h, camera.width, camera.height);
    const shaken = await sharp(Buffer.from(photo.data), { raw: { width: photo.width, height: photo.height, channels: 1 } })
      .blur(1.1).convolve(shakeKernel(11, 60)).jpeg({ quality: 60 }).toBuffer();
    const reading = await readPage(await decodeJpeg(shaken), lookup);
    expect(reading.kind).toBe('read');
    expect(reading.metrics['qrDecoder']).toBe('zxing-deblur');
    expect(reading.kind === 'read' && reading.code.serial).toBe(7);
  });

  it('refuses a cut-off page with registration-failed and says what to do', async () => {
    const cut: GrayImage = { width: clean300.width, height: Math.round(clean300.height * 0.8), data: clean300.data.slice(0, clean300.width * Math.round(clean300.height * 0.8)) };
    const reading = await readPage(cut, lookup);
    expect(reading).toMatchObject({ kind: 'unreadable', reason: 'registration-failed' });
    expect(reading.kind === 'unreadable' && reading.message).toMatch(/cut off/);
    // The QR was read, so the message names the sheet: the office can find that paper and scan it again.
    expect(reading.kind === 'unreadable' && reading.message).toContain(`sheet ${humanSheetId(codeFor(layout, 7, 1))}`);
  });

  it('reads a page whose QR is destroyed when its code is keyed in', async () => {
    const torn: GrayImage = { ...clean300, data: Uint8Array.from(clean300.data) };
    const s = 300 / MM_PER_INCH;
    fillRect(torn, (layout.qr.xMm - 1) * s, (layout.qr.yMm + 8) * s, 27 * s, 10 * s, 255);
    expect(await readPage(torn, lookup)).toMatchObject({ kind: 'unreadable', reason: 'no-qr' });
    const reading = read(await readPage(rotate180(torn), lookup, { knownCode: codeFor(layout, 7, 1) }));
    expect(reading.transform.marksFound).toBe(4);
    expectPage1Values(reading);
  });
});
