/**
 * One ingest run in a process of its own, for the throughput bench: peak RSS then belongs to this run alone (main thread
 * + its workers), so runs with 1 and 2 workers can be compared. Prints one JSON line. Reads the cached bench corpora only.
 * Run: node dist/bench/ingest-child.js PROFILE WORKERS COUNT [INPUT_DIR] (INPUT_DIR: other files of the same sheets,
 * e.g. the corpus as one scanner PDF; default: the corpus folders). PAPERLINK_BENCH_ENCRYPTED=1 ingests into an
 * encrypted workspace.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFiles } from '../src/scan/index.js';
import { PROFILE_NAMES, type ProfileName } from '../src/simulate/index.js';
import { listCapturesOfSheet, listSheets, openWorkspace } from '../src/store/index.js';
import { median } from './measure.js';
import { BENCH_SEED, profileCorpora } from './scan-bench.js';
import { recordCorpusPrint } from './scan-truth.js';

export interface IngestChildResult {
  readonly pages: number;
  readonly seconds: number;
  readonly peakRssMiB: number;
  readonly busy: { readonly main: number; readonly workers: readonly number[] };
  readonly workerPeakMiB: readonly number[];
  readonly outcomes: string;
  /** Per stage of reading a page (readPage's metrics), the median ms over the run's read pages; and how pages were read:
   * share decoded at half size, share decoded whole again, digit fields read again from whole pixels per page. */
  readonly stages: Record<string, number>;
}

/** readPage's stages (digitsMs includes digitRegionDecodeMs, the whole-pixel band decoded for unsure digit fields),
 * then the worker's own: loadMs decoding the page, encodeMs the crops and page JPEG. */
const STAGES = ['shrinkMs', 'qrMs', 'registerMs', 'checkboxMs', 'choiceMs', 'textMs', 'digitsMs', 'digitRegionDecodeMs', 'signatureMs', 'pageImageMs', 'totalMs',
  'loadMs', 'encodeMs'] as const;

function stageFigures(workspace: ReturnType<typeof openWorkspace>): Record<string, number> {
  const metrics = listSheets(workspace).flatMap((sheet) => listCapturesOfSheet(workspace, sheet.id)).map((capture) => capture.metrics);
  const out: Record<string, number> = {};
  for (const stage of STAGES) {
    const values = metrics.map((m) => m[stage]).filter((value): value is number => typeof value === 'number');
    if (values.length > 0) out[stage] = Math.round(median(values) * 10) / 10;
  }
  const share = (test: (m: (typeof metrics)[number]) => boolean): number => Math.round((100 * metrics.filter(test).length) / Math.max(1, metrics.length)) / 100;
  out['halfSizeShare'] = share((m) => m['shrunkOnLoad'] === 2);
  out['wholeAgainShare'] = share((m) => m['halfSizeRetry'] === true);
  out['digitFieldsReadWholePerPage'] = Math.round(100 * metrics.reduce((sum, m) => sum + Number(m['digitFieldsReadWhole'] ?? 0), 0) / Math.max(1, metrics.length)) / 100;
  return out;
}

const [profile, workersArg, countArg, inputDir] = process.argv.slice(2);
if (!profile || !(PROFILE_NAMES as readonly string[]).includes(profile) || !workersArg || !countArg) {
  console.error('usage: node dist/bench/ingest-child.js PROFILE WORKERS COUNT [INPUT_DIR]');
  process.exit(2);
}
const corpora = await profileCorpora(process.cwd(), profile as ProfileName, BENCH_SEED, Number(countArg));
const work = mkdtempSync(join(tmpdir(), 'paperlink-bench-child-'));
// PAPERLINK_BENCH_ENCRYPTED=1: the same run into a workspace encrypted at rest (the bench's own throwaway passphrase).
const encrypted = process.env['PAPERLINK_BENCH_ENCRYPTED'] === '1';
const workspace = openWorkspace(join(work, 'ws'), encrypted ? { encrypt: true, passphrase: 'bench passphrase, thrown away' } : {});
try {
  for (const corpus of corpora) recordCorpusPrint(workspace, corpus);
  const summary = await ingestFiles(workspace, inputDir ? [inputDir] : corpora.map((corpus) => corpus.dir), { workers: Number(workersArg) });
  const result: IngestChildResult = {
    pages: summary.pages, seconds: summary.seconds, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    busy: summary.busy, workerPeakMiB: summary.workerPeakMiB,
    outcomes: `${summary.outcomes.accepted} accepted, ${summary.outcomes['needs-review']} needs-review, ${summary.pages - summary.outcomes.accepted - summary.outcomes['needs-review']} other`,
    stages: stageFigures(workspace),
  };
  console.log(JSON.stringify(result));
} finally {
  workspace.close();
  rmSync(work, { recursive: true, force: true });
}
