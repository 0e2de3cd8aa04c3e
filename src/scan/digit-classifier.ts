/**
 * The digit classifier: an ensemble of small convolutional nets trained with PyTorch (scripts/train_digits.py) and
 * shipped as ONNX files in models/, run by onnxruntime-node's CPU kernels (its native binary ships inside the npm
 * package; nothing is downloaded). 28×28 normalised cells in, calibrated probabilities for '0'…'9' out.
 *
 * Cells are classified in batches (all written cells of a page at once): one onnxruntime call costs ~0.4 ms of
 * overhead, each cell then ~0.2 ms per member on one thread. The manifest models/digits-v2.json names the member
 * files with each member's softmax temperature (fitted on the validation half by scripts/tune-digits.ts); the
 * acceptance thresholds themselves live in thresholds.ts. Models are found by walking up from this module until
 * package.json appears, so the same lookup works from src/scan/ (tests) and dist/src/scan/ (built CLI).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';

export interface DigitClassifier {
  /** Calibrated probabilities for '0'…'9' per 28×28 image (row-major, 0..1, 1 = ink). */
  classify(images: readonly Float32Array[]): Promise<Float32Array[]>;
}

/** Raw scores of one net, before temperature and softmax. */
export interface DigitNet {
  logits(images: readonly Float32Array[]): Promise<Float32Array[]>;
}

export const MANIFEST_RELATIVE_PATH = 'models/digits-v2.json';

export interface DigitEnsembleMember {
  /** ONNX file relative to the package root: input `x` [n,1,28,28], output `logits` [n,10]. */
  readonly file: string;
  /** Softmax temperature fitted on the validation half (negative log-likelihood). */
  readonly temperature: number;
}

export interface DigitManifest {
  readonly format: 'paperlink-digit-ensemble';
  readonly version: 2;
  readonly members: readonly DigitEnsembleMember[];
  /** How the members were trained and what tuning measured, for the record (README and commit cite it). */
  readonly training: Record<string, number | string>;
  readonly tuning: Record<string, number | string>;
}

const SIDE = 28;

/** Loads one ONNX net on one intra-op thread: scan parallelism comes from its worker threads, one per core. */
export async function loadDigitNet(path: string): Promise<DigitNet> {
  const session = await ort.InferenceSession.create(readFileSync(path), {
    intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all',
  });
  return {
    async logits(images: readonly Float32Array[]): Promise<Float32Array[]> {
      if (images.length === 0) return [];
      const input = new Float32Array(images.length * SIDE * SIDE);
      images.forEach((image, k) => input.set(image, k * SIDE * SIDE));
      const output = await session.run({ x: new ort.Tensor('float32', input, [images.length, 1, SIDE, SIDE]) });
      const data = output['logits']?.data;
      if (!(data instanceof Float32Array) || data.length !== images.length * 10) throw new Error(`digit model ${path}: unexpected output`);
      return images.map((_, k) => data.slice(k * 10, k * 10 + 10));
    },
  };
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

/**
 * Averages the members' calibrated probabilities. Members trained from different starts err on different digits: a
 * digit one net reads confidently wrong and another reads otherwise ends near 0.5, so a confident ensemble reading
 * needs every member to agree, and 1 − mean is at least 1/k of the doubt of the least sure member.
 */
export function createEnsembleClassifier(members: readonly { net: DigitNet; temperature: number }[]): DigitClassifier {
  if (members.length === 0) throw new Error('digit ensemble: no members');
  return {
    async classify(images: readonly Float32Array[]): Promise<Float32Array[]> {
      const perMember = await Promise.all(members.map(async ({ net, temperature }) =>
        (await net.logits(images)).map((logits) => softmax(logits, temperature))));
      return images.map((_, k) => {
        const mean = new Float32Array(10);
        for (const probabilities of perMember) for (let i = 0; i < 10; i++) mean[i] = mean[i]! + probabilities[k]![i]! / members.length;
        return mean;
      });
    },
  };
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

export function readDigitManifest(root: string = findPackageRoot(), relativePath = MANIFEST_RELATIVE_PATH): DigitManifest {
  const file = JSON.parse(readFileSync(join(root, relativePath), 'utf8')) as DigitManifest;
  if (file.format !== 'paperlink-digit-ensemble' || file.version !== 2 || file.members.length === 0) {
    throw new Error(`digit ensemble: ${relativePath} is not a paperlink digit ensemble v2`);
  }
  return file;
}

/** Builds the ensemble a manifest describes (temperatures as recorded there). */
export async function loadDigitClassifierFrom(manifest: DigitManifest, root: string = findPackageRoot()): Promise<DigitClassifier> {
  const members = await Promise.all(manifest.members.map(async (member) =>
    ({ net: await loadDigitNet(join(root, member.file)), temperature: member.temperature })));
  return createEnsembleClassifier(members);
}

let cached: Promise<DigitClassifier> | undefined;

/** The shipped classifier, loaded once per process (each scan worker loads its own sessions, ~1 MB per member). */
export function loadDigitClassifier(): Promise<DigitClassifier> {
  cached ??= loadDigitClassifierFrom(readDigitManifest());
  return cached;
}
