import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { openInput } from '../../src/scan/index.js';
import { decodeJpegRegion, decodeJpegShrunk } from '../../src/scan/decode-jpeg-shrunk.js';

const leftovers = (): string[] => readdirSync(tmpdir()).filter((name) => name.startsWith(`paperlink-decode-${process.pid}-`));

/** A colour test picture: gradients and sharp-edged blocks, so a wrong region or scale shows. */
async function picture(width: number, height: number): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const block = ((x >> 5) + (y >> 5)) % 2 === 0 ? 40 : 210;
      data[i] = block; data[i + 1] = (x * 255) / width; data[i + 2] = (y * 255) / height;
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
}

async function wholeGrey(jpeg: Buffer): Promise<{ width: number; height: number; data: Uint8Array }> {
  const { data, info } = await sharp(jpeg).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

describe('decodeJpegShrunk / decodeJpegRegion', () => {
  it('decodes at half size: each side rounded down, each pixel the mean of the 2 × 2 it covers', async () => {
    const jpeg = await picture(641, 480);
    const whole = await wholeGrey(jpeg);
    const half = await decodeJpegShrunk(jpeg, { shrink: 2, limitInputPixels: 1e8, turn: 0 });
    expect([half.width, half.height]).toEqual([320, 240]);
    let worst = 0;
    for (let y = 0; y < 239; y++) {
      for (let x = 0; x < 320; x++) {
        const i = 2 * y * whole.width + 2 * x;
        const mean = (whole.data[i]! + whole.data[i + 1]! + whole.data[i + whole.width]! + whole.data[i + whole.width + 1]!) / 4;
        // Away from block edges (where the DCT scaling and a box filter differ most) the two agree closely.
        if (x % 16 !== 15 && x % 16 !== 0 && y % 16 !== 15 && y % 16 !== 0) worst = Math.max(worst, Math.abs(half.data[y * half.width + x]! - mean));
      }
    }
    expect(worst).toBeLessThan(12);
  });

  it('turns the picture as asked, after decoding', async () => {
    const jpeg = await picture(640, 480);
    const turned = await decodeJpegShrunk(jpeg, { shrink: 2, limitInputPixels: 1e8, turn: 90 });
    expect([turned.width, turned.height]).toEqual([240, 320]);
  });

  it('decodes a region exactly as the same rectangle of the whole decode, clamped to the picture', async () => {
    const jpeg = await picture(640, 480);
    const whole = await wholeGrey(jpeg);
    const region = await decodeJpegRegion(jpeg, { limitInputPixels: 1e8, turn: 0, size: { width: 640, height: 480 } }, { left: 600.4, top: 300.7, width: 100, height: 50 });
    expect(region?.rect).toEqual({ left: 600, top: 300, width: 40, height: 51 });
    for (let y = 0; y < region!.rect.height; y++) {
      for (let x = 0; x < region!.rect.width; x++) {
        expect(region!.image.data[y * region!.rect.width + x]).toBe(whole.data[(300 + y) * 640 + 600 + x]);
      }
    }
    expect(await decodeJpegRegion(jpeg, { limitInputPixels: 1e8, turn: 0, size: { width: 640, height: 480 } }, { left: 700, top: 0, width: 10, height: 10 })).toBeUndefined();
  });

  it('leaves no temporary file behind, and a page is decoded whole when none can be written', async () => {
    const jpeg = await picture(3300, 2400);
    await decodeJpegShrunk(jpeg, { shrink: 2, limitInputPixels: 1e8, turn: 0 });
    expect(leftovers()).toEqual([]);
    const opened = await openInput(jpeg, 'big.jpg');
    if (!opened.ok) throw new Error(opened.message);
    expect((await opened.loadPage(0, 'working')).shrunkOnLoad).toBe(2);
    const saved = process.env['TMPDIR'];
    process.env['TMPDIR'] = '/nonexistent/paperlink-test';
    try {
      const page = await opened.loadPage(0, 'working');
      expect([page.width, page.height, page.shrunkOnLoad]).toEqual([3300, 2400, 1]);
    } finally {
      if (saved === undefined) delete process.env['TMPDIR']; else process.env['TMPDIR'] = saved;
    }
  });
});
