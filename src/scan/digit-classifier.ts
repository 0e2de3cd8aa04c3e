/**
 * The digit classifier: a small LeNet-style CNN in plain TypeScript (no native runtime), 28×28 → p('0'…'9').
 * Weights live in models/digits-v1.json at the package root, found by walking up from this module until
 * package.json appears, so the same lookup works from src/scan/ (tests) and dist/src/scan/ (built CLI).
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

export const MODEL_RELATIVE_PATH = 'models/digits-v1.json';
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
    let s = p.dense1Bias[o] ?? 0;
    const row = o * nIn;
    for (let i = 0; i < nIn; i++) s += (p.dense1Weight[row + i] ?? 0) * (act.pool2[i] ?? 0);
    act.hidden[o] = s > 0 ? s : 0;
  }
  for (let o = 0; o < 10; o++) {
    let s = p.dense2Bias[o] ?? 0;
    const row = o * nh;
    for (let i = 0; i < nh; i++) s += (p.dense2Weight[row + i] ?? 0) * (act.hidden[i] ?? 0);
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
  for (let f = 0; f < filters; f++) {
    const w0 = f * patch;
    const b = bias[f]!;
    for (let pos = 0; pos < positions; pos++) {
      const c0 = pos * patch;
      let s0 = 0;
      let s1 = 0;
      let i = 0;
      for (; i + 1 < patch; i += 2) {
        s0 += weight[w0 + i]! * cols[c0 + i]!;
        s1 += weight[w0 + i + 1]! * cols[c0 + i + 1]!;
      }
      if (i < patch) s0 += weight[w0 + i]! * cols[c0 + i]!;
      const v = b + s0 + s1;
      out[f * positions + pos] = v > 0 ? v : 0;
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

let cached: DigitClassifier | undefined;

/** The shipped classifier, loaded once per process (each worker of the pool loads its own copy, ~0.2 MB). */
export function loadDigitClassifier(): DigitClassifier {
  if (cached) return cached;
  const path = join(findPackageRoot(), MODEL_RELATIVE_PATH);
  const file = JSON.parse(readFileSync(path, 'utf8')) as DigitModelFile;
  const { params, temperature } = decodeDigitModel(file);
  cached = createDigitClassifier(params, temperature);
  return cached;
}
