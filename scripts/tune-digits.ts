/**
 * Calibrates the digit nets and tunes the acceptance rules on the validation half of MNIST's test digits (writers the
 * training set does not contain; the other half is the bench's held-out set and is never read here). Developer tool:
 *   npm run build && node dist/scripts/tune-digits.js models/digits-v4-a.onnx models/digits-v4-b.onnx
 * Writes models/digits-v2.json (members, temperatures, figures) and prints the thresholds for src/scan/thresholds.ts.
 *
 * 1. Every validation digit is rendered ten ways (simulator-style and harsh, scan and phone), read as scanning reads
 *    it (first look, normaliser), and each member's softmax temperature is fitted (negative log-likelihood).
 * 2. The cell rule: the lowest ensemble confidence at which accepted cells stay within 0.1 % wrong (95 % Wilson upper
 *    limit, each validation digit one trial, pooled and in every capture condition): DIGIT_ACCEPT_MIN_CONFIDENCE.
 * 3. The field rules (what the form knows): fields of each preset are assembled from the read validation cells (each
 *    cell used once per preset, one capture condition per field) with values as people write them; a field is
 *    accepted when its value passes the preset's checks and its least sure cell reaches the preset's threshold. The
 *    household bands and total are assembled as one sheet's group (a digit repeated within a group reuses the same
 *    written cell: one writer writes alike, so errors repeat) and accepted together when the sum holds. Each threshold
 *    is the lowest whose accepted fields stay within 0.3 % wrong (95 % Wilson upper limit pooled; the observed rate
 *    within each capture condition).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { DigitsPreset } from '../src/model/index.js';
import { findPackageRoot, loadDigitNet, MANIFEST_RELATIVE_PATH, softmax, type DigitManifest } from '../src/scan/digit-classifier.js';
import { validateDigits, type DigitsSpec } from '../src/scan/decide-digits.js';
import { measureCellInk } from '../src/scan/digit-ink.js';
import { decideDigitCell, normaliseDigitCell, type DigitCellMetrics, type NormalisedDigitCell } from '../src/scan/read-digits.js';
import { DIGIT_BLANK_MAX_INK_RATIO } from '../src/scan/thresholds.js';
import {
  createRng, deriveSeed, renderCells, renderSimulatedCells, splitMnist, DEFAULT_SEED, type CellDegradation, type RenderedCell, type Rng,
} from '../test/helpers/digit-cells.js';

type Renderer = 'simulator' | 'harsh';
/** Where the rendered validation cells are cached (beside the training cells; not committed). */
const CACHE_DIR = '.digits-train';
interface CellEval {
  readonly label: number;
  readonly sampleIndex: number;
  readonly value: string | null;
  readonly confidence: number;
  readonly condition: `${Renderer}/${CellDegradation}`;
}

const CONDITIONS = ['simulator/scan', 'simulator/phone', 'harsh/scan', 'harsh/phone'] as const;
/** 95 % upper limit of the error among accepted cells (a field of ~4 digits then stays near 0.3 %). */
const CELL_BUDGET = 0.001;
/** 95 % upper limit of wrong values among accepted fields: the goal. */
const FIELD_BUDGET = 0.003;
const WILSON_Z = 1.645;
const CANDIDATES: readonly number[] = [
  ...Array.from({ length: 40 }, (_, i) => Math.round((0.6 + i * 0.01) * 100) / 100),
  ...Array.from({ length: 18 }, (_, i) => Math.round((0.991 + i * 0.0005) * 10000) / 10000),
  0.9997, 0.9998, 0.9999, 0.99995, 0.99999, 1.01,
];

