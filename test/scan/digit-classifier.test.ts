import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createEnsembleClassifier,
  findPackageRoot,
  loadDigitClassifier,
  loadDigitNet,
  readDigitManifest,
  softmax,
  type DigitNet,
} from '../../src/scan/digit-classifier.js';
import { normaliseDigitCell } from '../../src/scan/read-digits.js';
import { createRng, renderSimulatedCell, splitMnist } from '../helpers/digit-cells.js';

/** A net whose logits say `digit` with a margin of 20 (probability ~1 at temperature 1). */
const sure = (digit: number): DigitNet => ({
  logits: async (images) => images.map(() => Float32Array.from({ length: 10 }, (_, i) => (i === digit ? 20 : 0))),
});

describe('createEnsembleClassifier', () => {
  it('is confident only when its members agree', async () => {
    const image = new Float32Array(784);
    const [agreeing] = await createEnsembleClassifier([sure(3), sure(3)].map((net) => ({ net, temperature: 1 }))).classify([image]);
    expect(agreeing![3]).toBeCloseTo(1, 6);
    // One member reads 8 where the other reads 3: no threshold above one half accepts either.
    const [split] = await createEnsembleClassifier([sure(3), sure(8)].map((net) => ({ net, temperature: 1 }))).classify([image]);
    expect(split![3]).toBeCloseTo(0.5, 6);
    expect(split![8]).toBeCloseTo(0.5, 6);
  });

  it('applies each member its own temperature (a hotter member is less sure)', async () => {
    const logits = Float32Array.from([4, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(softmax(logits, 2)[0]!).toBeLessThan(softmax(logits, 1)[0]!);
    const [cool] = await createEnsembleClassifier([{ net: sure(1), temperature: 1 }]).classify([new Float32Array(784)]);
    const [hot] = await createEnsembleClassifier([{ net: sure(1), temperature: 8 }]).classify([new Float32Array(784)]);
    expect(hot![1]!).toBeLessThan(cool![1]!);
  });
});

describe('the shipped nets', () => {
  it('ships every member the manifest names, with a fitted temperature', () => {
    const root = findPackageRoot();
    const manifest = readDigitManifest(root);
    expect(manifest.members.length).toBeGreaterThan(0);
    for (const member of manifest.members) {
      expect(existsSync(join(root, member.file)), member.file).toBe(true);
      expect(member.temperature).toBeGreaterThan(0);
    }
  });

  it('runs in onnxruntime and reads held-out digits drawn as the simulator draws them, in one batch', async () => {
    const { test } = splitMnist();
    const rng = createRng(41);
    const samples = Array.from({ length: 10 }, (_, label) => test.find((s) => s.label === label)!);
    const images = samples.map((s) => normaliseDigitCell(renderSimulatedCell(s.pixels, 'scan', rng)).image28);
    const probabilities = await (await loadDigitClassifier()).classify(images);
    const read = probabilities.map((p) => p.indexOf(Math.max(...p)));
    expect(read).toEqual(samples.map((s) => s.label));
    for (const p of probabilities) expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    // One member alone gives the same kind of answer (the ensemble is not hiding a broken file).
    const root = findPackageRoot();
    const net = await loadDigitNet(join(root, readDigitManifest(root).members[0]!.file));
    const logits = await net.logits(images);
    expect(logits.map((l) => l.indexOf(Math.max(...l)))).toEqual(samples.map((s) => s.label));
  });
});
