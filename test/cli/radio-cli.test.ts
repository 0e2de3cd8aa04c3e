/**
 * A site's SITREP end to end on the command line: composed from a workspace (the public report's figures, no name,
 * at most 25 words), received into a fresh regional workspace with its check, relayed twice and counted once, a
 * misheard number refused with what to ask again for.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { FIXTURE_SITES, makeReportFixture } from '../helpers/report-fixture.js';

describe('paperlink radio', () => {
  it('composes each site\'s SITREP and the regional office takes each once, with the same figures', () => {
    const root = mkdtempSync(join(tmpdir(), 'paperlink-radio-'));
    const siteDir = join(root, 'site');
    const fixture = makeReportFixture({ dir: siteDir });
    fixture.tw.workspace.close();
    const region = join(root, 'region');
    for (const site of FIXTURE_SITES) {
      // As of the end of the fixture's day (its sheets are of 14 March 2026).
      const composed = runCli(['--workspace', siteDir, '--json', 'radio', 'compose', '--site', site, '--at', '2026-03-14T23:59']);
      expect(composed.code, composed.stderr).toBe(0);
      const message = JSON.parse(composed.stdout) as { text: string; check: number; figures: Record<string, unknown> };
      expect(message.check).toBeLessThanOrEqual(25);
      expect(message.text).toMatch(new RegExp(`^SITREP ${site} 1403 2359 HOUSEHOLDS `));
      for (const secret of fixture.secrets) expect(message.text).not.toContain(secret.toUpperCase());
      for (const station of ['PA3XYZ', 'PB0ABC']) {
        const taken = runCli(['--workspace', region, '--json', 'radio', 'receive', message.text, '--check', String(message.check), '--station', station]);
        expect(taken.code, taken.stderr).toBe(0);
        expect(JSON.parse(taken.stdout)).toMatchObject({ duplicate: station === 'PB0ABC', figures: message.figures });
      }
    }
    const listed = JSON.parse(runCli(['--workspace', region, '--json', 'radio', 'list']).stdout) as { site: string; receptions: number; station: string }[];
    expect(listed.map((row) => [row.site, row.receptions, row.station])).toEqual(FIXTURE_SITES.map((site) => [site, 2, 'PA3XYZ']));

    // The regional report shows each site by radio, provisional, added to nothing (the region has no pages).
    type Report = { headline: { households: { value: number | null } }; byRadio: { site: string; sent: string; replacedByPages: boolean; figures: { households: string }; pagesHouseholds: string | null }[];
      needs: { sites: { site: string; households: { shown: string } }[] } };
    const reportOf = (workspace: string): Report => {
      const out = join(root, `report-${Math.random().toString(36).slice(2)}`);
      const made = runCli(['--workspace', workspace, 'report', '--out', out]);
      expect(made.code, made.stderr).toBe(0);
      return JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    };
    const regional = reportOf(region);
    const siteReport = reportOf(siteDir);
    expect(regional.byRadio.map((row) => [row.site, row.replacedByPages])).toEqual(FIXTURE_SITES.map((site) => [site, false]));
    expect(regional.headline.households.value).toBe(0);
    // Per site, the figures by radio are the site's own report's (a hidden small count travels as FEW or HIDDEN).
    for (const row of regional.byRadio) {
      const own = siteReport.needs.sites.find((site) => site.site === row.site)!.households.shown;
      expect(row.figures.households).toBe(/^\d+$/.test(own) ? own : own === '<5' ? 'FEW' : 'HIDDEN');
    }
    // The sites' own pages arrive at the region by bundle: they count, once; the radio rows say they were replaced.
    const bundleFile = join(root, 'site.bundle');
    const exported = runCli(['--workspace', siteDir, '--json', 'bundle', 'export', '--out', bundleFile]);
    expect(exported.code, exported.stderr).toBe(0);
    const fingerprint = (JSON.parse(exported.stdout) as { fingerprint: string }).fingerprint;
    expect(runCli(['--workspace', region, 'bundle', 'import', bundleFile, '--trust', fingerprint]).code).toBe(0);
    const merged = reportOf(region);
    expect(merged.headline).toEqual(siteReport.headline);
    expect(merged.byRadio.map((row) => [row.site, row.replacedByPages])).toEqual(FIXTURE_SITES.map((site) => [site, true]));
    for (const row of merged.byRadio) {
      expect(row.pagesHouseholds).toBe(siteReport.needs.sites.find((site) => site.site === row.site)!.households.shown);
    }
    // At the site itself: a SITREP as of now (today has no pages) stays provisional beside the pages, adding nothing;
    // one as of 14 March, 18:00 gives way to that day's pages.
    const before = reportOf(siteDir);
    const text = (JSON.parse(runCli(['--workspace', siteDir, '--json', 'radio', 'compose', '--site', 'AMS01']).stdout) as { text: string }).text;
    expect(runCli(['--workspace', siteDir, 'radio', 'receive', text, '--check', String(text.split(' ').length)]).code).toBe(0);
    const now = reportOf(siteDir);
    expect(now.headline).toEqual(before.headline);
    expect(now.byRadio.find((row) => row.site === 'AMS01')).toMatchObject({ replacedByPages: false, pagesHouseholds: null });
    const older = (JSON.parse(runCli(['--workspace', siteDir, '--json', 'radio', 'compose', '--site', 'AMS01', '--at', '2026-03-14T18:00']).stdout) as { text: string }).text;
    expect(older).toMatch(/^SITREP AMS01 1403 1800 /);
    expect(runCli(['--workspace', siteDir, 'radio', 'receive', older, '--check', String(older.split(' ').length)]).code).toBe(0);
    const after = reportOf(siteDir);
    expect(after.headline).toEqual(before.headline);
    // The latest message shown is still today's (the latest period), provisional; the older one arriving after it changes nothing.
    expect(after.byRadio.find((row) => row.site === 'AMS01')!.sent).toBe(now.byRadio.find((row) => row.site === 'AMS01')!.sent);
    expect(runCli(['--workspace', siteDir, 'radio', 'compose', '--site', 'AMS01', '--at', '14-03-2026 18:00']).stderr).toContain('YYYY-MM-DDTHH:MM');

    const misheard = text.replace(/HOUSEHOLDS (\d)/, (_match, digit: string) => `HOUSEHOLDS ${(Number(digit) + 1) % 10}`);
    const refused = runCli(['--workspace', region, 'radio', 'receive', misheard, '--check', String(text.split(' ').length)]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('control-total');
    expect(refused.stderr).toContain('Ask the sending station again for');
  });
});
