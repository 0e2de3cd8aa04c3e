/**
 * Restricted outputs sealed on the command line: `keys new`, then the follow-up list, the family-links list and the
 * PFIF export written only as FILE.sealed (no plain copy, no name in their bytes), and `unseal` giving them back.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { openWorkspace } from '../../src/store/index.js';
import { simulateFamilyLinks } from '../../src/simulate/index.js';
import { loadFormCatalogue } from '../../src/cli/load-forms.js';

describe('sealed restricted outputs', () => {
  it('writes the family-links list, the PFIF export and the follow-up list sealed, and opens them with the key', () => {
    const root = mkdtempSync(join(tmpdir(), 'paperlink-seal-'));
    const ws = join(root, 'ws');
    const workspace = openWorkspace(ws);
    simulateFamilyLinks(workspace, loadFormCatalogue().get('family-link'), { safe: 30, seekers: 10, truePairs: 5, duplicates: 1, sites: ['0101', '0202'], seed: 9 });
    const names = (workspace.db.prepare("SELECT value_json FROM sheet_fields WHERE field_id = 'p_family' AND status != 'empty'").all() as { value_json: string }[])
      .map((row) => JSON.parse(row.value_json) as string).filter((name) => name.length >= 5);
    workspace.close();
    const env = { PAPERLINK_PASSPHRASE: '', PAPERLINK_SEAL_PASSPHRASE: '' };
    const made = runCli(['--json', 'keys', 'new', 'rfl-team', '--out', join(root, 'keys')], { env });
    expect(made.code, made.stderr).toBe(0);
    const pub = join(root, 'keys', 'rfl-team.pub');
    const out = join(root, 'out');
    for (const args of [['family-links', 'list', '--out', out], ['family-links', 'export', '--format', 'pfif-csv', '--out', out], ['followup', '--out', join(out, 'followup.html')]]) {
      const result = runCli(['--workspace', ws, ...args, '--seal-to', pub], { env });
      expect(result.code, result.stderr).toBe(0);
    }
    const files = readdirSync(out).sort();
    expect(files).toEqual(['family-links.html.sealed', 'family-links.pdf.sealed', 'followup.csv.sealed', 'followup.html.sealed', 'notes.csv.sealed', 'persons.csv.sealed']);
    const bytes = Buffer.concat(files.map((file) => readFileSync(join(out, file))));
    expect(names.filter((name) => bytes.includes(Buffer.from(name)))).toEqual([]);

    const opened = join(root, 'opened');
    const result = runCli(['unseal', ...files.map((file) => join(out, file)), '--key', join(root, 'keys', 'rfl-team.key'), '--out', opened], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(opened).sort()).toEqual(files.map((file) => file.replace(/\.sealed$/, '')).sort());
    expect(readFileSync(join(opened, 'family-links.html'), 'utf8')).toContain('RESTRICTED');
    const persons = readFileSync(join(opened, 'persons.csv'), 'utf8');
    expect(names.some((name) => persons.includes(name))).toBe(true);
    // Another person's key does not open them.
    runCli(['keys', 'new', 'someone-else', '--out', join(root, 'keys')], { env });
    const refused = runCli(['unseal', join(out, 'persons.csv.sealed'), '--key', join(root, 'keys', 'someone-else.key'), '--out', join(root, 'x')], { env });
    expect(refused.stderr).toContain('was not sealed to that key');
  });

  it('carries a bundle sealed to a passphrase from one office to another, opened only in memory', () => {
    const root = mkdtempSync(join(tmpdir(), 'paperlink-seal-bundle-'));
    const office = join(root, 'office');
    const workspace = openWorkspace(office);
    simulateFamilyLinks(workspace, loadFormCatalogue().get('family-link'), { safe: 12, seekers: 4, truePairs: 2, duplicates: 0, sites: ['0101'], seed: 4 });
    const names = (workspace.db.prepare("SELECT value_json FROM sheet_fields WHERE field_id = 'p_family' AND status != 'empty'").all() as { value_json: string }[])
      .map((row) => JSON.parse(row.value_json) as string).filter((name) => name.length >= 5);
    workspace.close();
    const env = { PAPERLINK_PASSPHRASE: '', PAPERLINK_SEAL_PASSPHRASE: 'negen groene treinen naar zee' };
    const file = join(root, 'stick', 'office.bundle');
    mkdirSync(join(root, 'stick'));
    const exported = runCli(['--workspace', office, '--json', 'bundle', 'export', '--out', file, '--seal-passphrase'], { env });
    expect(exported.code, exported.stderr).toBe(0);
    expect(readdirSync(join(root, 'stick'))).toEqual(['office.bundle.sealed']);
    const sealed = readFileSync(`${file}.sealed`);
    expect(names.filter((name) => sealed.includes(Buffer.from(name)))).toEqual([]);
    const fingerprint = (JSON.parse(exported.stdout) as { fingerprint: string }).fingerprint;
    const region = join(root, 'region');
    const wrong = runCli(['--workspace', region, 'bundle', 'import', `${file}.sealed`, '--trust', fingerprint], { env: { ...env, PAPERLINK_SEAL_PASSPHRASE: 'niet de goede zin' } });
    expect(wrong.stderr).toContain('passphrase-wrong');
    const imported = runCli(['--workspace', region, 'bundle', 'import', `${file}.sealed`, '--trust', fingerprint], { env });
    expect(imported.code, imported.stderr).toBe(0);
    const received = openWorkspace(region, { create: false });
    const count = received.db.prepare("SELECT COUNT(*) AS n FROM sheets WHERE form_id = 'family-link'").get() as { n: number };
    received.close();
    expect(count.n).toBe(16);
  });
});
