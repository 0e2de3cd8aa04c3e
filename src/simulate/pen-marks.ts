/**
 * Pen marks on a colour page raster: anti-aliased ink strokes and the mark styles people make in boxes (ticks, crosses,
 * scribbles, cancelled boxes), plus stray marks and a coffee ring outside every box. Pure raster operations on plain
 * data; box geometry comes only from the FormLayout (mm), converted with the raster's px-per-mm.
 */
import type { Rect } from '../model/index.js';
import type { Rng } from '../model/index.js';

/** An RGB page raster (3 bytes per pixel, row-major), with its scale; ink colour survives until the camera step. */
export interface InkCanvas {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
  readonly pxPerMm: number;
}

export interface Ink {
  readonly rgb: readonly [number, number, number];
  /** 0–1: how much of the paper a full-coverage stroke hides (pencil < 1). */
  readonly opacity: number;
}

/** Ballpoint inks and graphite, measured-looking values: a greyscale scan sees blue as mid-dark grey (~65). */
export const INKS = {
  blue: { rgb: [28, 52, 150], opacity: 0.95 },
  black: { rgb: [22, 22, 28], opacity: 0.97 },
  pencil: { rgb: [70, 70, 76], opacity: 0.5 },
  coffee: { rgb: [120, 78, 40], opacity: 0.35 },
} as const satisfies Record<string, Ink>;

/** Ballpoint line widths people make (mm): the brief's 0.3–0.8 mm. */
export const PEN_WIDTH_MM = { min: 0.3, max: 0.8 } as const;

/**
 * Pen styles. The four cancel styles are a tick blacked out the ways people do it: `cancelled` up to and just over
 * the outline (the exercise packs' cancel), `cancelled-inside` stopping short of the outline, `cancelled-overrun`
 * well over it, `cancelled-scribble` a dense scribble across the box that leaves paper between its strokes.
 */
export type MarkStyle = 'tick' | 'cross' | 'heavy-tick' | 'scribble' | 'small' | 'off-centre' | 'overflow' | 'light' | 'filled' | 'cancelled'
  | 'cancelled-inside' | 'cancelled-overrun' | 'cancelled-scribble';
export const MARK_STYLES: readonly MarkStyle[] = ['tick', 'cross', 'heavy-tick', 'scribble', 'small', 'off-centre', 'overflow', 'light', 'filled', 'cancelled',
  'cancelled-inside', 'cancelled-overrun', 'cancelled-scribble'];
export const CANCEL_STYLES: readonly MarkStyle[] = ['cancelled', 'cancelled-inside', 'cancelled-overrun', 'cancelled-scribble'];

export interface Point { readonly x: number; readonly y: number }

/** Draws one continuous stroke through the points (px), width interpolated between the given ends. */
export function drawStroke(canvas: InkCanvas, points: readonly Point[], widthPx: number, ink: Ink, endWidthPx = widthPx): void {
  if (points.length === 0) return;
  const pad = Math.max(widthPx, endWidthPx) / 2 + 1.5;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const p of points) {
    minX = Math.min(minX, p.x); minY = Math.min(minY, p.y); maxX = Math.max(maxX, p.x); maxY = Math.max(maxY, p.y);
  }
  const x0 = Math.max(0, Math.floor(minX - pad));
  const y0 = Math.max(0, Math.floor(minY - pad));
  const x1 = Math.min(canvas.width - 1, Math.ceil(maxX + pad));
  const y1 = Math.min(canvas.height - 1, Math.ceil(maxY + pad));
  if (x1 < x0 || y1 < y0) return;
  const w = x1 - x0 + 1;
  // Coverage per pixel as the max over segments, so joints are not inked twice.
  const coverage = new Float32Array(w * (y1 - y0 + 1));
  const segments = Math.max(1, points.length - 1);
  for (let s = 0; s < segments; s++) {
    const a = points[s]!;
    const b = points[Math.min(s + 1, points.length - 1)]!;
    const ha = (widthPx + (endWidthPx - widthPx) * (s / segments)) / 2;
    const hb = (widthPx + (endWidthPx - widthPx) * ((s + 1) / segments)) / 2;
    const sx0 = Math.max(x0, Math.floor(Math.min(a.x, b.x) - Math.max(ha, hb) - 1));
    const sx1 = Math.min(x1, Math.ceil(Math.max(a.x, b.x) + Math.max(ha, hb) + 1));
    const sy0 = Math.max(y0, Math.floor(Math.min(a.y, b.y) - Math.max(ha, hb) - 1));
    const sy1 = Math.min(y1, Math.ceil(Math.max(a.y, b.y) + Math.max(ha, hb) + 1));
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const lengthSq = dx * dx + dy * dy;
    for (let y = sy0; y <= sy1; y++) {
      const py = y + 0.5;
      for (let x = sx0; x <= sx1; x++) {
        const px = x + 0.5;
        const t = lengthSq === 0 ? 0 : Math.min(1, Math.max(0, ((px - a.x) * dx + (py - a.y) * dy) / lengthSq));
        const ex = a.x + t * dx - px;
        const ey = a.y + t * dy - py;
        const half = ha + (hb - ha) * t;
        const value = Math.min(1, Math.max(0, half + 0.5 - Math.sqrt(ex * ex + ey * ey)));
        const index = (y - y0) * w + (x - x0);
        if (value > coverage[index]!) coverage[index] = value;
      }
    }
  }
  compositeCoverage(canvas, coverage, x0, y0, w, y1 - y0 + 1, ink);
}

