/**
 * Issue #18 end to end: three offices → signed bundles → one consolidated store, a SQLite workspace and a database on a
 * real PostgreSQL server alike, whose signal report equals the report of one workspace that scanned every page
 * itself; every bundle imported twice changes nothing; a bundle with one byte changed, or cut off, is refused and
 * changes nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportBundle, importBundles } from '../../src/bundle/index.js';
import { aggregateReport, type SignalReport } from '../../src/report/index.js';
import { loadReportData } from '../../src/report/build-report.js';
import { countBundleConflicts, openWorkspace, type Workspace } from '../../src/store/index.js';
import { PaperlinkError } from '../../src/model/index.js';
import { makeOfficeFixture } from '../helpers/office-fixture.js';
import { FIXTURE_SITES } from '../helpers/report-fixture.js';
import { startPostgres, type PostgresServer } from '../helpers/postgres-server.js';

const tmp = mkdtempSync(join(tmpdir(), 'paperlink-consolidate-'));
const started = startPostgres();
const server: PostgresServer | null = 'reason' in started ? null : started;
afterAll(() => {
  server?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** Where a consolidating store lives: a workspace folder, or a new database on the throwaway PostgreSQL server. */
const STORES = [
  { name: 'a SQLite workspace', open: (name: string): Workspace => openWorkspace(join(tmp, name)), skip: null },
  { name: 'a PostgreSQL server', open: (name: string): Workspace => openWorkspace(server!.createDatabase(name)), skip: 'reason' in started ? started.reason : null },
];

function reportOf(workspace: Workspace): SignalReport {
  return aggregateReport(loadReportData(workspace), { block: '6h', lang: 'en', suppress: true, restricted: false, generatedAt: '2026-03-15T00:00:00.000Z' });
}

