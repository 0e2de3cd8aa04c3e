/**
 * Per-page time of readPage on a 300 dpi JPEG scan and on a 12 MP phone-like photo (median of N runs), with
 * sharp's decode of the same file as the baseline. Run: npm run build && node dist/bench/read-page-timing.js [runs]
 */
import sharp from 'sharp';
import { openInput, readPage } from '../src/scan/index.js';
import { cameraHomography, codeFor, drawMark, loadIntake, renderPage, warpImage } from '../test/helpers/scan-page.js';

const runs = Number(process.argv[2] ?? 10);
const { layout, stored } = loadIntake();
const lookup = (): typeof stored => stored;

async function toJpeg(image: { width: number; height: number; data: Uint8Array }, quality: number): Promise<Buffer> {
  return sharp(Buffer.from(image.data), { raw: { width: image.width, height: image.height, channels: 1 } }).jpeg({ quality }).toBuffer();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function measure(name: string, jpeg: Buffer): Promise<void> {
  const bare: number[] = [];
  const decode: number[] = [];
  const read: number[] = [];
  let last: Awaited<ReturnType<typeof readPage>> | undefined;
  for (let i = 0; i < runs + 1; i++) {
    const tb = performance.now();
    await sharp(jpeg).toColourspace('b-w').raw().toBuffer();
    const t0 = performance.now();
    const opened = await openInput(jpeg, name);
    if (!opened.ok) throw new Error(opened.message);
    const image = await opened.loadPage(0);
    const t1 = performance.now();
    last = await readPage(image, lookup);
    const t2 = performance.now();
    if (i > 0) { bare.push(t0 - tb); decode.push(t1 - t0); read.push(t2 - t1); } // the first run warms up zxing and the JIT
  }
  if (!last || last.kind !== 'read') throw new Error(`${name}: not read`);
  const m = last.metrics;
  console.log(`${name}: ${m['imageWidth']}×${m['imageHeight']} bare sharp decode ${median(bare).toFixed(1)} ms · openInput+loadPage ${median(decode).toFixed(1)} ms · readPage ${median(read).toFixed(1)} ms ` +
    `(last run: shrink ${m['shrinkMs']}, qr ${m['qrMs']} [${m['qrDecoder']}], register ${m['registerMs']}, fields ${m['fieldsMs']}, page image ${m['pageImageMs']}) · ` +
    `decode+read ${(median(decode) + median(read)).toFixed(1)} ms = ${((median(decode) + median(read)) / median(bare)).toFixed(2)}× bare decode → ${(1000 / (median(decode) + median(read))).toFixed(1)} pages/s on one core`);
}

const page = await renderPage(layout, codeFor(layout, 7, 1), 300);
drawMark(page, layout, 300, 'lang', 'uk', 'tick');
drawMark(page, layout, 300, 'vuln', 'pregnant', 'cross');
await measure('scan-300dpi.jpg', await toJpeg(page, 85));
// A 12 MP portrait photo: the page fills ~85 % of the frame, tilted 3°, mild keystone.
const camera = cameraHomography(page, 3, 0.96, 3e-6);
const photo = warpImage(page, camera.h, 3000, 4000);
await measure('photo-12mp.jpg', await toJpeg(photo, 85));
