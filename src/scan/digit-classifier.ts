/**
 * The digit classifier: a small LeNet-style CNN in plain TypeScript (no native runtime), 28×28 → p('0'…'9').
 * Weights live in models/ at the package root (models/digits-v1-ensemble.json names the member files), found by
 * walking up from this module until package.json appears, so the same lookup works from src/scan/ (tests) and
 * dist/src/scan/ (built CLI).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DigitClassifier {
  /** Calibrated probabilities for '0'…'9' (softmax of logits / temperature). */
  classify(image28: Float32Array): Float32Array;
}

/** Layer widths; kernels are 5×5 "valid", each conv is followed by ReLU and 2×2 max-pooling. */
export interface DigitCnnShape {
  readonly conv1: number;
  readonly conv2: number;
  readonly hidden: number;
}

export interface DigitCnnParams {
  readonly shape: DigitCnnShape;
  readonly conv1Weight: Float32Array; // [conv1][5][5]
  readonly conv1Bias: Float32Array;
  readonly conv2Weight: Float32Array; // [conv2][conv1][5][5]
  readonly conv2Bias: Float32Array;
  readonly dense1Weight: Float32Array; // [hidden][conv2·4·4]
  readonly dense1Bias: Float32Array;
  readonly dense2Weight: Float32Array; // [10][hidden]
  readonly dense2Bias: Float32Array;
}

/** Intermediate values of one forward pass; training reads them for back-propagation. */
export interface DigitCnnActivations {
  readonly conv1: Float32Array; // after ReLU, [conv1][24][24]
  readonly pool1: Float32Array; // [conv1][12][12]
  readonly pool1From: Int32Array; // index into conv1 of each pooled maximum
  readonly conv2: Float32Array; // after ReLU, [conv2][8][8]
  readonly pool2: Float32Array; // [conv2][4][4], the flattened dense input
  readonly pool2From: Int32Array;
  readonly hidden: Float32Array; // after ReLU
  readonly logits: Float32Array;
  /** im2col scratch of each convolution; training reuses them as the layers' unfolded inputs. */
  readonly cols1: Float32Array;
  readonly cols2: Float32Array;
}

/** On-disk form: tensors as base64 little-endian float32, plus how the model was made. */
export interface DigitModelFile {
  readonly format: 'paperlink-digit-cnn';
  readonly version: 1;
  readonly shape: DigitCnnShape;
  /** Softmax temperature fitted on the validation split (calibration). */
  readonly temperature: number;
  readonly tensors: Record<TensorName, string>;
  readonly training: Record<string, number | string>;
}

/** The first ensemble member; other members sit beside it as digits-v1-member<k>.json. */
export const MODEL_RELATIVE_PATH = 'models/digits-v1.json';

/** Where `npm run train:digits -- --member k` writes member k by default. */
export function memberRelativePath(member: number): string {
  return member === 0 ? MODEL_RELATIVE_PATH : `models/digits-v1-member${member}.json`;
}

/** The network's tensors in file order (training writes them, inference reads them). */
export const TENSOR_NAMES = [
  'conv1Weight',
  'conv1Bias',
  'conv2Weight',
  'conv2Bias',
  'dense1Weight',
  'dense1Bias',
  'dense2Weight',
  'dense2Bias',
] as const;
export type TensorName = (typeof TENSOR_NAMES)[number];

const K = 5;
const IN = 28;
const C1 = IN - K + 1; // 24
const P1 = C1 / 2; // 12
const C2 = P1 - K + 1; // 8
const P2 = C2 / 2; // 4

export function tensorSizes(shape: DigitCnnShape): Record<TensorName, number> {
  return {
    conv1Weight: shape.conv1 * K * K,
    conv1Bias: shape.conv1,
    conv2Weight: shape.conv2 * shape.conv1 * K * K,
    conv2Bias: shape.conv2,
    dense1Weight: shape.hidden * shape.conv2 * P2 * P2,
    dense1Bias: shape.hidden,
    dense2Weight: 10 * shape.hidden,
    dense2Bias: 10,
  };
}

