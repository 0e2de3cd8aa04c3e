import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/main.js';
import { humanSheetId, READER_FAILED_HINT } from '../../src/model/index.js';
import { insertInput, openWorkspace } from '../../src/store/index.js';
import { codeFor, loadIntake, renderPage } from '../helpers/scan-page.js';

afterEach(() => { vi.restoreAllMocks(); });

describe('paperlink status', () => {
  it('lists the sheets to scan again: refused pages whose QR was read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperlink-status-'));
    const workspace = join(dir, 'ws');
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await run(['node', 'paperlink', '--workspace', workspace, 'print', 'intake', '--site', 'AMS01', '--serials', '40-45', '--out', join(dir, 'intake.pdf')]);
    // Page 1 of serial 42 photographed with its bottom quarter cut off: the QR is read, the lower discs are missing.
    const { layout } = loadIntake();
    const page = await renderPage(layout, codeFor(layout, 42, 1), 150);
    const keep = Math.round(page.height * 0.75);
    const file = join(dir, 'cut.jpg');
    writeFileSync(file, await sharp(Buffer.from(page.data.subarray(0, page.width * keep)), { raw: { width: page.width, height: keep, channels: 1 } }).jpeg().toBuffer());
    await run(['node', 'paperlink', '--workspace', workspace, 'scan', file]);
    log.mockClear();
    await run(['node', 'paperlink', '--workspace', workspace, 'status']);
    const text = log.mock.calls.map((call) => String(call[0])).join('\n');
    expect(text).toContain('unreadable, registration-failed: 1');
    expect(text).toMatch(/Scan again/);
    expect(text).toContain(`${humanSheetId({ site: 'AMS01', serial: 42, page: 1 })} (intake), from ${file}`);
  });

  it('counts pages paperlink failed on (reader-failed) apart, and asks for the file rather than a re-scan', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperlink-status-'));
    const workspace = openWorkspace(join(dir, 'ws'));
    insertInput(workspace, { sha256: 'sha-crash', pageIndex: 0, file: 'crash.jpg', batchId: null, outcome: 'unreadable', reason: 'reader-failed',
      message: `paperlink failed while reading this page (RangeError: offset is out of bounds). ${READER_FAILED_HINT}` });
    workspace.close();
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await run(['node', 'paperlink', '--workspace', join(dir, 'ws'), 'status']);
    const text = log.mock.calls.map((call) => String(call[0])).join('\n');
    expect(text).toContain('unreadable, reader-failed: 1');
    expect(text).toMatch(/paperlink itself failed .*report this file/);
    expect(text).not.toMatch(/Scan again/);
  });
});
