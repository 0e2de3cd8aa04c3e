/**
 * `paperlink init --encrypt`, `workspace encrypt|rekey` as a user meets them: the passphrase from the environment in
 * scripts, a clear error (not a stack trace) without one, and every other command working on the encrypted workspace.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const PASS = 'zeven blauwe fietsen bij de dijk';
const NEXT = 'acht rode boten in de haven';

describe('encrypted workspace on the command line', () => {
  it('init --encrypt, then status and rekey with the passphrase from the environment; refused without it', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'paperlink-cli-enc-')), 'ws');
    const noPass = { PAPERLINK_PASSPHRASE: '', PAPERLINK_NEW_PASSPHRASE: '' };
    const made = runCli(['--workspace', dir, 'init', '--encrypt'], { env: { ...noPass, PAPERLINK_PASSPHRASE: PASS } });
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain('encrypted');
    expect(readFileSync(join(dir, 'workspace.sqlite')).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');

    const locked = runCli(['--workspace', dir, 'status'], { env: noPass });
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain('is encrypted');
    expect(locked.stderr).toContain('PAPERLINK_PASSPHRASE');
    expect(locked.stderr).not.toMatch(/at .*\.js:\d+/);
    const wrong = runCli(['--workspace', dir, 'status'], { env: { ...noPass, PAPERLINK_PASSPHRASE: 'acht rode boten' } });
    expect(wrong.stderr).toContain('passphrase-wrong');
    expect(runCli(['--workspace', dir, 'status'], { env: { ...noPass, PAPERLINK_PASSPHRASE: PASS } }).code).toBe(0);

    const weak = runCli(['--workspace', dir, 'workspace', 'rekey'], { env: { PAPERLINK_PASSPHRASE: PASS, PAPERLINK_NEW_PASSPHRASE: 'kort' } });
    expect(weak.stderr).toContain('passphrase-weak');
    const rekeyed = runCli(['--workspace', dir, 'workspace', 'rekey'], { env: { PAPERLINK_PASSPHRASE: PASS, PAPERLINK_NEW_PASSPHRASE: NEXT } });
    expect(rekeyed.code, rekeyed.stderr).toBe(0);
    expect(runCli(['--workspace', dir, 'status'], { env: { ...noPass, PAPERLINK_PASSPHRASE: NEXT } }).code).toBe(0);
    expect(runCli(['--workspace', dir, 'status'], { env: { ...noPass, PAPERLINK_PASSPHRASE: PASS } }).stderr).toContain('passphrase-wrong');
  });

  it('workspace encrypt turns a plain workspace into an encrypted one', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'paperlink-cli-enc-')), 'ws');
    expect(runCli(['--workspace', dir, 'init'], { env: { PAPERLINK_PASSPHRASE: '' } }).code).toBe(0);
    const encrypted = runCli(['--workspace', dir, 'workspace', 'encrypt'], { env: { PAPERLINK_PASSPHRASE: '', PAPERLINK_NEW_PASSPHRASE: PASS } });
    expect(encrypted.code, encrypted.stderr).toBe(0);
    expect(runCli(['--workspace', dir, 'status'], { env: { PAPERLINK_PASSPHRASE: '' } }).stderr).toContain('is encrypted');
    expect(runCli(['--workspace', dir, 'status'], { env: { PAPERLINK_PASSPHRASE: PASS } }).code).toBe(0);
    expect(runCli(['--workspace', dir, 'workspace', 'encrypt'], { env: { PAPERLINK_PASSPHRASE: PASS, PAPERLINK_NEW_PASSPHRASE: NEXT } }).stderr).toContain('encrypted already');
  });

  it('refuses to encrypt a workspace on a database server, before asking for any passphrase, saying what protects it instead', () => {
    const url = 'postgres://paperlink:secret@regio-laptop/paperlink';
    for (const args of [['init', '--encrypt'], ['workspace', 'encrypt'], ['workspace', 'rekey']]) {
      const refused = runCli(['--workspace', url, ...args], { env: { PAPERLINK_PASSPHRASE: '', PAPERLINK_NEW_PASSPHRASE: '' } });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('encrypts workspace folders only');
      expect(refused.stderr).toContain('Protect the server itself');
      expect(refused.stderr).not.toContain('secret');
    }
  });
});
