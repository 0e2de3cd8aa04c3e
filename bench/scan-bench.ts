/**
 * Scan throughput bench: pages/s through ingestFiles (2 workers and 1) per input kind, against sharp's bare decode of
 * the same files in the same run (the ratio is what to compare across machines), and peak RSS.
 * Inputs are made here from real printed pages (print → mupdf raster → pen boxes → JPEG); the simulator's profiles
 * (identified %, checkbox errors vs truth.json, review rate) join once `simulate` is on main.
 */
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mupdf from 'mupdf';
import sharp, { type Sharp } from 'sharp';
import { layoutForm, parseForm, type FormLayout, type GrayImage } from '../src/model/index.js';
import { printSheets, renderSheetsPdf, sheetCodesFor } from '../src/print/index.js';
import { ingestFiles } from '../src/scan/index.js';
import { openWorkspace } from '../src/store/index.js';

const SCAN_DPI = 300;
const SCAN_PAGES = 16;
const PHOTO_PAGES = 8;
/** 12 MP, 4:3, as a phone camera writes it. */
const PHOTO_WIDTH_PX = 4000;
const PHOTO_HEIGHT_PX = 3000;

function intakeLayout(root: string): { layout: FormLayout; definition: ReturnType<typeof parseDefinition> } {
  const definition = parseDefinition(JSON.parse(readFileSync(join(root, 'forms/intake/v1.json'), 'utf8')));
  return { layout: layoutForm(definition), definition };
}

function parseDefinition(json: unknown) {
  const parsed = parseForm(json);
  if (!parsed.ok) throw new Error('intake v1 does not parse');
  return parsed.definition;
}

async function renderPages(layout: FormLayout, serials: number, dpi: number): Promise<GrayImage[]> {
  const pdf = await renderSheetsPdf(layout, sheetCodesFor(layout, 'BENCH1', 1, serials), new Date('2026-01-01T00:00:00Z'));
  const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
  const pages: GrayImage[] = [];
  for (let index = 0; index < doc.countPages(); index++) {
    const pixmap = doc.loadPage(index).toPixmap(mupdf.Matrix.scale(dpi / 72, dpi / 72), mupdf.ColorSpace.DeviceGray, false, true);
    const width = pixmap.getWidth();
    const height = pixmap.getHeight();
    const stride = pixmap.getStride();
    const pixels = pixmap.getPixels();
    const data = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) data.set(pixels.subarray(y * stride, y * stride + width), y * width);
    pages.push({ width, height, data });
  }
  return pages;
}

/** Pen crosses in a few checkbox/choice boxes of each page (deterministic), so reading does real work. */
function markSomeBoxes(image: GrayImage, layout: FormLayout, pageNo: number, dpi: number, seed: number): void {
  const pxPerMm = dpi / 25.4;
  const fields = layout.fields.filter((field) => field.page === pageNo && (field.kind === 'checkbox' || field.kind === 'choice'));
  fields.forEach((field, fieldIndex) => {
    const box = field.boxes[(seed + fieldIndex) % field.boxes.length];
    if (!box || (seed + fieldIndex) % 3 === 0) return;
    for (let t = 0; t <= 1; t += 0.01) {
      for (const [u, v] of [[t, t], [t, 1 - t]] as const) {
        const x = Math.round((box.xMm + 0.15 * box.wMm + 0.7 * u * box.wMm) * pxPerMm);
        const y = Math.round((box.yMm + 0.15 * box.hMm + 0.7 * v * box.hMm) * pxPerMm);
        for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) image.data[(y + dy) * image.width + x + dx] = 30;
      }
    }
  });
}

function raw(image: GrayImage): Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } });
}

/** A phone-photo-like JPEG: the page turned a little on a grey desk, 12 MP, colour JPEG as cameras write. */
async function photoOf(image: GrayImage, angleDeg: number): Promise<Buffer> {
  const turned = await raw(image).rotate(angleDeg, { background: '#6b6b6b' }).png({ compressionLevel: 0 }).toBuffer();
  const fitted = await sharp(turned).resize({ width: Math.round(PHOTO_HEIGHT_PX * 0.72), height: Math.round(PHOTO_HEIGHT_PX * 0.95), fit: 'inside' }).toBuffer();
  return sharp({ create: { width: PHOTO_WIDTH_PX, height: PHOTO_HEIGHT_PX, channels: 3, background: '#6b6b6b' } })
    .composite([{ input: fitted, gravity: 'centre' }]).rotate(90).jpeg({ quality: 88 }).toBuffer();
}

