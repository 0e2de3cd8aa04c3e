import { crc32, deflateSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
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
