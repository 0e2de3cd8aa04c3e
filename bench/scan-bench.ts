/**
 * Scan throughput bench: pages/s through ingestFiles (2 workers and 1) per input kind, against sharp's bare decode of
 * the same files in the same run (the ratio is what to compare across machines), and peak RSS.
 * Inputs are made here from real printed pages (print → mupdf raster → pen boxes → JPEG); the simulator's profiles
 * (identified %, checkbox errors vs truth.json, review rate) join once `simulate` is on main.
 */
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFile, execFileSync } from 'node:child_process';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import sharp, { type Sharp } from 'sharp';
import { median, type BenchFigures } from './measure.js';
import { layoutForm, parseForm, type FormLayout, type GrayImage } from '../src/model/index.js';
import { printSheets, sheetCodesFor } from '../src/print/index.js';
import { ingestFiles, openInput } from '../src/scan/index.js';
import { PROFILE_NAMES, type ProfileName } from '../src/simulate/index.js';
import { openWorkspace } from '../src/store/index.js';
import type { DecodeChildResult } from './decode-child.js';
import type { IngestChildResult } from './ingest-child.js';
import { compareWithTruth, recordCorpusPrint, simulateCorpus, type Corpus } from './scan-truth.js';
import { renderPages } from '../test/helpers/scan-inputs.js';

const SCAN_DPI = 300;
const SCAN_PAGES = 16;
const PHOTO_PAGES = 8;
/** 12 MP, 4:3, as a phone camera writes it. */
const PHOTO_WIDTH_PX = 4000;
const PHOTO_HEIGHT_PX = 3000;

function intakeLayout(root: string): { layout: FormLayout; definition: ReturnType<typeof parseDefinition> } {
  const definition = parseDefinition(JSON.parse(readFileSync(join(root, 'forms/intake/v1.json'), 'utf8')));
  return { layout: layoutForm(definition), definition };
}

function parseDefinition(json: unknown) {
  const parsed = parseForm(json);
  if (!parsed.ok) throw new Error('intake v1 does not parse');
  return parsed.definition;
}


/** Pen crosses in a few checkbox/choice boxes of each page (deterministic), so reading does real work. */
function markSomeBoxes(image: GrayImage, layout: FormLayout, pageNo: number, dpi: number, seed: number): void {
  const pxPerMm = dpi / 25.4;
  const fields = layout.fields.filter((field) => field.page === pageNo && (field.kind === 'checkbox' || field.kind === 'choice'));
  fields.forEach((field, fieldIndex) => {
    const box = field.boxes[(seed + fieldIndex) % field.boxes.length];
    if (!box || (seed + fieldIndex) % 3 === 0) return;
    for (let t = 0; t <= 1; t += 0.01) {
      for (const [u, v] of [[t, t], [t, 1 - t]] as const) {
        const x = Math.round((box.xMm + 0.15 * box.wMm + 0.7 * u * box.wMm) * pxPerMm);
        const y = Math.round((box.yMm + 0.15 * box.hMm + 0.7 * v * box.hMm) * pxPerMm);
        for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) image.data[(y + dy) * image.width + x + dx] = 30;
      }
    }
  });
}

function raw(image: GrayImage): Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } });
}

/** A phone-photo-like JPEG: the page turned a little on a grey desk, 12 MP, colour JPEG as cameras write. */
async function photoOf(image: GrayImage, angleDeg: number): Promise<Buffer> {
  const turned = await raw(image).rotate(angleDeg, { background: '#6b6b6b' }).png({ compressionLevel: 0 }).toBuffer();
  const fitted = await sharp(turned).resize({ width: Math.round(PHOTO_HEIGHT_PX * 0.72), height: Math.round(PHOTO_HEIGHT_PX * 0.95), fit: 'inside' }).toBuffer();
  return sharp({ create: { width: PHOTO_WIDTH_PX, height: PHOTO_HEIGHT_PX, channels: 3, background: '#6b6b6b' } })
    .composite([{ input: fitted, gravity: 'centre' }]).rotate(90).jpeg({ quality: 88 }).toBuffer();
}

async function bareDecodeSeconds(dir: string): Promise<number> {
  const names = readdirSync(dir).sort();
  // One untimed decode first: libvips start-up is not part of the per-page cost.
  await sharp(readFileSync(join(dir, names[0]!))).toColourspace('b-w').raw().toBuffer();
  const started = performance.now();
  for (const name of names) {
    await sharp(readFileSync(join(dir, name))).rotate().toColourspace('b-w').raw().toBuffer();
  }
  return (performance.now() - started) / 1000;
}

