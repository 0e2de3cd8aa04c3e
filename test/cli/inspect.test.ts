import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/main.js';
import { codeFor, drawMark, loadIntake, renderPage } from '../helpers/scan-page.js';

afterEach(() => { vi.restoreAllMocks(); });

describe('paperlink inspect', () => {
  it('prints the QR text, sheet id, marks and field readings, and writes an annotated PNG', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperlink-inspect-'));
    const { layout } = loadIntake();
    const page = await renderPage(layout, codeFor(layout, 42, 1), 200);
    drawMark(page, layout, 200, 'visit', 'returning', 'tick');
    const file = join(dir, 'page.jpg');
    writeFileSync(file, await sharp(Buffer.from(page.data), { raw: { width: page.width, height: page.height, channels: 1 } }).jpeg().toBuffer());
    const out = join(dir, 'annotated.png');
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    // No workspace here: inspect falls back to the shipped forms as printed with default options.
    await run(['node', 'paperlink', '--json', '--workspace', join(dir, 'none'), 'inspect', file, '--out', out]);
    const summary = JSON.parse(String(log.mock.calls[0]?.[0])) as Record<string, any>;
    expect(summary['sheet']).toMatchObject({ id: expect.stringMatching(/^AMS01-000042-1-/), serial: 42 });
    expect(summary['registration']).toMatchObject({ marksFound: 4 });
    expect(summary['fields'].find((f: { id: string }) => f.id === 'visit')).toMatchObject({ value: 'returning', status: 'auto' });
    expect(existsSync(out)).toBe(true);
    expect(existsSync(join(dir, 'none'))).toBe(false);
  });
});
