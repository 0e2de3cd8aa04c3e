import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { layoutForm, type GrayImage } from '../../src/model/index.js';
import { findCutPixels, findStreaks, repairStreaks } from '../../src/scan/fax-streaks.js';
import { readPage } from '../../src/scan/index.js';
import { loadShippedForm } from '../helpers/forms.js';

/** Page 2 of supply-distribution sheet BEN01-000020 as the simulator's fax-200 profile made it on the tuning seed
 * (4242; the form's corpus seed 4244), re-stored as a 1-bit PNG: two black scanlines cross the code's top finder
 * squares, and every reader of the chain before the streak repair found no code on it. */
const FAX_PAGE = join(import.meta.dirname, '../fixtures/scan/fax-200-tuning-s4242-dis-000020-p2.png');

const definition = loadShippedForm('supply-distribution');
const layout = layoutForm(definition);
const stored = { fingerprint: layout.fingerprint, formId: layout.formId, formCode: layout.formCode, version: layout.version, layout, definition };

async function loadGray(file: string, rotate = 0): Promise<GrayImage> {
  const { data, info } = await sharp(file).rotate(rotate).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, info.width * info.height) };
}

function whitePage(width: number, height: number): GrayImage {
  return { width, height, data: new Uint8Array(width * height).fill(255) };
}

function darkRows(image: GrayImage, top: number, bottom: number, value = 0): void {
  image.data.fill(value, top * image.width, (bottom + 1) * image.width);
}

describe('fax line errors across the QR', () => {
  it('identifies the tuning-seed fax page whose streaks hid its code, with the streak rows mended', async () => {
    const reading = await readPage(await loadGray(FAX_PAGE), () => stored);
    expect(reading.kind).not.toBe('unreadable');
    if (reading.kind === 'unreadable') return;
    expect(reading.code).toMatchObject({ site: 'BEN01', serial: 20, page: 2 });
    expect(reading.metrics['qrDecoder']).toBe('zxing-streaks');
  });

  it('identifies the same fax page turned a quarter (its streaks now run down the image)', async () => {
    const reading = await readPage(await loadGray(FAX_PAGE, 90), () => stored);
    expect(reading.kind === 'unreadable' ? reading.reason : reading.code.serial).toBe(20);
    expect(reading.metrics['qrDecoder']).toBe('zxing-streaks');
  });

  it('finds thin lines with a run longer than the code: not a tall dark band, not text-like rows of short runs', () => {
    const page = whitePage(400, 300);
    darkRows(page, 40, 42);
    darkRows(page, 200, 239, 20);
    // A text-like row: two thirds of its pixels dark, in runs of 10 px.
    for (let x = 0; x < 400; x++) if (x % 15 < 10) page.data[120 * 400 + x] = 0;
    // A short streak (a quarter of the width) with a speckle gap of 2 px.
    page.data.fill(0, 60 * 400 + 100, 60 * 400 + 200);
    page.data[60 * 400 + 150] = 255; page.data[60 * 400 + 151] = 255;
    expect(findStreaks(page).map((s) => [s.top, s.bottom, s.runs.map((r) => [r.from, r.to])])).toEqual([
      [40, 42, [[0, 400], [0, 400], [0, 400]]], [60, 60, [[100, 200]]],
    ]);
  });

  it('mends a streak from the rows beside it and leaves a page without streaks unread', () => {
    const w = 400;
    const page = whitePage(w, 60);
    // A dark module row from 20 to 29 (30 px wide, like a code's) with a streak over its upper edge at 18–21:
    // rows 18–19 take the white above, rows 20–21 the dark below.
    for (let y = 20; y < 30; y++) page.data.fill(0, y * w + 30, y * w + 60);
    darkRows(page, 18, 21);
    const mended = repairStreaks(page);
    expect(mended).toBeDefined();
    expect(mended!.data[18 * w + 10]).toBe(255);
    expect(mended!.data[21 * w + 10]).toBe(255);
    expect(mended!.data[21 * w + 40]).toBe(0);
    expect(mended!.data[18 * w + 40]).toBe(255);
    expect(repairStreaks(whitePage(w, 60))).toBeUndefined();
  });

  it('fills a white line error where it cuts dark print, and no light gap taller than a streak', () => {
    const w = 400;
    const page = whitePage(w, 60);
    // Two dark blocks 30 px wide (a finder's side), rows 5–44; a white line error over the whole width cuts both
    // at rows 18–20, and a white gap of 8 rows (taller than any streak) cuts the second at rows 30–37.
    for (let y = 5; y < 45; y++) { page.data.fill(0, y * w + 30, y * w + 60); page.data.fill(0, y * w + 300, y * w + 330); }
    for (let y = 30; y < 38; y++) page.data.fill(255, y * w + 300, y * w + 330);
    darkRows(page, 18, 20, 255);
    const cut = new Set(findCutPixels(page));
    expect(cut.has(19 * w + 40)).toBe(true);
    expect(cut.has(19 * w + 310)).toBe(true);
    expect(cut.has(19 * w + 10)).toBe(false);
    expect(cut.has(33 * w + 310)).toBe(false);
    expect(cut.size).toBe(2 * 3 * 30);
    expect(repairStreaks(page)!.data[19 * w + 40]).toBe(0);
  });
});
