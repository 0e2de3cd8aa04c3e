/**
 * Test inputs made with the real print path: renderSheetsPdf → mupdf raster → marks drawn into layout boxes →
 * optional rotation, perspective, rescale and JPEG. Kept small on purpose: the simulator (issue 3) replaces it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as mupdf from 'mupdf';
import sharp from 'sharp';
import {
  encodeSheetCode, layoutForm, parseForm, sampleBilinear, type FormDefinition, type FormLayout, type GrayImage, type SheetCode,
} from '../../src/model/index.js';
import { qrModules, renderSheetsPdf, sheetCodesFor } from '../../src/print/index.js';
import { applyHomography, invertHomography, type Homography } from '../../src/scan/index.js';
import { grayFromPixmap } from '../../src/scan/load-image.js';
import type { StoredLayout } from '../../src/store/index.js';

export const MM_PER_INCH = 25.4;

export function loadIntake(): { definition: FormDefinition; layout: FormLayout; stored: StoredLayout } {
  // Walk up to the package root: this helper also runs compiled from dist/ (bench).
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  const parsed = parseForm(JSON.parse(readFileSync(join(dir, 'forms/intake/v1.json'), 'utf8')));
  if (!parsed.ok) throw new Error('intake v1 does not parse');
  const layout = layoutForm(parsed.definition);
  return {
    definition: parsed.definition, layout,
    stored: { fingerprint: layout.fingerprint, formId: layout.formId, formCode: layout.formCode, version: layout.version, layout, definition: parsed.definition },
  };
}

export function codeFor(layout: FormLayout, serial: number, page: number): SheetCode {
  const code = sheetCodesFor(layout, 'AMS01', serial, serial).find((c) => c.page === page);
  if (!code) throw new Error(`no page ${page}`);
  return code;
}

/** Renders one printed page at dpi, as the printer would print it. */
export async function renderPage(layout: FormLayout, code: SheetCode, dpi: number): Promise<GrayImage> {
  const pdf = await renderSheetsPdf(layout, [code], new Date('2026-01-01T00:00:00Z'));
  const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
  return grayFromPixmap(doc.loadPage(0).toPixmap(mupdf.Matrix.scale(dpi / 72, dpi / 72), mupdf.ColorSpace.DeviceGray, false, true));
}

export type MarkStyle = 'tick' | 'cross' | 'blackout' | 'fill';

/** Draws a pen mark into the box of `value` of a field (layout boxes only), like a volunteer would. */
export function drawMark(image: GrayImage, layout: FormLayout, dpi: number, fieldId: string, value: string, style: MarkStyle, ink = 35): void {
  const field = layout.fields.find((f) => f.id === fieldId);
  const box = field?.boxes.find((b) => String(b.value) === value);
  if (!box) throw new Error(`no box ${fieldId}=${value}`);
  const s = dpi / MM_PER_INCH;
  const at = (u: number, v: number): [number, number] => [(box.xMm + u * box.wMm) * s, (box.yMm + v * box.hMm) * s];
  const penPx = 0.5 * s;
  if (style === 'blackout' || style === 'fill') {
    const over = style === 'blackout' ? 0.4 : 0.1;
    fillRect(image, (box.xMm - over) * s, (box.yMm - over) * s, (box.wMm + 2 * over) * s, (box.hMm + 2 * over) * s, ink);
    return;
  }
  const strokes: [number, number][][] = style === 'tick'
    ? [[at(0.15, 0.5), at(0.4, 0.8), at(0.9, 0.1)]]
    : [[at(0.15, 0.15), at(0.85, 0.85)], [at(0.85, 0.15), at(0.15, 0.85)]];
  for (const stroke of strokes) drawPolyline(image, stroke, penPx, ink);
}

/** Writes a scribble (a few strokes) inside a field's first box: stands in for handwriting. */
export function drawScribble(image: GrayImage, layout: FormLayout, dpi: number, fieldId: string, boxIndex = 0): void {
  const box = layout.fields.find((f) => f.id === fieldId)?.boxes[boxIndex];
  if (!box) throw new Error(`no field ${fieldId}`);
  const s = dpi / MM_PER_INCH;
  const x = box.xMm + 2.5;
  const y = box.yMm + Math.min(box.hMm, 8) * 0.6;
  const points: [number, number][] = [];
  for (let i = 0; i <= 40; i++) points.push([(x + i * 0.5) * s, (y + Math.sin(i * 0.9) * 1.8) * s]);
  drawPolyline(image, points, 0.45 * s, 40);
}

