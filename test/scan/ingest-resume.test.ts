import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { ingestFiles } from '../../src/scan/index.js';
import { openWorkspace, workspaceFile } from '../../src/store/index.js';
import { codesOf, fillBoxes, layoutOf, printedWorkspace, renderPages, tempDir, toImagePdf, toJpeg, toMultiPageTiff, writeInputs } from '../helpers/scan-inputs.js';
import { dumpWorkspace, dumpWorkspaceAt } from '../helpers/workspace-dump.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'bin/paperlink.js');
let inputDir: string;
let pageTotal: number;

beforeAll(async () => {
  // Worker threads and the CLI run compiled code: build dist/ once for this file.
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  const layout = layoutOf('intake');
  const pages = await renderPages(layout, codesOf(layout, 'AMS01', 1, 4));
  const files: Record<string, Buffer> = {};
  for (const [index, page] of pages.entries()) {
    const pageNo = (index % 2) + 1;
    const marks = pageNo === 1 ? { visit: [index % 4 === 0 ? 'first' : 'returning'], vuln: index === 2 ? ['pregnant'] : [] } : {};
    files[`p${String(index).padStart(2, '0')}.jpg`] = await toJpeg(fillBoxes(page, layout, pageNo, marks));
  }
  // Another image of serial 1 page 1 with one box more (a conflict), the same image again (a duplicate file), and junk.
  files['q-conflict.jpg'] = await toJpeg(fillBoxes(pages[0]!, layout, 1, { visit: ['first'], vuln: ['walking'] }));
  files['r-copy.jpg'] = files['p00.jpg']!;
  files['s-junk.jpg'] = Buffer.from('not an image at all');
  // Multi-page files (serials 5 and 6): with two workers their pages are read in parallel parts, written in page order.
  const more = await renderPages(layout, codesOf(layout, 'AMS01', 5, 6));
  files['t-feeder.pdf'] = await toImagePdf([fillBoxes(more[0]!, layout, 1, { visit: ['first'] }), more[1]!, more[2]!]);
  files['u-feeder.tif'] = await toMultiPageTiff([more[3]!, fillBoxes(more[2]!, layout, 1, { visit: ['returning'] })]);
  inputDir = writeInputs(join(tempDir('paperlink-resume-'), 'batch'), files);
  pageTotal = Object.keys(files).length - 1 + 2 + 1;
}, 120_000);

function runCli(workspace: string, workers: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, [CLI, '--workspace', workspace, 'scan', inputDir, '--workers', String(workers)], { stdio: 'ignore' });
  return new Promise((resolveExit) => child.on('exit', (code, signal) => resolveExit({ code, signal })));
}

async function printed(): Promise<string> {
  const dir = tempDir('paperlink-resume-ws-');
  const { workspace } = await printedWorkspace(dir, { site: 'AMS01', from: 1, to: 6 });
  workspace.close();
  return join(dir, 'ws');
}

function inputCount(workspace: string): number {
  const db = new Database(workspaceFile(workspace), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM inputs').get() as { n: number }).n;
  } catch {
    return 0;
  } finally {
    db.close();
  }
}

describe('ingest across processes', () => {
  it('gives the same workspace with two worker threads as in one thread', async () => {
    const inThread = openWorkspace(await printed());
    const pooled = openWorkspace(await printed());
    const one = await ingestFiles(inThread, [inputDir], { workers: 0 });
    const two = await ingestFiles(pooled, [inputDir], { workers: 2 });
    expect(two.outcomes).toEqual(one.outcomes);
    // The TIFF's second page is serial 6 page 1 again, with a tick the PDF's copy lacks: a second conflict.
    expect(one.outcomes).toMatchObject({ conflict: 2, unreadable: 1 });
    expect(dumpWorkspace(pooled)).toEqual(dumpWorkspace(inThread));
    inThread.close();
    pooled.close();
  });

  it('ends in the same workspace when the scan is killed mid-batch and run again', async () => {
    const uninterrupted = await printed();
    expect((await runCli(uninterrupted, 1)).code).toBe(0);
    expect(inputCount(uninterrupted)).toBe(pageTotal);

    const crashed = await printed();
    const child = spawn(process.execPath, [CLI, '--workspace', crashed, 'scan', inputDir, '--workers', '1'], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolveExit) => child.on('exit', (_, signal) => resolveExit(signal)));
    let atKill = 0;
    while (child.exitCode === null) {
      atKill = inputCount(crashed);
      if (atKill >= 2) {
        child.kill('SIGKILL');
        break;
      }
      await new Promise((wait) => setTimeout(wait, 15));
    }
    expect(await exited).toBe('SIGKILL');
    expect(atKill).toBeLessThan(pageTotal);
    expect((await runCli(crashed, 1)).code).toBe(0);
    expect(dumpWorkspaceAt(crashed)).toEqual(dumpWorkspaceAt(uninterrupted));
  });
});