export function createActivations(shape: DigitCnnShape): DigitCnnActivations {
  return {
    conv1: new Float32Array(shape.conv1 * C1 * C1),
    pool1: new Float32Array(shape.conv1 * P1 * P1),
    pool1From: new Int32Array(shape.conv1 * P1 * P1),
    conv2: new Float32Array(shape.conv2 * C2 * C2),
    pool2: new Float32Array(shape.conv2 * P2 * P2),
    pool2From: new Int32Array(shape.conv2 * P2 * P2),
    hidden: new Float32Array(shape.hidden),
    logits: new Float32Array(10),
    cols1: new Float32Array(C1 * C1 * K * K),
    cols2: new Float32Array(C2 * C2 * shape.conv1 * K * K),
  };
}

/** One forward pass; returns `act.logits`. Shared by inference and training so both compute the same thing. */
export function forwardDigitCnn(p: DigitCnnParams, input: Float32Array, act: DigitCnnActivations): Float32Array {
  const { conv1: n1, conv2: n2, hidden: nh } = p.shape;
  convolveValid(input, 1, IN, p.conv1Weight, p.conv1Bias, n1, act.conv1, act.cols1);
  maxPool2(act.conv1, n1, C1, act.pool1, act.pool1From);
  convolveValid(act.pool1, n1, P1, p.conv2Weight, p.conv2Bias, n2, act.conv2, act.cols2);
  maxPool2(act.conv2, n2, C2, act.pool2, act.pool2From);
  const nIn = n2 * P2 * P2;
  for (let o = 0; o < nh; o++) {
    let s = p.dense1Bias[o]!;
    const row = o * nIn;
    for (let i = 0; i < nIn; i++) s += p.dense1Weight[row + i]! * act.pool2[i]!;
    act.hidden[o] = s > 0 ? s : 0;
  }
  for (let o = 0; o < 10; o++) {
    let s = p.dense2Bias[o]!;
    const row = o * nh;
    for (let i = 0; i < nh; i++) s += p.dense2Weight[row + i]! * act.hidden[i]!;
    act.logits[o] = s;
  }
  return act.logits;
}

/**
 * 5×5 valid convolution with ReLU as im2col + dot products: each output is one long dot product (C·25 terms),
 * which V8 runs several times faster than row-wise multiply-adds over 8-pixel rows. Indices are in range by
 * construction; `!` keeps `?? 0` branches out of loops that run ~10⁵ times per cell.
 */
function convolveValid(
  input: Float32Array,
  channels: number,
  size: number,
  weight: Float32Array,
  bias: Float32Array,
  filters: number,
  out: Float32Array,
  cols: Float32Array,
): void {
  const os = size - K + 1;
  const positions = os * os;
  const patch = channels * K * K;
  im2col(input, channels, size, cols);
  // Four filters × two patches per pass: each unfolded value and each weight is loaded once for several products.
  // The forward pass of the shipped 12/24/96 net took 2.4 ms with one filter per pass and 1.45 ms this way (same
  // machine and load, /tmp timing of 3,000 passes); the result is the same (test: textbook convolution).
  let f = 0;
  for (; f + 3 < filters; f += 4) {
    const wa = f * patch;
    const wb = wa + patch;
    const wc = wb + patch;
    const wd = wc + patch;
    let pos = 0;
    // Two patches at a time as well: each weight load then serves two products.
    for (; pos + 1 < positions; pos += 2) {
      const c0 = pos * patch;
      const c1 = c0 + patch;
      let sa = bias[f]!;
      let sb = bias[f + 1]!;
      let sc = bias[f + 2]!;
      let sd = bias[f + 3]!;
      let ta = sa;
      let tb = sb;
      let tc = sc;
      let td = sd;
      for (let i = 0; i < patch; i++) {
        const x = cols[c0 + i]!;
        const y = cols[c1 + i]!;
        const a = weight[wa + i]!;
        const b = weight[wb + i]!;
        const c = weight[wc + i]!;
        const d = weight[wd + i]!;
        sa += a * x;
        sb += b * x;
        sc += c * x;
        sd += d * x;
        ta += a * y;
        tb += b * y;
        tc += c * y;
        td += d * y;
      }
      out[f * positions + pos] = sa > 0 ? sa : 0;
      out[(f + 1) * positions + pos] = sb > 0 ? sb : 0;
      out[(f + 2) * positions + pos] = sc > 0 ? sc : 0;
      out[(f + 3) * positions + pos] = sd > 0 ? sd : 0;
      out[f * positions + pos + 1] = ta > 0 ? ta : 0;
      out[(f + 1) * positions + pos + 1] = tb > 0 ? tb : 0;
      out[(f + 2) * positions + pos + 1] = tc > 0 ? tc : 0;
      out[(f + 3) * positions + pos + 1] = td > 0 ? td : 0;
    }
    for (; pos < positions; pos++) {
      const c0 = pos * patch;
      let sa = bias[f]!;
      let sb = bias[f + 1]!;
      let sc = bias[f + 2]!;
      let sd = bias[f + 3]!;
      for (let i = 0; i < patch; i++) {
        const x = cols[c0 + i]!;
        sa += weight[wa + i]! * x;
        sb += weight[wb + i]! * x;
        sc += weight[wc + i]! * x;
        sd += weight[wd + i]! * x;
      }
      out[f * positions + pos] = sa > 0 ? sa : 0;
      out[(f + 1) * positions + pos] = sb > 0 ? sb : 0;
      out[(f + 2) * positions + pos] = sc > 0 ? sc : 0;
      out[(f + 3) * positions + pos] = sd > 0 ? sd : 0;
    }
  }
  for (; f < filters; f++) {
    const w0 = f * patch;
    for (let pos = 0; pos < positions; pos++) {
      const c0 = pos * patch;
      let s = bias[f]!;
      for (let i = 0; i < patch; i++) s += weight[w0 + i]! * cols[c0 + i]!;
      out[f * positions + pos] = s > 0 ? s : 0;
    }
  }
}