export function fillRect(image: GrayImage, x: number, y: number, w: number, h: number, value: number): void {
  for (let yy = Math.max(0, Math.round(y)); yy < Math.min(image.height, Math.round(y + h)); yy++) {
    image.data.fill(value, yy * image.width + Math.max(0, Math.round(x)), yy * image.width + Math.min(image.width, Math.round(x + w)));
  }
}

function drawPolyline(image: GrayImage, points: [number, number][], widthPx: number, ink: number): void {
  const r = widthPx / 2;
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1]!;
    const [x1, y1] = points[i]!;
    const steps = Math.ceil(Math.hypot(x1 - x0, y1 - y0));
    for (let k = 0; k <= steps; k++) {
      const cx = x0 + ((x1 - x0) * k) / steps;
      const cy = y0 + ((y1 - y0) * k) / steps;
      for (let y = Math.floor(cy - r); y <= Math.ceil(cy + r); y++) {
        for (let x = Math.floor(cx - r); x <= Math.ceil(cx + r); x++) {
          if (x < 0 || y < 0 || x >= image.width || y >= image.height || (x - cx) ** 2 + (y - cy) ** 2 > r * r) continue;
          const index = y * image.width + x;
          image.data[index] = Math.min(image.data[index]!, ink);
        }
      }
    }
  }
}

/** Warps an image by a homography (source px → output px), output of the given size, white outside. */
export function warpImage(image: GrayImage, h: Homography, width: number, height: number): GrayImage {
  const inverse = invertHomography(h);
  const data = new Uint8Array(width * height).fill(255);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = applyHomography(inverse, { x, y });
      if (p.x < 0 || p.y < 0 || p.x > image.width - 1 || p.y > image.height - 1) continue;
      data[y * width + x] = sampleBilinear(image, p.x, p.y);
    }
  }
  return { width, height, data };
}

export function rotate180(image: GrayImage): GrayImage {
  return { width: image.width, height: image.height, data: Uint8Array.from(image.data).reverse() };
}

/** Rotates by `degrees` about the centre, scales by `scale`, with a keystone (perspective) of `keystone` (1e-5-ish). */
export function cameraHomography(image: GrayImage, degrees: number, scale: number, keystone = 0): { h: Homography; width: number; height: number } {
  const a = (degrees * Math.PI) / 180;
  const cx = image.width / 2;
  const cy = image.height / 2;
  const width = Math.round(image.width * scale * 1.08);
  const height = Math.round(image.height * scale * 1.08);
  const c = Math.cos(a) * scale;
  const s = Math.sin(a) * scale;
  // Rotate+scale about the centre into the centre of the output, then a projective term along y.
  const h: Homography = [c, -s, width / 2 - c * cx + s * cy, s, c, height / 2 - s * cx - c * cy, 0, keystone, 1 - keystone * cy];
  return { h, width, height };
}

export async function jpegRoundTrip(image: GrayImage, quality = 80): Promise<GrayImage> {
  const jpeg = await sharp(Buffer.from(image.data), { raw: { width: image.width, height: image.height, channels: 1 } }).jpeg({ quality }).toBuffer();
  const { data, info } = await sharp(jpeg).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

/** A white page with a QR of any text painted on it (foreign and tampered codes). */
export function pageWithQr(text: string, dpi = 150): GrayImage {
  const s = dpi / MM_PER_INCH;
  const width = Math.round(210 * s);
  const height = Math.round(297 * s);
  const image: GrayImage = { width, height, data: new Uint8Array(width * height).fill(250) };
  const { size, dark } = qrModules(text);
  const modulePx = (25 / size) * s;
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    if (dark(x, y)) fillRect(image, 100 * s + x * modulePx, 100 * s + y * modulePx, modulePx + 0.5, modulePx + 0.5, 20);
  }
  return image;
}

export { encodeSheetCode };