export function wilsonUpper(errors: number, n: number, z = WILSON_Z): number {
  if (n === 0) return 1;
  const p = errors / n;
  const z2 = z * z;
  return (p + z2 / (2 * n) + z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
}

interface LookedCell {
  readonly label: number;
  readonly sampleIndex: number;
  readonly condition: CellEval['condition'];
  readonly normalised: NormalisedDigitCell;
  readonly inkSeen: boolean;
  readonly linesFound: number;
}

/**
 * The validation cells as scanning sees them (first look, normaliser), rendered once and cached in CACHE_DIR: they
 * depend on the renderers and the normaliser, not on the nets, so tuning new members reuses them.
 */
function lookAtValidation(seed: number): LookedCell[] {
  const cache = join(findPackageRoot(), CACHE_DIR, `validation-${seed}-v2.bin`);
  if (existsSync(cache)) return decodeLooked(readFileSync(cache));
  const { validation } = splitMnist(seed);
  const rendered: { cell: RenderedCell; renderer: Renderer }[] = [
    ...renderSimulatedCells(validation, deriveSeed(seed, 3, 1), 2).map((cell) => ({ cell, renderer: 'simulator' as const })),
    ...renderCells(validation, deriveSeed(seed, 3), 3).map((cell) => ({ cell, renderer: 'harsh' as const })),
  ];
  const looked = rendered.map(({ cell, renderer }) => {
    const ink = measureCellInk(cell.crop);
    return { label: cell.label, sampleIndex: cell.sampleIndex, condition: `${renderer}/${cell.degradation}` as const,
      normalised: normaliseDigitCell(cell.crop), inkSeen: ink.inkSeen, linesFound: ink.linesFound };
  });
  mkdirSync(dirname(cache), { recursive: true });
  writeFileSync(cache, encodeLooked(looked));
  return looked;
}

/** Cache format: per cell a JSON line of label, digit, condition, ink seen and metrics, then 784 bytes of image. */
function encodeLooked(cells: readonly LookedCell[]): Buffer {
  const meta = Buffer.from(JSON.stringify(cells.map((c) => [c.label, c.sampleIndex, c.condition, c.inkSeen, c.normalised.metrics, c.linesFound])));
  const images = Buffer.alloc(cells.length * 784);
  cells.forEach((c, k) => { for (let i = 0; i < 784; i++) images[k * 784 + i] = Math.round((c.normalised.image28[i] ?? 0) * 255); });
  const head = Buffer.alloc(4);
  head.writeUInt32LE(meta.length);
  return Buffer.concat([head, meta, images]);
}

function decodeLooked(bytes: Buffer): LookedCell[] {
  const metaLength = bytes.readUInt32LE(0);
  const meta = JSON.parse(bytes.subarray(4, 4 + metaLength).toString('utf8')) as [number, number, CellEval['condition'], boolean, DigitCellMetrics, number][];
  const images = bytes.subarray(4 + metaLength);
  return meta.map(([label, sampleIndex, condition, inkSeen, metrics, linesFound], k) => {
    const image28 = new Float32Array(784);
    for (let i = 0; i < 784; i++) image28[i] = images[k * 784 + i]! / 255;
    return { label, sampleIndex, condition, inkSeen, linesFound, normalised: { image28, metrics } };
  });
}

async function readValidation(files: readonly string[], seed: number): Promise<{ cells: CellEval[]; temperatures: number[] }> {
  const looked = lookAtValidation(seed);
  console.log(`  ${looked.length} validation cells`);
  const classified = looked.map((l, k) => ({ ...l, k })).filter((l) => l.inkSeen && l.normalised.metrics.inkRatio >= DIGIT_BLANK_MAX_INK_RATIO);
  const logits: Float32Array[][] = [];
  for (const file of files) {
    const net = await loadDigitNet(file);
    const out: Float32Array[] = [];
    for (let i = 0; i < classified.length; i += 512) out.push(...await net.logits(classified.slice(i, i + 512).map((c) => c.normalised.image28)));
    logits.push(out);
  }
  const labels = classified.map((c) => c.label);
  const temperatures = logits.map((memberLogits) => fitTemperature(memberLogits, labels));
  const probabilities = new Map<number, Float32Array>();
  classified.forEach((c, i) => {
    const mean = new Float32Array(10);
    logits.forEach((memberLogits, m) => {
      const p = softmax(memberLogits[i]!, temperatures[m]!);
      for (let d = 0; d < 10; d++) mean[d] = mean[d]! + p[d]! / logits.length;
    });
    probabilities.set(c.k, mean);
  });
  const cells = looked.map((cell, k) => {
    const reading = decideDigitCell(cell.normalised, probabilities.get(k) ?? null, cell);
    return { label: cell.label, sampleIndex: cell.sampleIndex, value: reading.value, confidence: reading.confidence, condition: cell.condition };
  });
  return { cells, temperatures };
}

function fitTemperature(logits: readonly Float32Array[], labels: readonly number[]): number {
  let best = 1;
  let bestNll = Infinity;
  for (let t = 0.5; t <= 4.001; t += 0.05) {
    let nll = 0;
    logits.forEach((l, i) => (nll -= Math.log(Math.max(1e-12, softmax(l, t)[labels[i]!] ?? 0))));
    if (nll < bestNll) { bestNll = nll; best = Math.round(t * 100) / 100; }
  }
  return best;
}

/** Error among accepted cells with each validation digit one trial (its renders are not independent evidence). */
function digitLevelUpper(cells: readonly CellEval[], threshold: number): number {
  const byDigit = new Map<number, { accepted: number; wrong: number }>();
  for (const c of cells) {
    if (c.value === null || c.confidence < threshold) continue;
    const d = byDigit.get(c.sampleIndex) ?? { accepted: 0, wrong: 0 };
    d.accepted++;
    if (c.value !== String(c.label)) d.wrong++;
    byDigit.set(c.sampleIndex, d);
  }
  let errors = 0;
  for (const d of byDigit.values()) errors += d.wrong / d.accepted;
  return wilsonUpper(errors, byDigit.size);
}

function tuneCellThreshold(cells: readonly CellEval[]): number {
  const groups = CONDITIONS.map((condition) => cells.filter((c) => c.condition === condition));
  return CANDIDATES.find((t) => digitLevelUpper(cells, t) <= CELL_BUDGET && groups.every((g) => digitLevelUpper(g, t) <= CELL_BUDGET)) ?? 1.01;
}

// ── Fields as people write them ──────────────────────────────────────────────────────────────────────────────

/** The written cells of a field: a digit string with ' ' for a cell left blank. */
type Written = string;
const SPECS: Record<Exclude<DigitsPreset, 'plain'> | 'plain', { spec: DigitsSpec; write: (rng: Rng) => Written }> = {
  date: { spec: { preset: 'date', count: 6 }, write: (rng) => dateCells(rng, 2026, 2026, 6) },
  dob: { spec: { preset: 'dob', count: 8 }, write: (rng) => dateCells(rng, 1930, 2026, 8) },
  time: { spec: { preset: 'time', count: 4 }, write: (rng) => `${pad(rng.int(24), 2)}${pad(rng.int(60), 2)}` },
  postcode: { spec: { preset: 'postcode', count: 4 }, write: (rng) => String(1000 + rng.int(9000)) },
  phone: { spec: { preset: 'phone', count: 10 }, write: (rng) => `06${Array.from({ length: 8 }, () => rng.int(10)).join('')}` },
  count: { spec: { preset: 'count', count: 2 }, write: (rng) => countCells(1 + Math.floor(Math.pow(rng.next(), 2.2) * 30), 2, rng) },
  plain: { spec: { preset: 'plain', count: 6 }, write: (rng) => Array.from({ length: 6 }, () => rng.int(10)).join('') },
};

function pad(value: number, count: number): string {
  return String(value).padStart(count, '0');
}

function dateCells(rng: Rng, fromYear: number, toYear: number, count: 6 | 8): Written {
  const year = fromYear + rng.int(toYear - fromYear + 1);
  const month = 1 + rng.int(12);
  const day = 1 + rng.int(28);
  return `${pad(day, 2)}${pad(month, 2)}${count === 8 ? pad(year, 4) : pad(year % 100, 2)}`;
}

/** A count in full ("03") or right-aligned after blank cells (" 3"), as fill-values.ts writeCount draws them. */
function countCells(value: number, count: number, rng: Rng): Written {
  return value === 0 || rng.next() < 0.55 ? pad(value, count) : String(value).padStart(count, ' ');
}

/** Cells of one condition by label, each handed out once (a preset's fields never share a written cell). */
class CellPool {
  private readonly byLabel: CellEval[][];
  constructor(cells: readonly CellEval[], rng: Rng) {
    this.byLabel = Array.from({ length: 10 }, (_, label) => shuffle(cells.filter((c) => c.label === label), rng));
  }
  take(label: number): CellEval | undefined {
    return this.byLabel[label]!.pop();
  }
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

interface FieldEval { readonly condition: string; readonly read: string; readonly valid: boolean; readonly minConfidence: number; readonly wrong: boolean }

/** Reads a written field from pooled cells; undefined when the pool has run out of a needed digit. */
function readField(written: Written, spec: DigitsSpec, take: (label: number) => CellEval | undefined, condition: string): FieldEval | undefined {
  let read = '';
  let minConfidence = 1;
  for (const char of written) {
    if (char === ' ') { read += ' '; continue; }
    const cell = take(Number(char));
    if (!cell) return undefined;
    read += cell.value ?? ' ';
    minConfidence = Math.min(minConfidence, cell.confidence);
  }
  return { condition, read, valid: validateDigits(read, spec) === null, minConfidence, wrong: read !== written };
}

function presetFields(cells: readonly CellEval[], preset: keyof typeof SPECS, seed: number): FieldEval[] {
  const rng = createRng(deriveSeed(seed, 21, Object.keys(SPECS).indexOf(preset)));
  const out: FieldEval[] = [];
  for (const condition of CONDITIONS) {
    const pool = new CellPool(cells.filter((c) => c.condition === condition), rng);
    for (;;) {
      const field = readField(SPECS[preset].write(rng), SPECS[preset].spec, (label) => pool.take(label), condition);
      if (!field) break;
      out.push(field);
    }
  }
  return out;
}

/** Intake households: 12 band counts (4 ages × f/m/x) and the total, one writer per sheet. */
function householdFields(cells: readonly CellEval[], seed: number): FieldEval[] {
  const rng = createRng(deriveSeed(seed, 22));
  const spec: DigitsSpec = { preset: 'count', count: 2 };
  const out: FieldEval[] = [];
  for (const condition of CONDITIONS) {
    const pool = new CellPool(cells.filter((c) => c.condition === condition), rng);
    for (;;) {
      const size = 1 + Math.min(9, Math.floor(Math.pow(rng.next(), 1.6) * 7));
      const bands = new Array<number>(12).fill(0);
      for (let p = 0; p < size; p++) bands[rng.int(4) * 3 + (rng.next() < 0.01 ? 2 : rng.int(2))]! += 1;
      const writer = new Map<number, CellEval | undefined>();
      const take = (label: number): CellEval | undefined => {
        if (!writer.has(label)) writer.set(label, pool.take(label));
        return writer.get(label);
      };
      const fields = [...bands.filter((n) => n > 0).map((n) => countCells(n, 2, rng)), countCells(size, 2, rng)]
        .map((written) => readField(written, spec, take, condition));
      if (fields.some((f) => !f)) break;
      // The check as check-fields.ts runs it: bands add up to the total, with every value as read.
      const read = fields as FieldEval[];
      const sumHolds = read.every((f) => f.valid) && groupSumHolds(read);
      for (const f of read) out.push({ ...f, valid: sumHolds });
    }
  }
  return out;
}

/** The bands (all fields but the last) add up to the total, every value as read. */
function groupSumHolds(fields: readonly FieldEval[]): boolean {
  const value = (f: FieldEval): number => Number(f.read.trim() || '0');
  const terms = fields.slice(0, -1).reduce((n, f) => n + value(f), 0);
  return terms === value(fields[fields.length - 1]!);
}

/**
 * Lowest threshold whose accepted fields stay within FIELD_BUDGET wrong: the 95 % Wilson upper limit pooled over the
 * capture conditions, and the observed rate within each (a condition holds 700–3,000 fields of a preset, too few for
 * its own upper limit to reach 0.3 % even with no error at all).
 */
function tuneFieldThreshold(fields: readonly FieldEval[]): { threshold: number; accept: number; wrong: number; accepted: number } {
  const byCondition = CONDITIONS.map((condition) => fields.filter((f) => f.condition === condition));
  const counts = (group: readonly FieldEval[], t: number): { accepted: number; wrong: number } => {
    const accepted = group.filter((f) => f.valid && f.minConfidence >= t);
    return { accepted: accepted.length, wrong: accepted.filter((f) => f.wrong).length };
  };
  const threshold = CANDIDATES.find((t) => {
    const pooled = counts(fields, t);
    return wilsonUpper(pooled.wrong, pooled.accepted) <= FIELD_BUDGET &&
      byCondition.every((g) => { const c = counts(g, t); return c.wrong <= FIELD_BUDGET * c.accepted; });
  }) ?? 1.01;
  const accepted = fields.filter((f) => f.valid && f.minConfidence >= threshold);
  return { threshold, accept: accepted.length / Math.max(1, fields.length), wrong: accepted.filter((f) => f.wrong).length, accepted: accepted.length };
}

async function main(argv: readonly string[]): Promise<void> {
  const root = findPackageRoot();
  const files = argv.filter((a) => a.endsWith('.onnx')).map((f) => resolve(f));
  if (files.length === 0) throw new Error('usage: tune-digits.js MEMBER.onnx [MEMBER.onnx …]');
  const seed = DEFAULT_SEED;
  const { cells, temperatures } = await readValidation(files, seed);
  const written = cells.filter((c) => c.value !== null);
  const cellThreshold = tuneCellThreshold(cells);
  const accuracy = (group: readonly CellEval[]): number => group.filter((c) => c.value === String(c.label)).length / Math.max(1, group.length);
  console.log(`  temperatures ${temperatures.join(', ')}; validation accuracy ${(100 * accuracy(cells)).toFixed(2)} %` +
    CONDITIONS.map((cond) => ` ${cond} ${(100 * accuracy(cells.filter((c) => c.condition === cond))).toFixed(2)} %`).join(''));
  console.log(`  cell rule: DIGIT_ACCEPT_MIN_CONFIDENCE = ${cellThreshold}, accepts ${(100 * written.filter((c) => c.confidence >= cellThreshold).length / written.length).toFixed(1)} % of cells`);
  const tuning: Record<string, number | string> = { validationDigits: 5000, validationCells: cells.length, validationAccuracy: accuracy(cells), cellThreshold };
  const presets: Record<string, number> = {};
  for (const preset of Object.keys(SPECS) as (keyof typeof SPECS)[]) {
    const fields = presetFields(cells, preset, seed);
    const tuned = tuneFieldThreshold(fields);
    presets[preset] = tuned.threshold;
    Object.assign(tuning, { [`${preset}.threshold`]: tuned.threshold, [`${preset}.fields`]: fields.length, [`${preset}.accept`]: tuned.accept, [`${preset}.acceptedWrong`]: tuned.wrong });
    console.log(`  ${preset}: threshold ${tuned.threshold}, ${fields.length} fields, ${(100 * tuned.accept).toFixed(1)} % accepted, ${tuned.wrong} wrong of ${tuned.accepted}`);
  }
  const household = householdFields(cells, seed);
  const sum = tuneFieldThreshold(household);
  Object.assign(tuning, { 'sum.threshold': sum.threshold, 'sum.fields': household.length, 'sum.accept': sum.accept, 'sum.acceptedWrong': sum.wrong });
  console.log(`  counts in a sum that holds: threshold ${sum.threshold}, ${household.length} fields, ${(100 * sum.accept).toFixed(1)} % accepted, ${sum.wrong} wrong of ${sum.accepted}`);
  const manifest: DigitManifest = {
    format: 'paperlink-digit-ensemble', version: 2,
    members: files.map((file, m) => ({ file: relative(root, file), temperature: temperatures[m]! })),
    training: { trainer: 'scripts/train_digits.py', renderer: 'scripts/render-digit-cells.ts', trainingDigits: 60000, splitSeed: seed },
    tuning,
  };
  writeFileSync(join(root, MANIFEST_RELATIVE_PATH), `${JSON.stringify(manifest, null, 1)}\n`);
  console.log(`wrote ${MANIFEST_RELATIVE_PATH}; thresholds for src/scan/thresholds.ts:`);
  console.log(`  DIGIT_ACCEPT_MIN_CONFIDENCE = ${cellThreshold}`);
  console.log(`  DIGIT_FIELD_ACCEPT_MIN_CONFIDENCE = ${JSON.stringify(presets)}`);
  console.log(`  DIGIT_SUM_ACCEPT_MIN_CONFIDENCE = ${sum.threshold}`);
}

await main(process.argv.slice(2));