/** Subtractive ink: the paper keeps only what the ink lets through (so ink over print stays dark). */
export function compositeCoverage(canvas: InkCanvas, coverage: Float32Array, x0: number, y0: number, w: number, h: number, ink: Ink): void {
  const [r, g, b] = ink.rgb;
  for (let y = 0; y < h; y++) {
    const cy = y0 + y;
    if (cy < 0 || cy >= canvas.height) continue;
    for (let x = 0; x < w; x++) {
      const a = coverage[y * w + x]! * ink.opacity;
      if (a <= 0) continue;
      const cx = x0 + x;
      if (cx < 0 || cx >= canvas.width) continue;
      const i = (cy * canvas.width + cx) * 3;
      const d = canvas.data;
      d[i] = Math.round(d[i]! * (1 - a + (a * r) / 255));
      d[i + 1] = Math.round(d[i + 1]! * (1 - a + (a * g) / 255));
      d[i + 2] = Math.round(d[i + 2]! * (1 - a + (a * b) / 255));
    }
  }
}

/** Points along a quadratic Bézier (px). */
export function bezier(from: Point, control: Point, to: Point, steps = 12): Point[] {
  const points: Point[] = [];
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const u = 1 - t;
    points.push({ x: u * u * from.x + 2 * u * t * control.x + t * t * to.x, y: u * u * from.y + 2 * u * t * control.y + t * t * to.y });
  }
  return points;
}

function penWidthPx(canvas: InkCanvas, rng: Rng, min: number = PEN_WIDTH_MM.min, max: number = PEN_WIDTH_MM.max): number {
  return rng.range(min, max) * canvas.pxPerMm;
}

/** Box rectangle in px (from layout mm). */
export function boxToPx(canvas: InkCanvas, box: Rect): { x: number; y: number; w: number; h: number } {
  return { x: box.xMm * canvas.pxPerMm, y: box.yMm * canvas.pxPerMm, w: box.wMm * canvas.pxPerMm, h: box.hMm * canvas.pxPerMm };
}

/**
 * Draws one mark style into a box. Coordinates are fractions of the box (0–1), jittered per mark; only 'overflow'
 * and 'off-centre' leave the box on purpose, the others stay within it (up to the pen's own width).
 */
