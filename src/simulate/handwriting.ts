/**
 * Handwriting on a page raster: real handwritten digits (MNIST samples, supplied by a DigitSource) in digit cells,
 * pseudo-handwritten scribbles in text boxes and word-grid cells, initials in signature boxes.
 * Pure: the digit data is passed in (the ENTRY loads the mnist package); boxes come only from the layout.
 */
import type { Rect } from '../model/index.js';
import { bezier, boxToPx, compositeCoverage, drawStroke, type Ink, type InkCanvas, type Point } from './pen-marks.js';
import type { Rng } from '../model/index.js';

/** One handwritten digit as 28 × 28 = 784 values, 0 = paper, 1 = ink (the mnist package's format). */
export type DigitSource = (digit: number, rng: Rng) => ArrayLike<number>;

/** Digit height as a fraction of the cell height: people write 70–90 % of the box. */
export const DIGIT_HEIGHT_OF_CELL = { min: 0.7, max: 0.9 } as const;
/** Share of digits pushed against the cell border (touching it), as hurried writers do. */
export const DIGIT_TOUCH_BORDER_CHANCE = 0.12;
/** Capital height and letter advance of pseudo-handwriting (mm): block capitals in an 8 mm line. */
const CAP_HEIGHT_MM = 3.6;
const LETTER_ADVANCE_MM = 2.7;
const MNIST_SIZE = 28;

interface InkBounds { x0: number; y0: number; x1: number; y1: number }

function inkBounds(sample: ArrayLike<number>): InkBounds {
  let x0 = MNIST_SIZE, y0 = MNIST_SIZE, x1 = -1, y1 = -1;
  for (let y = 0; y < MNIST_SIZE; y++) {
    for (let x = 0; x < MNIST_SIZE; x++) {
      if ((sample[y * MNIST_SIZE + x] ?? 0) > 0.2) {
        x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
      }
    }
  }
  return x1 < 0 ? { x0: 4, y0: 4, x1: 23, y1: 23 } : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/**
 * Writes one digit into a cell: the sample's ink box scaled to 70–90 % of the cell height, jittered, sometimes
 * touching the border. Returns the placed ink box in px (for tests).
 */
export function drawDigit(canvas: InkCanvas, cell: Rect, sample: ArrayLike<number>, ink: Ink, rng: Rng): { x: number; y: number; w: number; h: number } {
  const r = boxToPx(canvas, cell);
  const bounds = inkBounds(sample);
  const heightPx = r.h * rng.range(DIGIT_HEIGHT_OF_CELL.min, DIGIT_HEIGHT_OF_CELL.max);
  const scale = heightPx / (bounds.y1 - bounds.y0);
  const slant = rng.range(-0.12, 0.18);
  const widthPx = Math.min(r.w * 0.95, (bounds.x1 - bounds.x0) * scale);
  const scaleX = widthPx / (bounds.x1 - bounds.x0);
  let left = r.x + (r.w - widthPx) / 2 + rng.range(-0.12, 0.12) * (r.w - widthPx);
  let top = r.y + (r.h - heightPx) / 2 + rng.range(-0.35, 0.35) * (r.h - heightPx);
  if (rng.chance(DIGIT_TOUCH_BORDER_CHANCE)) {
    const side = rng.int(0, 3);
    if (side === 0) top = r.y - rng.range(0, 0.04) * r.h;
    else if (side === 1) top = r.y + r.h - heightPx + rng.range(0, 0.04) * r.h;
    else if (side === 2) left = r.x - rng.range(0, 0.05) * r.w;
    else left = r.x + r.w - widthPx + rng.range(0, 0.05) * r.w;
  }
  const x0 = Math.floor(left - Math.abs(slant) * heightPx - 1);
  const y0 = Math.floor(top - 1);
  const w = Math.ceil(widthPx + Math.abs(slant) * heightPx * 2 + 3);
  const h = Math.ceil(heightPx + 3);
  const coverage = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const py = y0 + y + 0.5;
    const v = (py - top) / scale + bounds.y0;
    // Slant: the top of the digit leans right, as in most right-handed writing.
    const shift = slant * (top + heightPx - py);
    for (let x = 0; x < w; x++) {
      const u = (x0 + x + 0.5 - left - shift) / scaleX + bounds.x0;
      const value = sampleDigit(sample, u - 0.5, v - 0.5);
      // Sharpen MNIST's soft edges into a pen line.
      coverage[y * w + x] = Math.min(1, Math.max(0, (value - 0.25) * 2.2));
    }
  }
  compositeCoverage(canvas, coverage, x0, y0, w, h, ink);
  return { x: left, y: top, w: widthPx, h: heightPx };
}

function sampleDigit(sample: ArrayLike<number>, u: number, v: number): number {
  const x = Math.floor(u);
  const y = Math.floor(v);
  const fx = u - x;
  const fy = v - y;
  const at = (xx: number, yy: number): number => (xx < 0 || yy < 0 || xx >= MNIST_SIZE || yy >= MNIST_SIZE ? 0 : sample[yy * MNIST_SIZE + xx] ?? 0);
  return (at(x, y) * (1 - fx) + at(x + 1, y) * fx) * (1 - fy) + (at(x, y + 1) * (1 - fx) + at(x + 1, y + 1) * fx) * fy;
}