async function bareDecodeSeconds(dir: string): Promise<number> {
  const names = readdirSync(dir).sort();
  // One untimed decode first: libvips start-up is not part of the per-page cost.
  await sharp(readFileSync(join(dir, names[0]!))).toColourspace('b-w').raw().toBuffer();
  const started = performance.now();
  for (const name of names) {
    await sharp(readFileSync(join(dir, name))).rotate().toColourspace('b-w').raw().toBuffer();
  }
  return (performance.now() - started) / 1000;
}

async function ingestSeconds(root: string, work: string, inputDir: string, workers: number, serials: number): Promise<{ seconds: number; accepted: number; review: number; other: number }> {
  const definition = intakeLayout(root).definition;
  const wsDir = join(work, `ws-${workers}-${Math.random().toString(36).slice(2)}`);
  const workspace = openWorkspace(wsDir);
  try {
    await printSheets(workspace, { definition, site: 'BENCH1', serialFrom: 1, serialTo: serials, outFile: join(wsDir, 'print.pdf') });
    const summary = await ingestFiles(workspace, [inputDir], { workers });
    return { seconds: summary.seconds, accepted: summary.outcomes.accepted, review: summary.outcomes['needs-review'],
      other: summary.pages - summary.outcomes.accepted - summary.outcomes['needs-review'] };
  } finally {
    workspace.close();
  }
}

export async function benchScan(root = process.cwd()): Promise<Record<string, number | string>> {
  const work = mkdtempSync(join(tmpdir(), 'paperlink-bench-scan-'));
  const result: Record<string, number | string> = {};
  try {
    const { layout } = intakeLayout(root);
    const serials = Math.ceil(SCAN_PAGES / layout.pageCount);
    const pages = await renderPages(layout, serials, SCAN_DPI);
    const scans = join(work, 'scan-300');
    const photos = join(work, 'photo-12mp');
    mkdirSync(scans);
    mkdirSync(photos);
    for (const [index, page] of pages.entries()) {
      markSomeBoxes(page, layout, (index % layout.pageCount) + 1, SCAN_DPI, index);
      if (index < SCAN_PAGES) writeFileSync(join(scans, `scan-${String(index).padStart(3, '0')}.jpg`), await raw(page).jpeg({ quality: 85 }).toBuffer());
      if (index < PHOTO_PAGES) writeFileSync(join(photos, `photo-${String(index).padStart(3, '0')}.jpg`), await photoOf(page, index % 2 === 0 ? 2.5 : -4));
    }
    pages.length = 0;
    for (const [kind, dir, count] of [['scan-300', scans, SCAN_PAGES], ['photo-12mp', photos, PHOTO_PAGES]] as const) {
      const bare = await bareDecodeSeconds(dir);
      const two = await ingestSeconds(root, work, dir, 2, serials);
      const one = await ingestSeconds(root, work, dir, 1, serials);
      result[`${kind}.pages`] = count;
      result[`${kind}.bareDecodePagesPerSecond`] = round(count / bare);
      result[`${kind}.pagesPerSecond.2workers`] = round(count / two.seconds);
      result[`${kind}.pagesPerSecond.1worker`] = round(count / one.seconds);
      result[`${kind}.ratioToBareDecode.1worker`] = round(one.seconds / bare);
      result[`${kind}.ratioToBareDecode.2workers`] = round(two.seconds / bare);
      result[`${kind}.outcomes`] = `${two.accepted} accepted, ${two.review} needs-review, ${two.other} other`;
    }
    // Whole process: main thread, both workers and this bench's own rendered pages.
    result['peakRssMiB.process'] = round(process.resourceUsage().maxRSS / 1024);
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
