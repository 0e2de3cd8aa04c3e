import { mkdtempSync, writeFileSync, existsSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../../src/store/index.js';
import { runCli } from '../helpers/cli.js';
import { codesOf, printedWorkspace, renderPages, toJpeg, writeInputs } from '../helpers/scan-inputs.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'paperlink-cli-'));

describe('paperlink CLI', () => {
  it('shows help for the program and every command', () => {
    const help = runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['print', 'layout', 'forms']) expect(help.stdout).toContain(command);
    const print = runCli(['print', '--help']);
    expect(print.code).toBe(0);
    expect(print.stdout).toMatch(/--serials/);
  });

  it('prints sheets into the workspace and refuses to issue the same serials twice unless --reprint', () => {
    const dir = tmp();
    const args = ['--workspace', join(dir, 'ws'), 'print', 'intake', '--site', 'AMS01', '--serials', '1-3', '--out', join(dir, 'a.pdf')];
    const first = runCli([...args, '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ sheets: 3, pages: 6, form: 'intake', reprint: false });
    const again = runCli(['--workspace', join(dir, 'ws'), 'print', 'intake', '--site', 'AMS01', '--serials', '3-5', '--out', join(dir, 'b.pdf')]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/overlap a print run/);
    expect(again.stderr).toMatch(/What to do: .*--reprint/);
    expect(again.stderr).not.toMatch(/\bat .*\.js:\d+/); // no stack trace
    expect(existsSync(join(dir, 'b.pdf'))).toBe(false);
    const reprint = runCli(['--workspace', join(dir, 'ws'), '--json', 'print', 'intake', '--site', 'AMS01', '--serials', '3-5', '--out', join(dir, 'b.pdf'), '--reprint']);
    expect(reprint.code).toBe(0);
    expect(JSON.parse(reprint.stdout)).toMatchObject({ reprint: true });
  });

  it('explains bad input in words and exits non-zero, writing nothing', () => {
    const dir = tmp();
    const ws = join(dir, 'ws');
    const cases: [string[], RegExp][] = [
      [['print', 'nosuchform', '--site', 'AMS01', '--serials', '1', '--out', join(dir, 'x.pdf')], /no form called "nosuchform"/],
      [['print', 'intake', '--site', 'ams 01', '--serials', '1', '--out', join(dir, 'x.pdf')], /not a valid site code/],
      [['print', 'intake', '--site', 'AMS01', '--serials', '9-3', '--out', join(dir, 'x.pdf')], /serial range 9-3 is not valid/],
      [['print', 'intake', '--site', 'AMS01', '--serials', 'abc', '--out', join(dir, 'x.pdf')], /not a serial range/],
      [['print', 'intake', '--site', 'AMS01', '--serials', '1', '--out', join(dir, 'not-a-folder', 'x.pdf')], /cannot be written/],
    ];
    writeFileSync(join(dir, 'not-a-folder'), 'a file where a folder is expected');
    for (const [args, message] of cases) {
      const result = runCli(['--workspace', ws, ...args]);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/What to do:/);
    }
    expect(readdirSync(dir).filter((name) => name.endsWith('.pdf') || name.includes('partial'))).toEqual([]);
    expect(existsSync(join(ws, 'workspace.sqlite')) ? runCli(['--workspace', ws, '--json', 'forms', 'list']).code : 0).toBe(0);
  });

  it('refuses to scan into a workspace where no form was printed (a mistyped --workspace), creating nothing', () => {
    const dir = tmp();
    const photo = join(dir, 'photo.jpg');
    writeFileSync(photo, 'never opened');
    const missing = runCli(['--workspace', join(dir, 'typo'), 'scan', photo]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/There is no paperlink workspace in .*typo/);
    expect(missing.stderr).toMatch(/What to do: Scan into the workspace the forms were printed from/);
    expect(existsSync(join(dir, 'typo'))).toBe(false);
    // A workspace that exists but holds no print run.
    openWorkspace(join(dir, 'ws')).close();
    const empty = runCli(['--workspace', join(dir, 'ws'), 'scan', photo]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/No forms were printed in the workspace/);
    const inputs = (JSON.parse(runCli(['--workspace', join(dir, 'ws'), '--json', 'status']).stdout) as { inputs: Record<string, number> }).inputs;
    expect(Object.values(inputs).every((count) => count === 0)).toBe(true);
  });

  it('scans the good pages of a folder with a link loop and a broken link, lists the skipped entries and exits 3', async () => {
    const dir = tmp();
    const { workspace, layout } = await printedWorkspace(dir, { site: 'AMS01', from: 1, to: 1 });
    workspace.close();
    const [page] = await renderPages(layout, codesOf(layout, 'AMS01', 1, 1));
    const input = writeInputs(join(dir, 'in'), { 'good.jpg': await toJpeg(page!) });
    symlinkSync('loop.jpg', join(input, 'loop.jpg'));
    symlinkSync('missing.jpg', join(input, 'broken.jpg'));
    const human = runCli(['--workspace', join(dir, 'ws'), 'scan', '--workers', '0', input]);
    expect(human.stderr).toBe('');
    expect(human.code).toBe(3);
    expect(human.stdout).toMatch(/loop\.jpg: not read \(link-loop\)/);
    expect(human.stdout).toMatch(/broken\.jpg: not read \(broken-link\)/);
    expect(human.stdout).toMatch(/1 new page outcome \(1 accepted\)/);
    expect(human.stdout).toMatch(/2 entries were not read/);
    const json = runCli(['--workspace', join(dir, 'ws'), '--json', 'scan', '--workers', '0', input]);
    expect(json.code).toBe(3);
    expect((JSON.parse(json.stdout) as { skipped: { reason: string }[] }).skipped.map((entry) => entry.reason)).toEqual(['broken-link', 'link-loop']);
  });

  it('checks a form definition file and lists every problem with file and path', () => {
    const dir = tmp();
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ id: 'bad', code: 'BAD', version: 1, title: { nl: 'x', en: 'x' },
      sections: [{ id: 's', title: { nl: 's', en: 's' }, fields: [{ id: 'a', kind: 'checkbox', label: { nl: 'a' }, options: [{ value: 'x', label: { en: 'x' } }] }] }] }));
    const result = runCli(['forms', 'check', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('bad.json: sections[0].fields[0].label.en is missing');
    expect(result.stderr).toContain('bad.json: sections[0].fields[0].options[0].label.nl is missing');
    const good = runCli(['forms', 'check', join(import.meta.dirname, '../../forms/intake/v1.json')]);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/OK/);
  });

  it('writes the documented layout JSON', () => {
    const result = runCli(['layout', 'intake']);
    expect(result.code).toBe(0);
    const layout = JSON.parse(result.stdout) as { page: unknown; marks: unknown[]; qr: unknown; fields: { id: string; boxes: { value?: unknown }[] }[] };
    expect(layout.page).toEqual({ widthMm: 210, heightMm: 297 });
    expect(layout.marks).toHaveLength(4);
    expect(layout.qr).toMatchObject({ sizeMm: 25 });
    expect(layout.fields.find((field) => field.id === 'needs')?.boxes[1]?.value).toBe('water');
  });

  it('uses PAPERLINK_WORKSPACE when --workspace is not given', () => {
    const dir = tmp();
    const result = runCli(['print', 'intake', '--site', 'AMS01', '--serials', '1', '--out', join(dir, 'x.pdf')], { env: { PAPERLINK_WORKSPACE: join(dir, 'envws') } });
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, 'envws', 'workspace.sqlite'))).toBe(true);
  });
});
