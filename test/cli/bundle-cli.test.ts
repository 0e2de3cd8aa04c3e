/** `paperlink bundle key|export|import` and `status` as a user meets them: fingerprint, refusal text, conflicts shown. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeWorkspace } from '../helpers/make-workspace.js';
import { runCli } from '../helpers/cli.js';

describe('paperlink bundle', () => {
  it('exports with the office fingerprint, refuses an untrusted key with what to do, imports with --trust and shows it in status', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperlink-bundle-cli-'));
    const tw = makeWorkspace({ dir: join(dir, 'office') });
    tw.issue('intake', 'AMS01', 1, 10);
    tw.addSheets([{ form: 'intake', site: 'AMS01', serial: 1, fields: { urgency: 'now' } }]);
    tw.workspace.close();
    const key = runCli(['--workspace', join(dir, 'office'), '--json', 'bundle', 'key']);
    expect(key.code).toBe(0);
    const { fingerprint } = JSON.parse(key.stdout) as { fingerprint: string };
    const exported = runCli(['--workspace', join(dir, 'office'), 'bundle', 'export', '--out', join(dir, 'office.plb')]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(`signed by office key ${fingerprint}`);
    const refused = runCli(['--workspace', join(dir, 'hq'), 'bundle', 'import', join(dir, 'office.plb')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`does not trust yet`);
    expect(refused.stderr).toMatch(new RegExp(`What to do: .*--trust ${fingerprint}`));
    expect(refused.stderr).toContain('(error code: bundle-untrusted)');
    const imported = runCli(['--workspace', join(dir, 'hq'), 'bundle', 'import', join(dir, 'office.plb'), '--trust', fingerprint]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/\d+ new, 0 already here/);
    const status = runCli(['--workspace', join(dir, 'hq'), 'status']);
    expect(status.stdout).toContain('Bundles imported: 1 from 1 office(s), 0 conflict(s)');
    expect(status.stdout).toContain('intake at AMS01: 1');
  });
});