/** Unfolds every 5×5×C input patch into one row of `cols` ([os·os][C·25]), in the weights' [c][ky][kx] order. */
export function im2col(input: Float32Array, channels: number, size: number, cols: Float32Array): void {
  const os = size - K + 1;
  const patch = channels * K * K;
  for (let y = 0; y < os; y++) {
    for (let x = 0; x < os; x++) {
      let o = (y * os + x) * patch;
      for (let c = 0; c < channels; c++) {
        const i0 = c * size * size + y * size + x;
        for (let ky = 0; ky < K; ky++) {
          const r = i0 + ky * size;
          cols[o] = input[r]!;
          cols[o + 1] = input[r + 1]!;
          cols[o + 2] = input[r + 2]!;
          cols[o + 3] = input[r + 3]!;
          cols[o + 4] = input[r + 4]!;
          o += K;
        }
      }
    }
  }
}

function maxPool2(input: Float32Array, channels: number, size: number, out: Float32Array, from: Int32Array): void {
  const half = size / 2;
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < half; y++) {
      for (let x = 0; x < half; x++) {
        const i00 = c * size * size + 2 * y * size + 2 * x;
        let best = i00;
        if (input[i00 + 1]! > input[best]!) best = i00 + 1;
        if (input[i00 + size]! > input[best]!) best = i00 + size;
        if (input[i00 + size + 1]! > input[best]!) best = i00 + size + 1;
        const o = c * half * half + y * half + x;
        out[o] = input[best]!;
        from[o] = best;
      }
    }
  }
}

export function softmax(logits: Float32Array, temperature: number): Float32Array {
  const out = new Float32Array(logits.length);
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v / temperature);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const e = Math.exp((logits[i] ?? 0) / temperature - max);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) / sum;
  return out;
}

export function createDigitClassifier(params: DigitCnnParams, temperature: number): DigitClassifier {
  const act = createActivations(params.shape);
  return {
    classify(image28: Float32Array): Float32Array {
      return softmax(forwardDigitCnn(params, image28, act), temperature);
    },
  };
}

export function encodeDigitModel(
  params: DigitCnnParams,
  temperature: number,
  training: Record<string, number | string>,
): DigitModelFile {
  const tensors = {} as Record<TensorName, string>;
  for (const name of TENSOR_NAMES) {
    const t = params[name];
    tensors[name] = Buffer.from(t.buffer, t.byteOffset, t.byteLength).toString('base64');
  }
  return { format: 'paperlink-digit-cnn', version: 1, shape: params.shape, temperature, tensors, training };
}

