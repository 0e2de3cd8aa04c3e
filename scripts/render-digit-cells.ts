/**
 * Renders the digit recogniser's training cells for the PyTorch trainer (scripts/train_digits.py): every one of
 * MNIST's 60,000 training digits, `--variants` times, each through the real cell pipeline — pen or pencil stroke
 * variation, elastic distortion, a printed comb border, a neighbour's digit at the edge, scanner or phone blur,
 * light, noise and JPEG (test/helpers/digit-cells.ts) — and normalised exactly as scanning normalises
 * (src/scan/read-digits.ts normaliseDigitCell). Writes OUT/train-images.u8 (N×784 bytes, 255 = ink) and
 * OUT/train-labels.u8. MNIST's test digits are never rendered here: they are the validation and held-out halves.
 * Deterministic for a seed; two worker threads. Developer tool (`npm run build` first):
 *   node dist/scripts/render-digit-cells.js --out .digits-train --variants 4
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { normaliseDigitCell } from '../src/scan/read-digits.js';
import {
  createRng, deriveSeed, elasticDistort, loadMnistSet, renderDigitCell, renderSimulatedCell, strokeAugment, DEFAULT_SEED,
  type CellDegradation,
} from '../test/helpers/digit-cells.js';

interface Job { readonly seed: number; readonly variant: number; readonly from: number; readonly to: number }

/** Renders training digits [from, to) once each, with the variant's own random stream. */
export function renderPart(job: Job): { images: Uint8Array; labels: Uint8Array } {
  const train = loadMnistSet('train');
  const rng = createRng(deriveSeed(job.seed, 11, job.variant, job.from));
  const count = job.to - job.from;
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count).fill(255);
  for (let n = 0; n < count; n++) {
    const sample = train[job.from + n]!;
    const neighbour = rng.next() < 0.3 ? (train[rng.int(train.length)]?.pixels ?? null) : null;
    let pixels = strokeAugment(sample.pixels, rng);
    if (rng.next() < 0.6) pixels = elasticDistort(pixels, rng, rng.uniform(1.5, 3));
    const degradation: CellDegradation = rng.next() < 0.5 ? 'scan' : 'phone';
    const crop = rng.next() < 0.5 ? renderSimulatedCell(pixels, degradation, rng, neighbour)
      : renderDigitCell(pixels, degradation, rng, { neighbour, touchProbability: 0.15 });
    const { image28, metrics } = normaliseDigitCell(crop);
    // A render that lost the digit (pushed out of the cell, wiped with the border) teaches nothing: label 255 = skip.
    if (metrics.inkRatio === 0) continue;
    for (let i = 0; i < 784; i++) images[n * 784 + i] = Math.round((image28[i] ?? 0) * 255);
    labels[n] = sample.label;
  }
  return { images, labels };
}

function runWorker(job: Job): Promise<{ images: Uint8Array; labels: Uint8Array }> {
  return new Promise((resolvePart, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: job });
    worker.once('message', resolvePart);
    worker.once('error', reject);
  });
}

async function main(argv: readonly string[]): Promise<void> {
  const arg = (name: string): string | undefined => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
  const out = resolve(arg('--out') ?? '.digits-train');
  const variants = Number(arg('--variants') ?? 4);
  const seed = Number(arg('--seed') ?? DEFAULT_SEED);
  const total = Number(arg('--limit') ?? loadMnistSet('train').length);
  mkdirSync(out, { recursive: true });
  const chunk = 5000;
  const jobs: Job[] = [];
  for (let variant = 0; variant < variants; variant++) {
    for (let from = 0; from < total; from += chunk) jobs.push({ seed, variant, from, to: Math.min(total, from + chunk) });
  }
  const images: Uint8Array[] = [];
  const labels: Uint8Array[] = [];
  const started = Date.now();
  let next = 0;
  const results = new Array<{ images: Uint8Array; labels: Uint8Array }>(jobs.length);
  await Promise.all([0, 1].map(async () => {
    while (next < jobs.length) {
      const k = next++;
      results[k] = await runWorker(jobs[k]!);
      process.stderr.write(`\r  ${results.filter(Boolean).length}/${jobs.length} parts, ${Math.round((Date.now() - started) / 1000)} s`);
    }
  }));
  for (const r of results) { images.push(r.images); labels.push(r.labels); }
  writeFileSync(join(out, 'train-images.u8'), Buffer.concat(images));
  writeFileSync(join(out, 'train-labels.u8'), Buffer.concat(labels));
  process.stderr.write(`\n  wrote ${labels.reduce((n, l) => n + l.length, 0)} cells to ${out}\n`);
}

if (isMainThread) await main(process.argv.slice(2));
else parentPort!.postMessage(renderPart(workerData as Job));
