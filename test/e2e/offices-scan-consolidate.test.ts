/**
 * Issue #18 end to end on scanned paper: three offices each print and scan their own site's sheets through the real
 * pipeline, export signed bundles, and a SQLite workspace and a database on a real PostgreSQL server import them.
 * Both consolidated reports equal the report of one workspace that printed and scanned every page itself, and
 * importing every bundle again changes nothing.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle, importBundles } from '../../src/bundle/index.js';
import { aggregateReport, type SignalReport } from '../../src/report/index.js';
import { loadReportData } from '../../src/report/build-report.js';
import { ingestFiles } from '../../src/scan/index.js';
import { openWorkspace, type Workspace } from '../../src/store/index.js';
import { codesOf, fillBoxes, layoutOf, printedWorkspace, renderPages, tempDir, toJpeg, writeInputs } from '../helpers/scan-inputs.js';
import { dumpWorkspace } from '../helpers/workspace-dump.js';
import { startPostgres, type PostgresServer } from '../helpers/postgres-server.js';

const SITES = ['AMS01', 'UTR02', 'RTM03'];
const started = startPostgres();
const server: PostgresServer | null = 'reason' in started ? null : started;
let root: string;
let single: Workspace;
let bundles: { file: string; fingerprint: string }[];
const opened: Workspace[] = [];

function reportOf(workspace: Workspace): SignalReport {
  return aggregateReport(loadReportData(workspace), { block: '6h', lang: 'en', suppress: false, restricted: true, generatedAt: '2026-03-15T00:00:00.000Z' });
}

async function printed(site: string, workspace: string): Promise<Workspace> {
  const made = (await printedWorkspace(tempDir('paperlink-offices-print-'), { site, from: 1, to: 3, workspace })).workspace;
  opened.push(made);
  return made;
}

beforeAll(async () => {
  root = tempDir('paperlink-offices-');
  const layout = layoutOf('intake');
  // Sheets 1 and 2 of each site scanned (sheet 3 printed, never scanned: the report counts it missing).
  for (const [siteIndex, site] of SITES.entries()) {
    const pages = await renderPages(layout, codesOf(layout, site, 1, 2));
    const files: Record<string, Buffer> = {};
    for (const [index, page] of pages.entries()) {
      const pageNo = (index % 2) + 1;
      const marks = pageNo === 1 ? { visit: [index === 0 ? 'first' : 'returning'], vuln: siteIndex === 1 ? ['pregnant'] : [] } : {};
      files[`${site}-${index}.jpg`] = await toJpeg(fillBoxes(page, layout, pageNo, marks));
    }
    writeInputs(join(root, site), files);
  }
  single = await printed(SITES[0]!, join(root, 'single'));
  for (const site of SITES.slice(1)) (await printed(site, join(root, 'single'))).close();
  await ingestFiles(single, SITES.map((site) => join(root, site)), { workers: 0 });
  bundles = [];
  for (const site of SITES) {
    const office = await printed(site, join(root, `office-${site}`));
    await ingestFiles(office, [join(root, site)], { workers: 0 });
    bundles.push(exportBundle(office, { out: join(root, `${site}.plb`), withImages: true }));
  }
}, 240_000);

afterAll(() => {
  for (const workspace of opened) workspace.close();
  server?.stop();
});

const STORES = [
  { name: 'a SQLite workspace', open: (): string => join(root, 'merged'), skip: null },
  { name: 'a PostgreSQL server', open: (): string => server!.createDatabase('offices'), skip: 'reason' in started ? started.reason : null },
];

describe.each(STORES)('three offices that scanned their own paper, consolidated into $name', ({ open, skip }) => {
  it.skipIf(skip !== null)(`gives the report of one workspace that scanned every page, and nothing changes on a second import${skip ? ` (skipped: ${skip})` : ''}`, () => {
    const merged = openWorkspace(open());
    opened.push(merged);
    const expected = reportOf(single);
    expect(Number(expected.headline.households.shown)).toBeGreaterThan(0);
    const results = importBundles(merged, bundles.map((bundle) => bundle.file), { trust: bundles.map((bundle) => bundle.fingerprint) });
    expect(results.map((result) => [result.state, result.conflicts])).toEqual(SITES.map(() => ['imported', 0]));
    expect(reportOf(merged)).toEqual(expected);
    expect(dumpWorkspace(merged)).toEqual(dumpWorkspace(single));
    const again = importBundles(merged, bundles.map((bundle) => bundle.file));
    expect(again.map((result) => result.state)).toEqual(SITES.map(() => 'already-imported'));
    expect(reportOf(merged)).toEqual(expected);
    expect(dumpWorkspace(merged)).toEqual(dumpWorkspace(single));
  });
});