export function decodeDigitModel(file: DigitModelFile): { params: DigitCnnParams; temperature: number } {
  if (file.format !== 'paperlink-digit-cnn' || file.version !== 1) {
    throw new Error(`digit model: unknown format ${String(file.format)} v${String(file.version)}`);
  }
  const sizes = tensorSizes(file.shape);
  const decoded = {} as Record<TensorName, Float32Array>;
  for (const name of TENSOR_NAMES) {
    const bytes = Buffer.from(file.tensors[name], 'base64');
    // Copy: a Buffer's byteOffset need not be 4-aligned, which Float32Array views require.
    const t = new Float32Array(new Uint8Array(bytes).buffer);
    if (t.length !== sizes[name]) throw new Error(`digit model: tensor ${name} has ${t.length} values, expected ${sizes[name]}`);
    decoded[name] = t;
  }
  return { params: { shape: file.shape, ...decoded }, temperature: file.temperature };
}

/** Walks up from this module to the directory holding package.json (works from src/ and from dist/src/). */
export function findPackageRoot(fromUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(fromUrl));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`digit model: no package.json above ${fileURLToPath(fromUrl)}`);
    dir = parent;
  }
}

/**
 * The shipped ensemble: nets of one shape trained on the same split from different initial weights, epoch orders
 * and augmentation (`npm run train:digits -- --member k`), tuned together (`--tune-ensemble`). The manifest names the
 * member files and records the tuning figures; the acceptance threshold itself lives in thresholds.ts.
 */
export const ENSEMBLE_RELATIVE_PATH = 'models/digits-v1-ensemble.json';

export interface DigitEnsembleFile {
  readonly format: 'paperlink-digit-ensemble';
  readonly version: 1;
  /** Member model files, relative to the package root. */
  readonly members: readonly string[];
  /** Seed of the split every member was trained on (the bench's held-out digits depend on it). */
  readonly seed: number;
  readonly tuning: Record<string, number | string>;
}

/**
 * Averages the members' calibrated probabilities. Members err on different digits: a digit one net reads
 * confidently wrong and another reads otherwise ends near 0.5, so a confident ensemble reading needs every member
 * to agree — that is what lets the acceptance threshold drop without letting errors through. Measured on the
 * validation split with the same threshold rule: the mean accepts 73.4 % of non-blank cells; a normalised geometric
 * mean (averaged log-odds) would accept 76.7 %, but its gain comes from cells one member doubts (two at 0.99999 and
 * one at 0.6 give 0.9996 there, 0.87 here), so the mean stays: 1 − mean is at least a third of the doubt of the
 * least sure member.
 */
export function createEnsembleClassifier(members: readonly DigitClassifier[]): DigitClassifier {
  if (members.length === 0) throw new Error('digit ensemble: no members');
  if (members.length === 1) return members[0]!;
  return {
    classify(image28: Float32Array): Float32Array {
      const mean = new Float32Array(10);
      for (const member of members) {
        const p = member.classify(image28);
        for (let i = 0; i < 10; i++) mean[i] = mean[i]! + p[i]! / members.length;
      }
      return mean;
    },
  };
}

export function readDigitEnsembleFile(root: string = findPackageRoot()): DigitEnsembleFile {
  const file = JSON.parse(readFileSync(join(root, ENSEMBLE_RELATIVE_PATH), 'utf8')) as DigitEnsembleFile;
  if (file.format !== 'paperlink-digit-ensemble' || file.version !== 1 || file.members.length === 0) {
    throw new Error(`digit ensemble: ${ENSEMBLE_RELATIVE_PATH} is not a paperlink digit ensemble v1`);
  }
  return file;
}

/** Builds a classifier from model files (one file: that net; several: their ensemble). */
export function loadDigitClassifierFrom(paths: readonly string[]): DigitClassifier {
  return createEnsembleClassifier(paths.map((path) => {
    const { params, temperature } = decodeDigitModel(JSON.parse(readFileSync(path, 'utf8')) as DigitModelFile);
    return createDigitClassifier(params, temperature);
  }));
}

let cached: DigitClassifier | undefined;

/** The shipped classifier, loaded once per process (each worker of the pool loads its own copy, ~0.25 MB per member). */
export function loadDigitClassifier(): DigitClassifier {
  if (cached) return cached;
  const root = findPackageRoot();
  cached = loadDigitClassifierFrom(readDigitEnsembleFile(root).members.map((member) => join(root, member)));
  return cached;
}