export function drawMark(canvas: InkCanvas, box: Rect, style: MarkStyle, ink: Ink, rng: Rng): void {
  const r = boxToPx(canvas, box);
  const at = (fx: number, fy: number): Point => ({ x: r.x + fx * r.w, y: r.y + fy * r.h });
  const j = (spread: number): number => rng.range(-spread, spread);
  const width = penWidthPx(canvas, rng);
  switch (style) {
    case 'tick': case 'light': {
      const used = style === 'light' ? INKS.pencil : ink;
      const w = style === 'light' ? penWidthPx(canvas, rng, 0.3, 0.45) : width;
      tick(canvas, at, 1, 0.5, 0.5, used, w, rng);
      return;
    }
    case 'heavy-tick': {
      const w = penWidthPx(canvas, rng, 0.65, 0.8);
      tick(canvas, at, 1.05, 0.5, 0.5, ink, w, rng);
      tick(canvas, at, 1, 0.5 + j(0.04), 0.5 + j(0.04), ink, w, rng);
      return;
    }
    case 'small': tick(canvas, at, rng.range(0.35, 0.5), 0.5 + j(0.1), 0.5 + j(0.1), ink, width, rng); return;
    case 'off-centre': tick(canvas, at, rng.range(0.55, 0.7), rng.pick([0.3, 0.7]) + j(0.05), rng.pick([0.3, 0.7]) + j(0.05), ink, width, rng); return;
    case 'overflow': tick(canvas, at, rng.range(1.5, 1.9), 0.55 + j(0.1), 0.35 + j(0.1), ink, width, rng); return;
    case 'cross': {
      const m = 0.2;
      drawStroke(canvas, bezier(at(m + j(0.06), m + j(0.06)), at(0.5 + j(0.08), 0.5 + j(0.08)), at(1 - m + j(0.06), 1 - m + j(0.06)), 8), width, ink);
      drawStroke(canvas, bezier(at(1 - m + j(0.06), m + j(0.06)), at(0.5 + j(0.08), 0.5 + j(0.08)), at(m + j(0.06), 1 - m + j(0.06)), 8), width, ink);
      return;
    }
    case 'scribble': {
      const points: Point[] = [];
      const turns = rng.int(4, 7);
      for (let i = 0; i <= turns; i++) points.push(at(0.22 + j(0.05) + (i % 2) * 0.55, 0.25 + (0.5 * i) / turns + j(0.05)));
      drawStroke(canvas, points, width, ink);
      return;
    }
    case 'filled': fillBox(canvas, box, ink, rng, 0.8); return;
    case 'cancelled': {
      // Ticked first, then blacked out completely as the printed instruction says.
      tick(canvas, at, 1, 0.5, 0.5, ink, width, rng);
      fillBox(canvas, box, ink, rng, 1.02);
      return;
    }
    case 'cancelled-inside': {
      // Blacked out with care not to leave the box: the ink stops at, or a little inside, the printed outline.
      tick(canvas, at, 1, 0.5, 0.5, ink, width, rng);
      fillBox(canvas, box, ink, rng, rng.range(0.88, 0.97));
      return;
    }
    case 'cancelled-overrun': {
      // Blacked out in a hurry: the strokes run 0.3–0.8 mm over the outline on every side.
      tick(canvas, at, 1, 0.5, 0.5, ink, width, rng);
      fillBox(canvas, box, ink, rng, 1 + (2 * rng.range(0.3, 0.8)) / Math.max(0.1, Math.min(box.wMm, box.hMm)));
      return;
    }
    case 'cancelled-scribble': {
      // Scribbled over: a zigzag down the box and a looser one across it, paper showing between the strokes.
      tick(canvas, at, 1, 0.5, 0.5, ink, width, rng);
      const reach = rng.range(0.9, 1.04);
      const lo = (1 - reach) / 2;
      const hi = 1 - lo;
      const rows = rng.int(5, 7);
      const zig: Point[] = [];
      for (let i = 0; i <= rows; i++) zig.push(at(i % 2 === 0 ? lo + j(0.05) : hi + j(0.05), lo + ((hi - lo) * i) / rows + j(0.04)));
      drawStroke(canvas, zig, penWidthPx(canvas, rng, 0.4, 0.7), ink);
      const cols = rng.int(3, 5);
      const zag: Point[] = [];
      for (let i = 0; i <= cols; i++) zag.push(at(lo + ((hi - lo) * i) / cols + j(0.04), i % 2 === 0 ? lo + j(0.05) : hi + j(0.05)));
      drawStroke(canvas, zag, penWidthPx(canvas, rng, 0.4, 0.7), ink);
      return;
    }
  }
}

function tick(canvas: InkCanvas, at: (fx: number, fy: number) => Point, scale: number, cx: number, cy: number, ink: Ink, width: number, rng: Rng): void {
  const j = (spread: number): number => rng.range(-spread, spread);
  const s = scale * 0.62;
  const start = at(cx - 0.5 * s + j(0.05), cy + j(0.06));
  const bottom = at(cx - 0.12 * s + j(0.05), cy + 0.45 * s + j(0.04));
  const end = at(cx + 0.55 * s + j(0.06), cy - 0.55 * s + j(0.06));
  drawStroke(canvas, [start, bottom], width, ink, width * 1.1);
  drawStroke(canvas, bezier(bottom, at(cx + 0.1 * s + j(0.05), cy + j(0.05)), end, 10), width * 1.1, ink, width * 0.7);
}

