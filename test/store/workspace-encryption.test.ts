/**
 * A workspace encrypted at rest: no name, phone or family-link string in any byte of its folder (open or closed),
 * a wrong or missing passphrase fails without writing, encrypting a plain workspace and re-keying keep every row,
 * and a rekey killed at any moment leaves a workspace that opens under the old or the new passphrase, whole.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PaperlinkError, createRng } from '../../src/model/index.js';
import { openWorkspace, rekeyWorkspace, type Workspace } from '../../src/store/index.js';
import { simulateFamilyLinks } from '../../src/simulate/index.js';
import { loadFormCatalogue } from '../../src/cli/load-forms.js';
import { BIN } from '../helpers/cli.js';

const OLD = 'zeven blauwe fietsen';
const NEW = 'acht rode boten op de dijk';
const open: Workspace[] = [];
afterEach(() => { for (const workspace of open.splice(0)) workspace.close(); });

function track(workspace: Workspace): Workspace {
  open.push(workspace);
  return workspace;
}

/** Fills a workspace with a family-link batch and returns the personal strings it holds. */
function fill(workspace: Workspace): string[] {
  const definition = loadFormCatalogue().get('family-link');
  simulateFamilyLinks(workspace, definition, { safe: 40, seekers: 15, truePairs: 8, duplicates: 2, sites: ['0101', '0202'], seed: 5 });
  const rows = workspace.db.prepare("SELECT value_json FROM sheet_fields WHERE field_id IN ('p_family', 'p_given', 'p_phone', 's_family', 'msg') AND status != 'empty'").all() as { value_json: string }[];
  const strings = [...new Set(rows.map((row) => JSON.parse(row.value_json) as unknown).filter((value): value is string => typeof value === 'string' && value.length >= 5))];
  expect(strings.length).toBeGreaterThan(40);
  return strings;
}

function folderBytes(dir: string): Buffer {
  return Buffer.concat(readdirSync(dir).map((name) => readFileSync(join(dir, name))));
}

function leaked(dir: string, strings: readonly string[]): string[] {
  const bytes = folderBytes(dir);
  return strings.filter((text) => bytes.includes(Buffer.from(text, 'utf8')));
}

function fingerprint(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((name) => [name, createHash('sha256').update(readFileSync(join(dir, name))).digest('hex')]));
}

function dump(workspace: Workspace): unknown {
  return workspace.db.prepare('SELECT s.site, s.serial, f.field_id, f.value_json FROM sheet_fields f JOIN sheets s ON s.id = f.sheet_id ORDER BY 1, 2, 3').all();
}

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'paperlink-enc-'));

