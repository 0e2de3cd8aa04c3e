/**
 * Issue #18: four scanning stations writing into one PostgreSQL store at once, each its own stack of pages and all
 * of them one shared stack, end with exactly what one station scanning everything into a SQLite workspace gives:
 * no page lost, none counted twice. A station killed (kill -9) mid-batch and run again loses nothing either.
 * Runs the real CLI against a real, throwaway PostgreSQL server.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../src/store/index.js';
import { codesOf, fillBoxes, layoutOf, printedWorkspace, renderPages, tempDir, toJpeg, writeInputs } from '../helpers/scan-inputs.js';
import { dumpWorkspaceAt } from '../helpers/workspace-dump.js';
import { startPostgres, type PostgresServer } from '../helpers/postgres-server.js';

const CLI = join(resolve(import.meta.dirname, '../..'), 'bin/paperlink.js');
const started = startPostgres();
const server: PostgresServer | null = 'reason' in started ? null : started;
const STATIONS = ['a', 'b', 'c', 'd'];
let root: string;

beforeAll(async () => {
  if (!server) return;
  root = tempDir('paperlink-stations-');
  const layout = layoutOf('intake');
  // Serials 1–8, two pages each: two sheets per station, and serial 8 on the stack every station scans.
  const pages = await renderPages(layout, codesOf(layout, 'AMS01', 1, 8));
  const stacks: Record<string, Record<string, Buffer>> = { a: {}, b: {}, c: {}, d: {}, shared: {} };
  for (const [index, page] of pages.entries()) {
    const serial = Math.floor(index / 2) + 1;
    const pageNo = (index % 2) + 1;
    const marks = pageNo === 1 ? { visit: [serial % 2 === 0 ? 'first' : 'returning'], vuln: serial === 3 ? ['pregnant'] : [] } : {};
    const stack = serial === 8 ? 'shared' : STATIONS[Math.floor((serial - 1) / 2)]!;
    stacks[stack]![`s${serial}-p${pageNo}.jpg`] = await toJpeg(fillBoxes(page, layout, pageNo, marks));
  }
  stacks['d']!['junk.jpg'] = Buffer.from('not an image at all');
  for (const [name, files] of Object.entries(stacks)) writeInputs(join(root, name), files);
}, 180_000);

afterAll(() => server?.stop());

function scan(workspace: string, folders: readonly string[]): { exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; kill: () => void } {
  const child = spawn(process.execPath, [CLI, '--workspace', workspace, 'scan', ...folders.map((folder) => join(root, folder)), '--workers', '1'], { stdio: 'ignore' });
  return { exited: new Promise((done) => child.on('exit', (code, signal) => done({ code, signal }))), kill: () => child.kill('SIGKILL') };
}

async function printedStore(location: string): Promise<void> {
  const { workspace } = await printedWorkspace(tempDir('paperlink-stations-print-'), { site: 'AMS01', from: 1, to: 8, workspace: location });
  workspace.close();
}

describe.skipIf(server === null)(`scanning stations sharing one PostgreSQL store${server ? '' : ` (skipped: ${(started as { reason: string }).reason})`}`, () => {
  it('four stations at once, one of them killed mid-batch and run again, give what one station gives', async () => {
    const single = join(tempDir('paperlink-stations-single-'), 'ws');
    await printedStore(single);
    expect((await scan(single, [...STATIONS, 'shared']).exited).code).toBe(0);
    const expected = dumpWorkspaceAt(single) as { inputs: unknown[]; counts: { sheets: number } };
    expect(expected.inputs).toHaveLength(17);
    expect(expected.counts.sheets).toBe(8);

    const shared = server!.createDatabase('stations');
    await printedStore(shared);
    const watcher = openWorkspace(shared);
    const runs = STATIONS.map((station) => scan(shared, [station, 'shared']));
    // Station b is killed once it has recorded a page of its own, mid-batch.
    let killedAfter = 0;
    for (let tries = 0; tries < 2000; tries++) {
      killedAfter = (watcher.db.prepare("SELECT COUNT(*) AS n FROM inputs WHERE file LIKE ?").get(`%${join(root, 'b')}/%`) as { n: number }).n;
      if (killedAfter >= 1) break;
      await new Promise((wait) => setTimeout(wait, 10));
    }
    runs[1]!.kill();
    const ends = await Promise.all(runs.map((run) => run.exited));
    expect(ends[1]!.signal).toBe('SIGKILL');
    expect(killedAfter).toBeGreaterThanOrEqual(1);
    expect(killedAfter).toBeLessThan(4);
    expect(ends.filter((_, index) => index !== 1).map((end) => end.code)).toEqual([0, 0, 0]);
    expect((await scan(shared, ['b', 'shared']).exited).code).toBe(0);
    watcher.close();
    expect(dumpWorkspaceAt(shared)).toEqual(expected);
  });
});