async function ingestSeconds(root: string, work: string, inputDir: string, workers: number, serials: number): Promise<{ seconds: number; accepted: number; review: number; other: number }> {
  const definition = intakeLayout(root).definition;
  const wsDir = join(work, `ws-${workers}-${Math.random().toString(36).slice(2)}`);
  const workspace = openWorkspace(wsDir);
  try {
    await printSheets(workspace, { definition, site: 'BENCH1', serialFrom: 1, serialTo: serials, outFile: join(wsDir, 'print.pdf') });
    const summary = await ingestFiles(workspace, [inputDir], { workers });
    return { seconds: summary.seconds, accepted: summary.outcomes.accepted, review: summary.outcomes['needs-review'],
      other: summary.pages - summary.outcomes.accepted - summary.outcomes['needs-review'] };
  } finally {
    workspace.close();
  }
}

export async function benchScan(root = process.cwd()): Promise<Record<string, number | string>> {
  const work = mkdtempSync(join(tmpdir(), 'paperlink-bench-scan-'));
  const result: Record<string, number | string> = {};
  try {
    const { layout } = intakeLayout(root);
    const serials = Math.ceil(SCAN_PAGES / layout.pageCount);
    const pages = await renderPages(layout, sheetCodesFor(layout, 'BENCH1', 1, serials), SCAN_DPI);
    const scans = join(work, 'scan-300');
    const photos = join(work, 'photo-12mp');
    mkdirSync(scans);
    mkdirSync(photos);
    for (const [index, page] of pages.entries()) {
      markSomeBoxes(page, layout, (index % layout.pageCount) + 1, SCAN_DPI, index);
      if (index < SCAN_PAGES) writeFileSync(join(scans, `scan-${String(index).padStart(3, '0')}.jpg`), await raw(page).jpeg({ quality: 85 }).toBuffer());
      if (index < PHOTO_PAGES) writeFileSync(join(photos, `photo-${String(index).padStart(3, '0')}.jpg`), await photoOf(page, index % 2 === 0 ? 2.5 : -4));
    }
    pages.length = 0;
    for (const [kind, dir, count] of [['scan-300', scans, SCAN_PAGES], ['photo-12mp', photos, PHOTO_PAGES]] as const) {
      const bare = await bareDecodeSeconds(dir);
      const two = await ingestSeconds(root, work, dir, 2, serials);
      const one = await ingestSeconds(root, work, dir, 1, serials);
      result[`${kind}.pages`] = count;
      result[`${kind}.bareDecodePagesPerSecond`] = round(count / bare);
      result[`${kind}.pagesPerSecond.2workers`] = round(count / two.seconds);
      result[`${kind}.pagesPerSecond.1worker`] = round(count / one.seconds);
      result[`${kind}.ratioToBareDecode.1worker`] = round(one.seconds / bare);
      result[`${kind}.ratioToBareDecode.2workers`] = round(two.seconds / bare);
      result[`${kind}.outcomes`] = `${two.accepted} accepted, ${two.review} needs-review, ${two.other} other`;
    }
    // Whole process: main thread, both workers and this bench's own rendered pages.
    result['peakRssMiB.process'] = round(process.resourceUsage().maxRSS / 1024);
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

// ── Accuracy on simulator output ──────────────────────────────────────────────────────────────────────────────

/** Seed of the bench corpus: never used to tune thresholds (TUNING_SEED) nor by tests (test/e2e uses others). */
export const BENCH_SEED = 7_301;
/** Seed of the corpus thresholds are tuned on (`node dist/bench/run-scan-accuracy.js --seed 4242`). */
export const TUNING_SEED = 4_242;
/** Forms the corpus cycles through: the two with the most checkbox and choice fields, and a one-page form. */
const ACCURACY_FORMS = ['intake', 'site-situation', 'supply-distribution'] as const;
/** Sheets per form and profile: scans are cheap to simulate (~0.5 s/page), 12 MP phone photos ~1.5 s/page. */
const SHEETS_PER_FORM: Readonly<Record<ProfileName, number>> = {
  'scan-300': 12, 'scan-200-bw': 8, 'fax-200': 8, 'phone-good': 6, 'phone-poor': 10, 'upside-down': 4,
};
const CACHE_DIR = '.bench-out/scan';

export function loadForm(root: string, id: string) {
  return parseDefinition(JSON.parse(readFileSync(join(root, 'forms', id, 'v1.json'), 'utf8')));
}

/** The cached corpus of one profile (made on first use under .bench-out/, keyed by seed, profile, form and count). */
export async function profileCorpora(root: string, profile: ProfileName, seed: number, count: number): Promise<Corpus[]> {
  const corpora: Corpus[] = [];
  for (const [index, form] of ACCURACY_FORMS.entries()) {
    const dir = join(root, CACHE_DIR, `s${seed}-${profile}-${form}-n${count}`);
    corpora.push(await simulateCorpus({ definition: loadForm(root, form), profile, seed: seed + index, count, site: 'BEN01', serialFrom: 1 }, dir));
  }
  return corpora;
}

export interface AccuracyOptions {
  readonly profiles?: readonly string[];
  readonly seed?: number;
  /** Sheets per form (default per profile: SHEETS_PER_FORM). */
  readonly count?: number;
  readonly verbose?: boolean;
  /** Write every box's measures and pen style to .scratch/boxes-PROFILE-sSEED.json (tuning). */
  readonly dumpBoxes?: boolean;
}

/** Per profile: identified %, registered %, checkbox errors among accepted values, review rate (vs truth.json). */
export async function benchScanAccuracy(root = process.cwd(), options: AccuracyOptions = {}): Promise<BenchFigures> {
  const seed = options.seed ?? BENCH_SEED;
  const result: BenchFigures = { seed };
  const work = mkdtempSync(join(tmpdir(), 'paperlink-bench-acc-'));
  try {
    for (const profile of PROFILE_NAMES) {
      if (options.profiles && !options.profiles.includes(profile)) continue;
      const corpora = await profileCorpora(root, profile, seed, options.count ?? SHEETS_PER_FORM[profile]);
      const workspace = openWorkspace(join(work, profile));
      try {
        for (const corpus of corpora) recordCorpusPrint(workspace, corpus);
        await ingestFiles(workspace, corpora.map((corpus) => corpus.dir), { workers: 0 });
        const accuracy = compareWithTruth(workspace, corpora);
        const pct = (part: number, whole: number): number => round((100 * part) / Math.max(1, whole));
        result[`${profile}.images`] = accuracy.images;
        result[`${profile}.identified%`] = pct(accuracy.identified, accuracy.images);
        result[`${profile}.misread`] = accuracy.misread;
        result[`${profile}.registered%`] = pct(accuracy.registered, accuracy.images);
        result[`${profile}.qrDecoders`] = Object.entries(accuracy.qrDecoders).sort(([, a], [, b]) => b - a)
          .map(([decoder, count]) => `${decoder} ${count}`).join(', ');
        result[`${profile}.markErrorMaxMm`] = round(accuracy.markErrorMaxMm);
        result[`${profile}.checkbox.fields`] = accuracy.fields.total;
        result[`${profile}.checkbox.fieldReview%`] = pct(accuracy.fields.review, accuracy.fields.total);
        result[`${profile}.checkbox.reviewReasons`] = Object.entries(accuracy.reviewReasons).sort(([, a], [, b]) => b - a)
          .map(([reason, count]) => `${reason} ${count}`).join(', ') || 'none';
        result[`${profile}.checkbox.fieldErrors/accepted`] = `${accuracy.fields.errors}/${accuracy.fields.accepted}`;
        result[`${profile}.checkbox.boxErrors/accepted`] = `${accuracy.boxes.errors}/${accuracy.boxes.accepted}`;
        result[`${profile}.checkbox.boxErrorRate%`] = Math.round(1e4 * (100 * accuracy.boxes.errors) / Math.max(1, accuracy.boxes.accepted)) / 1e4;
        if (options.verbose) for (const problem of accuracy.problems) console.log(`  ${problem}`);
        if (options.dumpBoxes) {
          const { writeFileSync: write } = await import('node:fs');
          write(join(root, '.scratch', `boxes-${profile}-s${seed}.json`), JSON.stringify(accuracy.boxSamples));
        }
      } finally {
        workspace.close();
      }
    }
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Throughput on the simulator corpora: ingest with 1 and 2 workers against sharp's bare decode of the same files in
 * the same run. Each ingest runs in a process of its own (bench/ingest-child.ts), so its peak RSS is that run's alone:
 * memory per worker = peak RSS with 2 workers − peak RSS with 1 (what one more worker adds), alongside the memory each
 * worker thread held itself (heap + buffers, sampled per page). Busy shares say where time went idle.
 */
/** Runs of each kind (plain, encrypted workspace) for the encryption ratio. */
const ENCRYPTION_ROUNDS = 3;

export async function benchScanThroughput(root = process.cwd(), profiles: readonly ProfileName[] = ['scan-300', 'phone-good'], count?: number): Promise<BenchFigures> {
  const result: BenchFigures = { loadAverage1min: round(loadavg()[0] ?? 0), cores: availableParallelism() };
  for (const profile of profiles) {
    const sheets = count ?? SHEETS_PER_FORM[profile];
    const corpora = await profileCorpora(root, profile, BENCH_SEED, sheets);
    const files = corpora.flatMap((corpus) => readdirSync(corpus.dir).filter((name) => /\.(jpg|png)$/.test(name)).map((name) => join(corpus.dir, name)));
    await sharp(readFileSync(files[0]!)).toColourspace('b-w').raw().toBuffer();
    const started = performance.now();
    for (const file of files) await sharp(readFileSync(file)).rotate().toColourspace('b-w').raw().toBuffer();
    const bare = (performance.now() - started) / 1000;
    result[`${profile}.pages`] = files.length;
    result[`${profile}.bareDecodePagesPerSecond`] = round(files.length / bare);
    // Issue #19's yardstick: the same files decoded whole in two processes at once (each half of them).
    const bareTwo = await decodeInTwoProcesses(files);
    result[`${profile}.bareDecodePagesPerSecond.2processes`] = round(files.length / bareTwo);
    const peakRss: Record<number, number> = {};
    for (const workers of [1, 2]) {
      const run = ingestInChild(root, profile, workers, sheets);
      const key = `${workers}worker${workers > 1 ? 's' : ''}`;
      result[`${profile}.pagesPerSecond.${key}`] = round(run.pages / run.seconds);
      result[`${profile}.ratioToBareDecode.${key}`] = round(run.seconds / bare);
      if (workers === 2) result[`${profile}.ratioToTwoProcessDecode.2workers`] = round(run.seconds / bareTwo);
      result[`${profile}.busy.${key}`] = `main ${pct(run.busy.main)}, workers ${run.busy.workers.map(pct).join(' / ')}`;
      result[`${profile}.peakRssMiB.${key}`] = run.peakRssMiB;
      result[`${profile}.workerThreadPeakMiB.${key}`] = run.workerPeakMiB.join(' / ');
      result[`${profile}.outcomes.${key}`] = run.outcomes;
      // Where a page's time goes, from the run with one worker (no second worker contending for the cores).
      if (workers === 1) for (const [stage, value] of Object.entries(run.stages)) result[`${profile}.stage.${stage}`] = value;
      peakRss[workers] = run.peakRssMiB;
    }
    result[`${profile}.peakRssMiB.perWorker(2−1)`] = (peakRss[2] ?? 0) - (peakRss[1] ?? 0);
    if (profile === 'scan-300') {
      // Encrypted at rest vs plain: the same batch with 2 workers, the two kinds alternating so that machine load
      // falls on both; median of ENCRYPTION_ROUNDS each.
      const seconds: Record<'plain' | 'encrypted', number[]> = { plain: [], encrypted: [] };
      for (let round = 0; round < ENCRYPTION_ROUNDS; round++) {
        seconds.plain.push(ingestInChild(root, profile, 2, sheets).seconds);
        seconds.encrypted.push(ingestInChild(root, profile, 2, sheets, undefined, true).seconds);
      }
      result[`${profile}.encrypted.pagesPerSecond.2workers`] = round(files.length / median(seconds.encrypted));
      result[`${profile}.encrypted.vsPlain.2workers`] = round(median(seconds.encrypted) / median(seconds.plain));
    }
    if (profile === 'scan-300') {
      // The same pages as one scanner PDF (a JPEG per page): MuPDF renders them, and the parts of one file spread over workers.
      const work = mkdtempSync(join(tmpdir(), 'paperlink-bench-pdf-'));
      try {
        mkdirSync(join(work, 'in'));
        const pdf = await jpegsToPdf(files);
        writeFileSync(join(work, 'in', 'batch.pdf'), pdf);
        // The page decode alone, both ways on the same PDF in this process: CPU time is robust to a loaded machine.
        const rendered = await loadPageCost(pdf, false);
        const passed = await loadPageCost(pdf, true);
        result[`${profile}-as-one-pdf.loadPageCpuMs.render`] = round(rendered.cpuMs);
        result[`${profile}-as-one-pdf.loadPageCpuMs.embeddedJpeg`] = round(passed.cpuMs);
        result[`${profile}-as-one-pdf.loadPageWallMs.render`] = round(rendered.wallMs);
        result[`${profile}-as-one-pdf.loadPageWallMs.embeddedJpeg`] = round(passed.wallMs);
        result[`${profile}-as-one-pdf.embeddedJpegPages`] = `${passed.embedded}/${passed.pages}`;
        for (const workers of [1, 2]) {
          const run = ingestInChild(root, profile, workers, sheets, join(work, 'in'));
          const key = `${workers}worker${workers > 1 ? 's' : ''}`;
          result[`${profile}-as-one-pdf.pagesPerSecond.${key}`] = round(run.pages / run.seconds);
          result[`${profile}-as-one-pdf.busy.${key}`] = `main ${pct(run.busy.main)}, workers ${run.busy.workers.map(pct).join(' / ')}`;
          result[`${profile}-as-one-pdf.outcomes.${key}`] = run.outcomes;
        }
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    }
  }
  return result;
}

/** Per page of a PDF: CPU (all threads of this process: libvips decodes on its own) and wall milliseconds of loadPage,
 * with or without the embedded-JPEG path, and how many pages took it. */
async function loadPageCost(pdf: Buffer, jpegPassThrough: boolean): Promise<{ cpuMs: number; wallMs: number; pages: number; embedded: number }> {
  const opened = await openInput(pdf, 'batch.pdf', { pdfJpegPassThrough: jpegPassThrough });
  if (!opened.ok) throw new Error(opened.message);
  await opened.loadPage(0); // untimed: start-up of MuPDF and libvips is not a per-page cost
  let embedded = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let index = 0; index < opened.pageCount; index++) {
    if ((await opened.loadPage(index)).source === 'pdf-embedded-jpeg') embedded++;
  }
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000 / opened.pageCount, wallMs: wallMs / opened.pageCount, pages: opened.pageCount, embedded };
}

/** A scanner-style PDF: each JPEG placed whole on an A4 page. */
async function jpegsToPdf(files: readonly string[]): Promise<Buffer> {
  const doc = new PDFDocument({ autoFirstPage: false, margin: 0 });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolveDone) => doc.on('end', () => resolveDone()));
  for (const file of files) {
    doc.addPage({ size: 'A4', margin: 0 });
    doc.image(readFileSync(file), 0, 0, { width: doc.page.width, height: doc.page.height });
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

function ingestInChild(root: string, profile: ProfileName, workers: number, sheets: number, inputDir?: string, encrypted = false): IngestChildResult {
  const child = join(dirname(fileURLToPath(import.meta.url)), 'ingest-child.js');
  const out = execFileSync(process.execPath, [child, profile, String(workers), String(sheets), ...(inputDir ? [inputDir] : [])],
    { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, PAPERLINK_BENCH_ENCRYPTED: encrypted ? '1' : '0' } });
  return JSON.parse(out.trim().split('\n').pop()!) as IngestChildResult;
}

/**
 * Seconds for two processes to decode `files` whole at once (alternate files each): from the earlier child's first timed
 * decode to the later one's last, so both children's start-up (node, sharp) stays out of it as it does for one process.
 */
async function decodeInTwoProcesses(files: readonly string[]): Promise<number> {
  const child = join(dirname(fileURLToPath(import.meta.url)), 'decode-child.js');
  const dir = mkdtempSync(join(tmpdir(), 'paperlink-bench-decode-'));
  try {
    const runs = [0, 1].map((half) => {
      const list = join(dir, `list-${half}.txt`);
      writeFileSync(list, files.filter((_, index) => index % 2 === half).join('\n'));
      return new Promise<DecodeChildResult>((resolveRun, rejectRun) => {
        execFile(process.execPath, [child, list], { encoding: 'utf8' }, (error, stdout) => {
          if (error) rejectRun(error);
          else resolveRun(JSON.parse(stdout.trim().split('\n').pop()!) as DecodeChildResult);
        });
      });
    });
    const [a, b] = await Promise.all(runs);
    return (Math.max(a!.endedAtMs, b!.endedAtMs) - Math.min(a!.startedAtMs, b!.startedAtMs)) / 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function pct(share: number): string {
  return `${Math.round(share * 100)} %`;
}
