import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createActivations,
  createEnsembleClassifier,
  findPackageRoot,
  forwardDigitCnn,
  readDigitEnsembleFile,
  tensorSizes,
  TENSOR_NAMES,
  type DigitClassifier,
  type DigitCnnParams,
  type DigitCnnShape,
} from '../../src/scan/digit-classifier.js';

function randomParams(shape: DigitCnnShape, seed: number): DigitCnnParams {
  let state = seed >>> 0;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  const sizes = tensorSizes(shape);
  const tensors = Object.fromEntries(TENSOR_NAMES.map((name) => [name, Float32Array.from({ length: sizes[name] }, () => next() * 0.4)]));
  return { shape, ...tensors } as unknown as DigitCnnParams;
}

/** Textbook forward pass (direct 5×5 convolutions, no unfolding, one filter at a time) to check the fast one against. */
function referenceForward(p: DigitCnnParams, input: Float32Array): number[] {
  const conv = (x: Float32Array, channels: number, size: number, w: Float32Array, b: Float32Array, filters: number): Float32Array => {
    const os = size - 4;
    const out = new Float32Array(filters * os * os);
    for (let f = 0; f < filters; f++)
      for (let y = 0; y < os; y++)
        for (let xx = 0; xx < os; xx++) {
          let s = b[f]!;
          for (let c = 0; c < channels; c++)
            for (let ky = 0; ky < 5; ky++)
              for (let kx = 0; kx < 5; kx++) s += w[((f * channels + c) * 5 + ky) * 5 + kx]! * x[(c * size + y + ky) * size + xx + kx]!;
          out[(f * os + y) * os + xx] = Math.max(0, s);
        }
    return out;
  };
  const pool = (x: Float32Array, channels: number, size: number): Float32Array => {
    const h = size / 2;
    const out = new Float32Array(channels * h * h);
    for (let c = 0; c < channels; c++)
      for (let y = 0; y < h; y++)
        for (let xx = 0; xx < h; xx++) {
          const at = (dy: number, dx: number): number => x[(c * size + 2 * y + dy) * size + 2 * xx + dx]!;
          out[(c * h + y) * h + xx] = Math.max(at(0, 0), at(0, 1), at(1, 0), at(1, 1));
        }
    return out;
  };
  const { conv1, conv2, hidden } = p.shape;
  const p2 = pool(conv(pool(conv(input, 1, 28, p.conv1Weight, p.conv1Bias, conv1), conv1, 24), conv1, 12, p.conv2Weight, p.conv2Bias, conv2), conv2, 8);
  const h = Array.from({ length: hidden }, (_, o) => Math.max(0, p2.reduce((s, v, i) => s + v * p.dense1Weight[o * p2.length + i]!, p.dense1Bias[o]!)));
  return Array.from({ length: 10 }, (_, o) => h.reduce((s, v, i) => s + v * p.dense2Weight[o * hidden + i]!, p.dense2Bias[o]!));
}

describe('forwardDigitCnn', () => {
  it('computes the same logits as a textbook convolution, also when the filter count is not a multiple of four', () => {
    for (const shape of [{ conv1: 12, conv2: 24, hidden: 16 }, { conv1: 6, conv2: 7, hidden: 5 }]) {
      const params = randomParams(shape, 7);
      const input = Float32Array.from({ length: 784 }, (_, i) => ((i * 37) % 101) / 100);
      const fast = Array.from(forwardDigitCnn(params, input, createActivations(shape)));
      const reference = referenceForward(params, input);
      fast.forEach((v, i) => expect(v).toBeCloseTo(reference[i]!, 3));
    }
  });
});

describe('createEnsembleClassifier', () => {
  const sure = (digit: number): DigitClassifier => ({ classify: () => Float32Array.from({ length: 10 }, (_, i) => (i === digit ? 1 : 0)) });

  it('is confident only when its members agree', () => {
    const agreeing = createEnsembleClassifier([sure(3), sure(3), sure(3)]).classify(new Float32Array(784));
    expect(agreeing[3]).toBeCloseTo(1, 6);
    // One member reads 8 where two read 3: the best guess stays 3, at a confidence no threshold above 0.67 accepts.
    const split = createEnsembleClassifier([sure(3), sure(8), sure(3)]).classify(new Float32Array(784));
    expect(split[3]).toBeCloseTo(2 / 3, 6);
    expect(split[8]).toBeCloseTo(1 / 3, 6);
  });

  it('ships every member the manifest names', () => {
    const root = findPackageRoot();
    const manifest = readDigitEnsembleFile(root);
    expect(manifest.members.length).toBeGreaterThan(0);
    for (const member of manifest.members) expect(existsSync(join(root, member)), member).toBe(true);
  });
});
