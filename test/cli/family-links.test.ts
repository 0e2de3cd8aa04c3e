import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { simulateFamilyLinks } from '../../src/simulate/index.js';
import { listFamilyLinkDecisions, openWorkspace } from '../../src/store/index.js';
import { runCli } from '../helpers/cli.js';
import { makeWorkspace } from '../helpers/make-workspace.js';

const dir = mkdtempSync(join(tmpdir(), 'paperlink-cli-rfl-'));
const tw = makeWorkspace({ dir });
const simulated = simulateFamilyLinks(tw.workspace, tw.definitions.get('family-link')!, { safe: 40, seekers: 10, truePairs: 5, duplicates: 2, sites: ['0101', '0202'], seed: 3 });
tw.workspace.close();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('paperlink family-links', () => {
  it('confirms a pair with the reviewer logged, then writes the restricted list', () => {
    const [seeker, safe] = simulated.truth.seekerSafe[0]!;
    const pair = `${simulated.sheetIds[seeker]}s-${simulated.sheetIds[safe]}p`;
    const confirmed = runCli(['--workspace', dir, 'family-links', 'confirm', pair, '--reviewer', 'Officer A']);
    expect(confirmed.stderr).toBe('');
    expect(confirmed.stdout).toContain(`Pair ${pair}: confirm by Officer A`);
    const workspace = openWorkspace(dir, { create: false });
    expect(listFamilyLinkDecisions(workspace).map((row) => [row.decision, row.reviewer])).toEqual([['confirm', 'Officer A']]);
    workspace.close();
    const out = join(dir, 'list');
    const listed = runCli(['--workspace', dir, 'family-links', 'list', '--out', out]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('1 confirmed match(es)');
    expect(existsSync(join(out, 'family-links.html'))).toBe(true);
    expect(existsSync(join(out, 'family-links.pdf'))).toBe(true);
  });
  it('says what to do when the pair is not one', () => {
    const result = runCli(['--workspace', dir, 'family-links', 'confirm', 'twelve', '--reviewer', 'Officer A']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('is not a candidate pair');
    expect(result.stderr).toContain('12s-40p');
  });
});
