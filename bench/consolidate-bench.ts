/**
 * Bench `consolidate` (issue #18): N office workspaces of 2,000 intake sheets each → one signed bundle per office →
 * all imported into one workspace; then the signal report (read + aggregate, what `paperlink report` computes before
 * rendering files) over the merged sheets, as a ratio to the same report over one SQLite workspace that holds the
 * same sheets itself, measured in the same run. The same bundles are imported into a database on a throwaway
 * PostgreSQL server too (test/helpers/postgres-server.ts), and the report over it measured against the same single
 * SQLite workspace. N = 50 by default (100,000 sheets); `--count=5` for a quick run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportBundle, importBundles } from '../src/bundle/index.js';
import { aggregateReport } from '../src/report/index.js';
import { loadReportData } from '../src/report/build-report.js';
import { openWorkspace, type Workspace } from '../src/store/index.js';
import { makeWorkspace, type SheetSpec } from '../test/helpers/make-workspace.js';
import { startPostgres } from '../test/helpers/postgres-server.js';
import { medianMs, type BenchFigures } from './measure.js';

const SHEETS_PER_OFFICE = 2_000;
const NEEDS = ['info', 'water', 'food', 'warmth', 'shelter', 'medical', 'medication', 'family', 'pss', 'charging', 'transport', 'hygiene', 'baby', 'other'];

function countArgument(): number {
  const given = process.argv.find((arg) => arg.startsWith('--count='));
  const count = given ? Number(given.slice('--count='.length)) : 50;
  if (!Number.isInteger(count) || count < 1) throw new Error(`--count must be a whole number of offices ≥ 1 (got ${given})`);
  return count;
}

/** Two sites per office, serials 1–1,000 at each: offices never share a sheet (each scans its own paper). */
function sitesOf(office: number): string[] {
  return [`O${String(office).padStart(3, '0')}A`, `O${String(office).padStart(3, '0')}B`];
}

function* officeSheets(office: number): Generator<SheetSpec> {
  let seed = 12345 + office;
  const random = (): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
  const sites = sitesOf(office);
  for (let i = 0; i < SHEETS_PER_OFFICE; i++) {
    const day = 14 + Math.floor(random() * 3);
    yield {
      form: 'intake', site: sites[i % 2]!, serial: 1 + Math.floor(i / 2), scannedAt: `2026-03-${day}T12:00:00.000Z`,
      fields: {
        date: `${day}0326`, time: `${String(Math.floor(random() * 24)).padStart(2, '0')}${String(Math.floor(random() * 60)).padStart(2, '0')}`,
        hh_card: String(100000 + i), 'n.18_64.f': String(1 + Math.floor(random() * 2)).padStart(2, '0'), 'n.0_4.m': random() < 0.2 ? '01' : null,
        needs: random() < 0.01 ? { value: ['water'], status: 'needs-review' } : NEEDS.filter(() => random() < 0.2),
        need_top: NEEDS[Math.floor(random() * NEEDS.length)]!, urgency: random() < 0.05 ? 'now' : random() < 0.4 ? 'h24' : 'can_wait',
        vuln: random() < 0.1 ? ['elderly_alone'] : [], meds: random() < 0.08 ? ['short'] : [], provided: ['info'],
      },
    };
  }
}

function fillOffice(tw: ReturnType<typeof makeWorkspace>, office: number): void {
  for (const site of sitesOf(office)) tw.issue('intake', site, 1, SHEETS_PER_OFFICE / 2 + 50);
  tw.addSheets(officeSheets(office));
}

function report(workspace: Workspace): ReturnType<typeof aggregateReport> {
  return aggregateReport(loadReportData(workspace), { block: '6h', lang: 'nl', suppress: true, restricted: false, generatedAt: '2026-03-17T00:00:00.000Z' });
}

export async function benchConsolidate(): Promise<BenchFigures> {
  const count = countArgument();
  const dir = mkdtempSync(join(tmpdir(), 'paperlink-bench-consolidate-'));
  try {
    const files: string[] = [];
    const fingerprints: string[] = [];
    let exportMs = 0;
    const single = makeWorkspace({ dir: join(dir, 'single') });
    for (let office = 1; office <= count; office++) {
      const tw = makeWorkspace({ dir: join(dir, `office-${office}`) });
      fillOffice(tw, office);
      fillOffice(single, office);
      const start = performance.now();
      const bundle = exportBundle(tw.workspace, { out: join(dir, `office-${office}.plb`) });
      exportMs += performance.now() - start;
      files.push(bundle.file);
      fingerprints.push(bundle.fingerprint);
      tw.workspace.close();
    }
    const merged = openWorkspace(join(dir, 'merged'));
    const importStart = performance.now();
    importBundles(merged, files, { trust: fingerprints });
    const importMs = performance.now() - importStart;
    const againStart = performance.now();
    const again = importBundles(merged, files);
    const againMs = performance.now() - againStart;
    const sheets = (merged.db.prepare('SELECT COUNT(*) AS n FROM sheets').get() as { n: number }).n;
    const equal = JSON.stringify(report(merged)) === JSON.stringify(report(single.workspace));
    const singleMs = await medianMs(3, () => report(single.workspace));
    const mergedMs = await medianMs(3, () => report(merged));
    merged.close();
    const postgres = await importIntoPostgres(files, fingerprints, JSON.stringify(report(single.workspace)), singleMs);
    single.workspace.close();
    return {
      offices: count, sheetsPerOffice: SHEETS_PER_OFFICE, mergedSheets: sheets, exportMsPerBundle: Math.round(exportMs / count),
      importAllMs: Math.round(importMs), importMsPerBundle: Math.round(importMs / count), importAgainMs: Math.round(againMs),
      importAgainChanged: again.filter((r) => r.state !== 'already-imported').length,
      reportSingleSqliteMs: Math.round(singleMs), reportMergedSqliteMs: Math.round(mergedMs), reportRatioMergedToSingle: mergedMs / singleMs,
      reportsEqual: equal ? 'yes' : 'NO',
      ...postgres,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same bundles into a database on a real PostgreSQL server: import, import again, and the report over it. */
async function importIntoPostgres(files: readonly string[], fingerprints: readonly string[], singleReport: string, singleMs: number): Promise<BenchFigures> {
  const server = startPostgres();
  if ('reason' in server) return { postgres: `skipped: ${server.reason}` };
  try {
    const store = openWorkspace(server.createDatabase('consolidate'));
    try {
      const importStart = performance.now();
      importBundles(store, files, { trust: [...fingerprints] });
      const importMs = performance.now() - importStart;
      const againStart = performance.now();
      const again = importBundles(store, files);
      const againMs = performance.now() - againStart;
      const equal = JSON.stringify(report(store)) === singleReport;
      const reportMs = await medianMs(3, () => report(store));
      return {
        postgresImportAllMs: Math.round(importMs), postgresImportMsPerBundle: Math.round(importMs / files.length), postgresImportAgainMs: Math.round(againMs),
        postgresImportAgainChanged: again.filter((r) => r.state !== 'already-imported').length,
        reportMergedPostgresMs: Math.round(reportMs), reportRatioPostgresToSingleSqlite: reportMs / singleMs,
        postgresReportEqual: equal ? 'yes' : 'NO',
      };
    } finally {
      store.close();
    }
  } finally {
    server.stop();
  }
}
