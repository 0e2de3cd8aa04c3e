/**
 * A JPEG decoded at an integer fraction of its size inside libjpeg (DCT-domain scaling: the inverse DCT, chroma
 * upsampling and colour conversion of pixels nobody reads are never done). On this machine a 300-dpi colour A4 scan
 * decodes to grey in ≈ 62 ms at half size instead of ≈ 187 ms whole, a 12 MP photo in ≈ 85 ms instead of ≈ 248 ms.
 *
 * sharp asks libvips for shrink-on-load only when a resize leaves at least 3× to do (it halves the factor for libjpeg's
 * rounding), so a plain half-size request decodes everything. libvips takes load options in the file name
 * ("page.jpg[shrink=2]", its documented syntax for new_from_file), so the bytes are written to a private temporary
 * file and loaded from there: the exact bytes ingest hashed, never the input's own path, which may change under us.
 * A rectangle of the file's own pixels is decoded on its own when a reader needs them (decodeJpegRegion): libjpeg
 * skips the inverse DCT of the rows above it, so a band costs 15–35 ms here instead of the whole page's 120.
 * Owns only that; which pages are decoded smaller is load-image.ts's decision.
 */
import { randomUUID } from 'node:crypto';
import { unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import sharp from 'sharp';
import type { GrayImage } from '../model/index.js';

export type JpegShrink = 2 | 4 | 8;

export interface ShrunkJpegOptions {
  readonly shrink: JpegShrink;
  readonly limitInputPixels: number;
  /** Clockwise turn after decoding ('exif': the EXIF orientation, as sharp's rotate() without an angle). */
  readonly turn: 0 | 90 | 180 | 270 | 'exif';
}

/**
 * The JPEG's pixels at 1/shrink of its size (each side rounded down, as libvips gives them), grey, turned as asked. Throws
 * what sharp throws for a damaged stream (strict: a truncated JPEG is a corrupt file, not a half-grey page) and when
 * the temporary file cannot be written (a full disk): the caller then decodes whole from memory.
 */
export async function decodeJpegShrunk(bytes: Uint8Array, options: ShrunkJpegOptions): Promise<GrayImage> {
  // A new name each time, created exclusively (never through a link someone left under that name), removed after.
  const path = join(tmpdir(), `paperlink-decode-${process.pid}-${threadId}-${randomUUID()}.jpg`);
  await writeFile(path, bytes, { flag: 'wx', mode: 0o600 });
  try {
    let pipeline = sharp(`${path}[shrink=${options.shrink}]`, { limitInputPixels: options.limitInputPixels, failOn: 'warning' });
    if (options.turn === 'exif') pipeline = pipeline.rotate();
    else if (options.turn !== 0) pipeline = pipeline.rotate(options.turn);
    const { data, info } = await pipeline.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 1) throw new Error(`Decoding gave ${info.channels} channels instead of 1.`);
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } finally {
    await unlink(path).catch(() => undefined);
  }
}

/** A rectangle of whole pixels (left, top: its first pixel). */
export interface PixelRect { readonly left: number; readonly top: number; readonly width: number; readonly height: number }

/** A region decoded at the file's full resolution, and where it lies in the (turned) whole image. */
export interface DecodedRegion { readonly image: GrayImage; readonly rect: PixelRect }

/**
 * The pixels of `rect` (in the turned image's coordinates, clamped to it) at full resolution, grey. `size` is the turned
 * image's width and height. Undefined when the clamped rectangle is empty.
 */
export async function decodeJpegRegion(bytes: Uint8Array, options: Omit<ShrunkJpegOptions, 'shrink'> & { readonly size: { width: number; height: number } },
  rect: PixelRect): Promise<DecodedRegion | undefined> {
  const left = Math.max(0, Math.floor(rect.left));
  const top = Math.max(0, Math.floor(rect.top));
  const right = Math.min(options.size.width, Math.ceil(rect.left + rect.width));
  const bottom = Math.min(options.size.height, Math.ceil(rect.top + rect.height));
  if (right <= left || bottom <= top) return undefined;
  let pipeline = sharp(bytes, { limitInputPixels: options.limitInputPixels, failOn: 'warning' });
  if (options.turn === 'exif') pipeline = pipeline.rotate();
  else if (options.turn !== 0) pipeline = pipeline.rotate(options.turn);
  const clamped = { left, top, width: right - left, height: bottom - top };
  const { data, info } = await pipeline.extract(clamped).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`Decoding gave ${info.channels} channels instead of 1.`);
  return { image: { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) }, rect: clamped };
}