const TABLES = ['layouts', 'print_runs', 'sheets', 'inputs', 'captures', 'field_readings', 'crops', 'sheet_fields', 'review_decisions', 'batches'];
function rowCounts(workspace: Workspace): Record<string, number> {
  return Object.fromEntries(TABLES.map((table) => [table, (workspace.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n]));
}

const single = makeOfficeFixture({ dir: join(tmp, 'single') });
const offices = FIXTURE_SITES.map((site, index) => makeOfficeFixture({ sites: [site], outcomes: index === 0, dir: join(tmp, `office-${site}`) }));
const bundles = offices.map((office, index) => exportBundle(office.tw.workspace, { out: join(tmp, `office-${index}.plb`), withImages: true }));
const fingerprints = bundles.map((bundle) => bundle.fingerprint);

describe.each(STORES)('consolidating three offices through bundles into $name', ({ name, open, skip }) => {
  if (skip) it.skip(`skipped: ${skip}`, () => undefined);
  if (skip) return;
  const prefix = name.includes('SQLite') ? 'sqlite' : 'pg';
  const merged = open(`${prefix}_merged`);
  afterAll(() => merged.close());

  it('gives the same signal report as one workspace that scanned every page itself', () => {
    const results = importBundles(merged, bundles.map((b) => b.file), { trust: fingerprints });
    expect(results.map((r) => r.state)).toEqual(['imported', 'imported', 'imported']);
    // The second and third office send the same layouts again: already here, not a conflict.
    expect(results.every((r) => r.conflicts === 0 && r.applied + r.unchanged === r.events && r.applied > 0)).toBe(true);
    const expected = reportOf(single.tw.workspace);
    expect(expected.headline.households.shown).not.toBe(0);
    expect(reportOf(merged)).toEqual(expected);
    const counts = rowCounts(merged);
    expect(counts).toEqual(rowCounts(single.tw.workspace));
    expect(counts['captures']).toBe(6);
    // --with-images carried the page images and field crops, byte for byte.
    const images = (workspace: Workspace): string[] => (workspace.db.prepare('SELECT page_image AS image FROM captures UNION ALL SELECT png FROM crops').all() as { image: Buffer }[])
      .map((row) => row.image.toString('hex')).sort();
    expect(images(merged)).toEqual(images(single.tw.workspace));
    expect(images(merged)).toHaveLength(12);
  });

  it('changes nothing when every bundle is imported again, alone or together', () => {
    const before = rowCounts(merged);
    const report = reportOf(merged);
    const again = importBundles(merged, bundles.map((b) => b.file));
    expect(again.map((r) => r.state)).toEqual(['already-imported', 'already-imported', 'already-imported']);
    expect(rowCounts(merged)).toEqual(before);
    expect(reportOf(merged)).toEqual(report);
    expect(countBundleConflicts(merged)).toBe(0);
    // A full export made again by an office (no new work) is a new bundle with the very same events.
    const reexport = exportBundle(offices[1]!.tw.workspace, { out: join(tmp, `${prefix}-office-1-again.plb`) });
    const result = importBundles(merged, [reexport.file])[0]!;
    expect(result).toMatchObject({ state: 'imported', applied: 0, conflicts: 0 });
    expect(result.unchanged).toBe(result.events);
    expect(rowCounts(merged)).toEqual(before);
  });

  it('refuses a bundle with one byte changed, and one cut off while copying, and writes nothing', () => {
    const fresh = open(`${prefix}_fresh`);
    const bytes = readFileSync(bundles[2]!.file);
    for (const position of [40, Math.floor(bytes.length / 2), bytes.length - 3]) {
      const changed = Buffer.from(bytes);
      changed[position] = changed[position] === 0x31 ? 0x32 : 0x31;
      writeFileSync(join(tmp, `${prefix}-changed.plb`), changed);
      expect(() => importBundles(fresh, [bundles[0]!.file, join(tmp, `${prefix}-changed.plb`)], { trust: fingerprints })).toThrow(PaperlinkError);
      expect(() => importBundles(fresh, [join(tmp, `${prefix}-changed.plb`)], { trust: fingerprints })).toThrow(/changed or damaged/);
    }
    writeFileSync(join(tmp, `${prefix}-cut.plb`), bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    expect(() => importBundles(fresh, [join(tmp, `${prefix}-cut.plb`)], { trust: fingerprints })).toThrow(expect.objectContaining({ code: 'bundle-incomplete' }));
    expect(rowCounts(fresh)).toEqual(Object.fromEntries(TABLES.map((t) => [t, 0])));
    fresh.close();
  });

  it('refuses a bundle from an office key nobody trusted yet, naming the fingerprint to check', () => {
    const stranger = open(`${prefix}_stranger`);
    expect(() => importBundles(stranger, [bundles[0]!.file])).toThrow(expect.objectContaining({ code: 'bundle-untrusted', message: expect.stringContaining(fingerprints[0]!) }));
    expect(() => importBundles(stranger, [bundles[0]!.file], { trust: [fingerprints[1]!] })).toThrow(expect.objectContaining({ code: 'bundle-untrusted' }));
    expect(rowCounts(stranger)['sheets']).toBe(0);
    // Trusted once (typed with spaces, as read over the radio), it stays trusted.
    importBundles(stranger, [bundles[0]!.file], { trust: [fingerprints[0]!.replace(/-/g, ' ')] });
    expect(importBundles(stranger, [bundles[0]!.file])[0]!.state).toBe('already-imported');
    stranger.close();
  });

  it('passes bundles on through a region unchanged: the office signatures still hold at headquarters', () => {
    const region = open(`${prefix}_region`);
    importBundles(region, bundles.map((b) => b.file), { trust: fingerprints });
    // The region's own export carries only what the region made itself, never the offices' events.
    const own = exportBundle(region, { out: join(tmp, `${prefix}-region.plb`) });
    expect(own.events).toBe(0);
    const forwarded = join(tmp, `${prefix}-forwarded.plb`);
    writeFileSync(forwarded, readFileSync(bundles[1]!.file));
    const hq = open(`${prefix}_hq`);
    expect(importBundles(hq, [forwarded], { trust: [fingerprints[1]!] })[0]!.state).toBe('imported');
    expect(rowCounts(hq)['sheets']).toBe(rowCounts(offices[1]!.tw.workspace)['sheets']);
    region.close();
    hq.close();
  });
});