describe('encrypted workspace', () => {
  it('keeps no personal string in any byte of its folder, open or closed, and opens again under its passphrase', () => {
    const dir = tempDir();
    const workspace = openWorkspace(dir, { encrypt: true, passphrase: OLD });
    const strings = fill(workspace);
    // While open, the WAL holds the latest pages: encrypted too.
    expect(readdirSync(dir)).toContain('workspace.sqlite-wal');
    expect(leaked(dir, strings)).toEqual([]);
    const before = dump(workspace);
    workspace.close();
    expect(leaked(dir, strings)).toEqual([]);
    expect(dump(track(openWorkspace(dir, { create: false, passphrase: OLD })))).toEqual(before);
    // The same batch in a plain workspace shows the strings: the check can see them when they are there.
    const plainDir = tempDir();
    const plain = track(openWorkspace(plainDir, { passphrase: OLD }));
    fill(plain);
    plain.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
    expect(leaked(plainDir, strings).length).toBeGreaterThan(0);
  });

  it('refuses a wrong or missing passphrase with a clear error, writing nothing', () => {
    const dir = tempDir();
    fill(track(openWorkspace(dir, { encrypt: true, passphrase: OLD })));
    open.splice(0).forEach((workspace) => workspace.close());
    const before = fingerprint(dir);
    const attempt = (passphrase?: string): PaperlinkError => {
      try {
        track(openWorkspace(dir, { create: false, ...(passphrase !== undefined ? { passphrase } : {}) }));
      } catch (error) {
        return error as PaperlinkError;
      }
      throw new Error('opened');
    };
    const saved = process.env['PAPERLINK_PASSPHRASE'];
    delete process.env['PAPERLINK_PASSPHRASE'];
    try {
      expect(attempt('zeven blauwe fietsenn')).toMatchObject({ code: 'passphrase-wrong', message: expect.stringContaining('Nothing was changed') });
      expect(attempt()).toMatchObject({ code: 'workspace-locked', hint: expect.stringContaining('PAPERLINK_PASSPHRASE') });
    } finally {
      if (saved !== undefined) process.env['PAPERLINK_PASSPHRASE'] = saved;
    }
    expect(fingerprint(dir)).toEqual(before);
  });

  it('encrypts a plain workspace in place and re-keys it, keeping every row; a weak new passphrase is refused', () => {
    const dir = tempDir();
    const plain = openWorkspace(dir);
    const strings = fill(plain);
    const before = dump(plain);
    plain.close();
    expect(() => rekeyWorkspace(dir, 'kort')).toThrow(expect.objectContaining({ code: 'passphrase-weak' }));
    expect(rekeyWorkspace(dir, OLD).wasEncrypted).toBe(false);
    expect(leaked(dir, strings)).toEqual([]);
    expect(readdirSync(dir)).toEqual(['workspace.sqlite']);
    const encrypted = openWorkspace(dir, { create: false, passphrase: OLD });
    expect(dump(encrypted)).toEqual(before);
    encrypted.close();
    expect(rekeyWorkspace(dir, NEW, OLD).wasEncrypted).toBe(true);
    expect(() => track(openWorkspace(dir, { create: false, passphrase: OLD }))).toThrow(expect.objectContaining({ code: 'passphrase-wrong' }));
    expect(dump(track(openWorkspace(dir, { create: false, passphrase: NEW })))).toEqual(before);
    expect(leaked(dir, strings)).toEqual([]);
  });

  it('a rekey killed at each of its steps, or at random moments, leaves the workspace whole under the old or the new passphrase', async () => {
    const dir = tempDir();
    const workspace = openWorkspace(dir, { encrypt: true, passphrase: OLD });
    fill(workspace);
    const before = dump(workspace);
    workspace.close();
    let current = OLD;
    /** Which passphrase opens the folder now (and the rows are all there); fails when neither does. */
    const opensUnder = (next: string): string => {
      for (const passphrase of [current, next]) {
        let opened: Workspace;
        try {
          opened = openWorkspace(dir, { create: false, passphrase });
        } catch (error) {
          expect((error as PaperlinkError).code).toBe('passphrase-wrong');
          continue;
        }
        expect(dump(opened)).toEqual(before);
        opened.close();
        return passphrase;
      }
      throw new Error('the workspace opens under neither passphrase');
    };
    const run = (args: readonly string[], env: Record<string, string>, killAfterMs?: number): Promise<number | null> => new Promise((resolve) => {
      const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: 'ignore' });
      const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      child.on('exit', (code) => { clearTimeout(timer); resolve(code); });
    });
    // Killed exactly at each step: before the rename the old workspace stands, from the rename on the new one.
    const CHILD = join(import.meta.dirname, '../helpers/rekey-child.mjs');
    for (const [step, survives] of [['copied', 'old'], ['rekeyed', 'old'], ['flushed', 'old'], ['renamed', 'new']] as const) {
      const next = current === OLD ? NEW : OLD;
      expect(await run([CHILD, dir, current, next, step], {})).toBe(null);
      const opens = opensUnder(next);
      expect([step, opens]).toEqual([step, survives === 'old' ? current : next]);
      current = opens;
      // A copy left by the kill is removed when the workspace is next opened.
      expect(readdirSync(dir).filter((name) => name.endsWith('.rekeying'))).toEqual([]);
    }
    // Encrypting a plain workspace, killed before the rename: still plain and whole; at the rename: encrypted.
    const plainDir = tempDir();
    const plain = openWorkspace(plainDir);
    fill(plain);
    const plainRows = dump(plain);
    plain.close();
    expect(await run([CHILD, plainDir, '', OLD, 'flushed'], {})).toBe(null);
    const stillPlain = openWorkspace(plainDir, { create: false, passphrase: '' });
    expect(dump(stillPlain)).toEqual(plainRows);
    stillPlain.close();
    expect(await run([CHILD, plainDir, '', OLD, 'renamed'], {})).toBe(null);
    expect(() => openWorkspace(plainDir, { create: false, passphrase: '' })).toThrow(expect.objectContaining({ code: 'workspace-locked' }));
    const nowEncrypted = openWorkspace(plainDir, { create: false, passphrase: OLD });
    expect(dump(nowEncrypted)).toEqual(plainRows);
    nowEncrypted.close();
    // And through the command line, killed at random moments (wherever they land, the folder is whole).
    const rng = createRng(20);
    for (let round = 0; round < 4; round++) {
      const next = current === OLD ? NEW : OLD;
      await run([BIN, '--workspace', dir, 'workspace', 'rekey'], { PAPERLINK_PASSPHRASE: current, PAPERLINK_NEW_PASSPHRASE: next }, rng.int(150, 1400));
      current = opensUnder(next);
    }
  }, 60_000);
});