/**
 * Pseudo-handwriting for free text: one wavy, looping stroke per word, letters the width of block capitals,
 * wrapped over the box's lines. Unreadable on purpose (a person transcribes text; the truth carries the words).
 */
export function drawScribbleText(canvas: InkCanvas, area: Rect, lines: number, text: string, ink: Ink, rng: Rng): void {
  const p = canvas.pxPerMm;
  const lineCount = Math.max(1, lines);
  const lineHeightMm = area.hMm / lineCount;
  const capMm = Math.min(CAP_HEIGHT_MM, lineHeightMm * 0.55) * rng.range(0.85, 1.1);
  const advanceMm = LETTER_ADVANCE_MM * (capMm / CAP_HEIGHT_MM) * rng.range(0.9, 1.1);
  const words = text.split(/\s+/).filter(Boolean);
  let line = 0;
  let xMm = area.xMm + rng.range(1, 2.5);
  const width = rng.range(0.3, 0.5) * p;
  for (const word of words) {
    const wordMm = word.length * advanceMm;
    if (xMm + wordMm > area.xMm + area.wMm - 1 && xMm > area.xMm + 3) {
      line++;
      xMm = area.xMm + rng.range(1, 2.5);
    }
    if (line >= lineCount) break;
    const baseMm = area.yMm + (line + 1) * lineHeightMm - lineHeightMm * 0.22 + rng.range(-0.3, 0.3);
    const drift = rng.range(-0.03, 0.03);
    drawWordStroke(canvas, xMm, baseMm, Math.min(wordMm, area.xMm + area.wMm - 1 - xMm), capMm, word.length, drift, ink, width, rng);
    xMm += wordMm + advanceMm * rng.range(0.8, 1.3);
  }
}

function drawWordStroke(canvas: InkCanvas, xMm: number, baseMm: number, wordMm: number, capMm: number, letters: number, drift: number,
  ink: Ink, widthPx: number, rng: Rng): void {
  const p = canvas.pxPerMm;
  const points: Point[] = [];
  const steps = Math.max(2, letters) * 6;
  const phase = rng.range(0, Math.PI * 2);
  const heights = Array.from({ length: letters + 1 }, () => rng.range(0.55, 1));
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const letter = Math.min(letters, Math.floor(t * letters));
    const local = t * letters - letter;
    // Each letter: up and down strokes with a small loop, like fast block capitals run together.
    const up = Math.abs(Math.sin(local * Math.PI * 2 + phase * 0.1));
    const yMm = baseMm - capMm * heights[letter]! * up + drift * (t * wordMm);
    const xOffset = t * wordMm + 0.35 * capMm * Math.sin(local * Math.PI * 4 + phase);
    points.push({ x: (xMm + xOffset) * p, y: yMm * p });
  }
  drawStroke(canvas, points, widthPx, ink);
}

/** Initials in a signature box: two or three looping letters and an underline flourish. */
export function drawInitials(canvas: InkCanvas, box: Rect, ink: Ink, rng: Rng): void {
  const p = canvas.pxPerMm;
  const width = rng.range(0.35, 0.6) * p;
  const letters = rng.int(2, 3);
  const heightMm = Math.min(box.hMm * 0.6, 7) * rng.range(0.8, 1.1);
  let xMm = box.xMm + box.wMm * rng.range(0.1, 0.3);
  const baseMm = box.yMm + box.hMm * rng.range(0.65, 0.8);
  for (let i = 0; i < letters; i++) {
    const w = heightMm * rng.range(0.5, 0.8);
    const points: Point[] = [
      ...bezier({ x: xMm * p, y: baseMm * p }, { x: (xMm + w * 0.2) * p, y: (baseMm - heightMm * 1.4) * p }, { x: (xMm + w * 0.6) * p, y: (baseMm - heightMm * rng.range(0.4, 0.9)) * p }, 10),
      ...bezier({ x: (xMm + w * 0.6) * p, y: (baseMm - heightMm * 0.6) * p }, { x: (xMm + w * 1.1) * p, y: (baseMm + heightMm * 0.2) * p }, { x: (xMm + w) * p, y: (baseMm - heightMm * 0.1) * p }, 10),
    ];
    drawStroke(canvas, points, width, ink);
    // A dot after each initial, as people write "J.V."
    const dot = { x: (xMm + w + 0.8) * p, y: (baseMm - 0.2) * p };
    drawStroke(canvas, [dot, { x: dot.x + 0.2 * p, y: dot.y + 0.1 * p }], width * 1.3, ink);
    xMm += w + 2;
  }
  const end = Math.min(box.xMm + box.wMm - 1, xMm + rng.range(2, 8));
  drawStroke(canvas, bezier({ x: (box.xMm + box.wMm * 0.12) * p, y: (baseMm + 1.2) * p },
    { x: ((box.xMm + end) / 2) * p, y: (baseMm + rng.range(0.5, 2.5)) * p }, { x: end * p, y: (baseMm + rng.range(-1.5, 0.5)) * p }, 12), width * 0.8, ink);
}