/** Dense back-and-forth strokes covering a fraction of the box (1 = the whole box, its border included). */
function fillBox(canvas: InkCanvas, box: Rect, ink: Ink, rng: Rng, coverage: number): void {
  const r = boxToPx(canvas, box);
  const width = penWidthPx(canvas, rng, 0.6, 0.8);
  const insetX = (r.w * (1 - coverage)) / 2;
  const insetY = (r.h * (1 - coverage)) / 2;
  const step = width * 0.6;
  const points: Point[] = [];
  let left = true;
  for (let y = r.y + insetY; y <= r.y + r.h - insetY + 0.01; y += step) {
    const xa = r.x + insetX + rng.range(-0.3, 0.3) * canvas.pxPerMm * (coverage > 1 ? 0.3 : 0);
    const xb = r.x + r.w - insetX;
    points.push(left ? { x: xa, y } : { x: xb, y });
    points.push(left ? { x: xb, y: y + step / 2 } : { x: xa, y: y + step / 2 });
    left = !left;
  }
  drawStroke(canvas, points, width, ink);
  if (coverage >= 1) {
    // A second pass across the first, as people do when they black a box out.
    const cross: Point[] = [];
    for (let x = r.x; x <= r.x + r.w + 0.01; x += step) cross.push({ x, y: r.y }, { x: x + step / 2, y: r.y + r.h });
    drawStroke(canvas, cross, width, ink);
  }
}

/** Stray pen marks (a doodle, a slip) at the given page points (mm), which the caller has checked lie outside boxes. */
export function drawStray(canvas: InkCanvas, xMm: number, yMm: number, ink: Ink, rng: Rng): void {
  const p = canvas.pxPerMm;
  const start = { x: xMm * p, y: yMm * p };
  const lengthMm = rng.range(3, 9);
  const angle = rng.range(0, Math.PI * 2);
  const end = { x: start.x + Math.cos(angle) * lengthMm * p, y: start.y + Math.sin(angle) * lengthMm * p };
  const control = { x: (start.x + end.x) / 2 + rng.range(-2, 2) * p, y: (start.y + end.y) / 2 + rng.range(-2, 2) * p };
  drawStroke(canvas, bezier(start, control, end, 10), penWidthPx(canvas, rng, 0.3, 0.5), ink);
}

/** A coffee-cup ring: a faint brown annulus, darker at its rim, partly broken. Centre and radius in mm. */
export function drawCoffeeRing(canvas: InkCanvas, cxMm: number, cyMm: number, radiusMm: number, rng: Rng): void {
  const p = canvas.pxPerMm;
  const cx = cxMm * p;
  const cy = cyMm * p;
  const radius = radiusMm * p;
  const ringPx = rng.range(1.2, 2.5) * p;
  const gapStart = rng.range(0, Math.PI * 2);
  const gapLength = rng.range(0.3, 1.4);
  const x0 = Math.max(0, Math.floor(cx - radius - ringPx));
  const y0 = Math.max(0, Math.floor(cy - radius - ringPx));
  const x1 = Math.min(canvas.width - 1, Math.ceil(cx + radius + ringPx));
  const y1 = Math.min(canvas.height - 1, Math.ceil(cy + radius + ringPx));
  if (x1 < x0 || y1 < y0) return;
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const coverage = new Float32Array(w * h);
  const wobble = [rng.range(0, 6.28), rng.range(0, 6.28)];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const dx = x0 + x + 0.5 - cx;
      const dy = y0 + y + 0.5 - cy;
      const angle = Math.atan2(dy, dx);
      const local = radius * (1 + 0.015 * Math.sin(3 * angle + wobble[0]!) + 0.01 * Math.sin(5 * angle + wobble[1]!));
      const inside = local - Math.sqrt(dx * dx + dy * dy);
      if (inside < -1 || inside > ringPx) continue;
      let gap = ((angle - gapStart) % (Math.PI * 2) + Math.PI * 2) % (Math.PI * 2);
      gap = gap < gapLength ? Math.min(1, Math.min(gap, gapLength - gap) * 4) : 1;
      // Darkest at the outer rim where the coffee dried, fading inwards.
      const rim = inside < 0 ? inside + 1 : Math.exp(-inside / (ringPx * 0.35));
      coverage[y * w + x] = Math.max(0, rim) * gap * 0.6;
    }
  }
  compositeCoverage(canvas, coverage, x0, y0, w, h, INKS.coffee);
}
