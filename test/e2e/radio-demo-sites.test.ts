/**
 * Issue #24's first "Done when", on the demo's own path: each demo site (its own workspace; its packs printed and a
 * day of its forms simulated with the site's capture profiles and scanned in, as `paperlink demo` does, on fewer
 * sheets) composes its SITREP → each message is received as text into a fresh regional workspace → the regional
 * report shows, per site, the figures of the site's own report, by radio and provisional, added to nothing → the
 * sites' own pages then arrive by bundle: they count once, from the pages, and each radio row (its period: the
 * message's day up to its time) is marked replaced with the pages' figure beside it (one site scanned a late sheet
 * after sending, so its difference shows).
 */
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle, importBundles } from '../../src/bundle/index.js';
import { DEMO_SITES, demoBlackoutStart, simulateReturned } from '../../src/cli/commands/demo.js';
import { loadFormCatalogue } from '../../src/cli/load-forms.js';
import { printSheets } from '../../src/print/index.js';
import { aggregateReport, type Figure, type SignalReport } from '../../src/report/index.js';
import { loadReportData } from '../../src/report/build-report.js';
import { ingestFiles } from '../../src/scan/index.js';
import { openWorkspace } from '../../src/store/index.js';
import { runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'paperlink-radio-demo-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * The demo's forms a SITREP's figures come from, on fewer sheets: intake (households, needs) and family links. The
 * late site returns five intake sheets (households shown as a number), the others three (shown as FEW).
 */
const FORMS = [{ form: 'intake', printed: 8, returned: 3 }, { form: 'family-link', printed: 2, returned: 1 }] as const;
/** The site whose coordinator scans one more intake sheet after the SITREP went out. */
const LATE_SITE = 'AMS01';
const LATE_SITE_INTAKE = 5;
const GENERATED_AT = new Date();

/** The demo's site codes in the report's order. */
const SITES = DEMO_SITES.map((site) => site.code).sort();
const siteDir = (site: string): string => join(tmp, 'site', site);
const scansOf = (site: string): string => join(tmp, 'scans', site);
const lateScans = join(tmp, 'late');
const regionDir = join(tmp, 'region');

function reportOf(dir: string): SignalReport {
  const workspace = openWorkspace(dir, { create: false });
  try {
    return aggregateReport(loadReportData(workspace), { block: '6h', lang: 'en', suppress: true, restricted: false, generatedAt: GENERATED_AT.toISOString() });
  } finally {
    workspace.close();
  }
}

/** A published figure as a SITREP sends it: the number, or FEW (hidden as 1–4) or HIDDEN. */
const sent = (figure: Figure): string => (figure.value !== null ? String(figure.value) : figure.hidden === 'primary' ? 'FEW' : 'HIDDEN');

/** Each site's own report figures, as the SITREP's labels. */
function ownFigures(report: SignalReport, site: string): Record<'households' | 'persons' | 'urgent' | 'safe' | 'tracing', string> {
  const needs = report.needs.sites.find((row) => row.site === site)!;
  const links = report.familyLinks.sites.find((row) => row.site === site);
  const zero: Figure = { value: 0, shown: '0' };
  return {
    households: sent(needs.households), persons: sent(needs.persons), urgent: sent(report.needs.urgencyBySite.find((row) => row.site === site)?.now ?? zero),
    safe: sent(links?.safe ?? zero), tracing: sent(links?.tracing ?? zero),
  };
}

/** One demo site's laptop: its packs printed, its returned forms simulated with its capture profiles, read in. */
async function prepareSite(site: (typeof DEMO_SITES)[number], siteIndex: number): Promise<void> {
  const catalogue = loadFormCatalogue();
  const blackoutStart = demoBlackoutStart(GENERATED_AT);
  const workspace = openWorkspace(siteDir(site.code));
  try {
    for (const [formIndex, { form, printed, returned }] of FORMS.entries()) {
      const late = site.code === LATE_SITE && form === 'intake';
      const count = late ? LATE_SITE_INTAKE + 1 : returned;
      await printSheets(workspace, { definition: catalogue.get(form), site: site.code, serialFrom: 1, serialTo: printed });
      await simulateReturned(catalogue.get(form), site, count, 2026 + siteIndex * 10 + formIndex, join(scansOf(site.code), form), blackoutStart);
      if (late) {
        // The last serial's pages stay at the site until after the SITREP is sent.
        mkdirSync(lateScans, { recursive: true });
        const last = `${site.code}-${String(count).padStart(6, '0')}-`;
        for (const profile of site.profiles) {
          const dir = join(scansOf(site.code), form, profile);
          for (const file of readdirSync(dir).filter((name) => name.startsWith(last))) renameSync(join(dir, file), join(lateScans, file));
        }
      }
    }
    const summary = await ingestFiles(workspace, [scansOf(site.code)], { batch: 'demo-day', workers: 1 });
    expect(summary.outcomes.unreadable).toBe(0);
  } finally {
    workspace.close();
  }
}

// The three sites' laptops work side by side (the simulator and the reader wait on image encoding in turn).
beforeAll(async () => {
  await Promise.all(DEMO_SITES.map((site, index) => prepareSite(site, index)));
}, 120_000);

describe('the demo\'s sites by radio, then by their pages', () => {
  it('shows each site\'s own figures by radio in a fresh regional workspace, then counts the pages once', async () => {
    // Each site composes its SITREP from its own workspace; the region receives each as the operator wrote it down.
    const ownAtSending = new Map<string, SignalReport>();
    for (const site of DEMO_SITES) {
      const own = reportOf(siteDir(site.code));
      ownAtSending.set(site.code, own);
      // The coordinator reports the site as of the end of its last shift with paper: the minute before the end of the
      // report's last block. The message's period is that day up to that time; the pages of that day will cover it.
      const at = new Date(Date.parse(`${own.meta.period!.end}:00Z`) - 60_000).toISOString().slice(0, 16);
      const composed = runCli(['--workspace', siteDir(site.code), '--json', 'radio', 'compose', '--site', site.code, '--at', at]);
      expect(composed.code, composed.stderr).toBe(0);
      const message = JSON.parse(composed.stdout) as { text: string; check: number };
      expect(message.check).toBeLessThanOrEqual(25);
      expect(message.text).toContain(` ${at.slice(8, 10)}${at.slice(5, 7)} ${at.slice(11, 13)}${at.slice(14, 16)} `);
      const taken = runCli(['--workspace', regionDir, '--json', 'radio', 'receive', message.text.toLowerCase(), '--check', String(message.check), '--station', 'PA3RKN']);
      expect(taken.code, taken.stderr).toBe(0);
    }

    // The regional report: per site the site's own figures, by radio, provisional, and added to nothing.
    const byRadio = reportOf(regionDir);
    expect(byRadio.headline.households.value).toBe(0);
    expect(byRadio.needs.sites).toEqual([]);
    expect(byRadio.byRadio.map((row) => [row.site, row.replacedByPages, row.station])).toEqual(SITES.map((site) => [site, false, 'PA3RKN']));
    for (const row of byRadio.byRadio) {
      const own = ownAtSending.get(row.site)!;
      expect(row.figures).toEqual(ownFigures(own, row.site));
      // The most-heard needs, each with the site's own figure.
      const ownNeeds = own.needs.sites.find((site) => site.site === row.site)!.needs;
      const named = Object.entries(ownNeeds).filter(([, figure]) => figure.value === null || figure.value > 0);
      const listed = row.needs === '' ? [] : row.needs.split(', ').map((entry) => entry.split(' ') as [string, string]);
      expect(listed).toHaveLength(Math.min(3, named.length));
      for (const [code, shown] of listed) expect(shown).toBe(sent(ownNeeds[code]!));
    }
    expect(byRadio.byRadio.find((row) => row.site === LATE_SITE)!.figures.households).toBe(String(LATE_SITE_INTAKE));

    // After sending, one site scans a late sheet; then every site's pages travel to the region by bundle.
    const late = openWorkspace(siteDir(LATE_SITE), { create: false });
    try {
      expect((await ingestFiles(late, [lateScans], { batch: 'late' })).pages).toBeGreaterThan(0);
    } finally {
      late.close();
    }
    const bundles = DEMO_SITES.map((site) => {
      const workspace = openWorkspace(siteDir(site.code), { create: false });
      try {
        return exportBundle(workspace, { out: join(tmp, `${site.code}.plb`) });
      } finally {
        workspace.close();
      }
    });
    const region = openWorkspace(regionDir, { create: false });
    try {
      const results = importBundles(region, bundles.map((bundle) => bundle.file), { trust: bundles.map((bundle) => bundle.fingerprint) });
      expect(results.map((result) => result.state)).toEqual(['imported', 'imported', 'imported']);
    } finally {
      region.close();
    }

    // Counted once, from the pages: per site the site's own report, the headline their sum, the radio adding nothing.
    const merged = reportOf(regionDir);
    const own = new Map(DEMO_SITES.map((site) => [site.code, reportOf(siteDir(site.code))]));
    for (const site of SITES) {
      const mine = own.get(site)!.needs.sites.find((row) => row.site === site)!;
      const there = merged.needs.sites.find((row) => row.site === site)!;
      expect(there.households.value).toBe(mine.households.value);
      expect(there.persons.value).toBe(mine.persons.value);
    }
    // Every intake sheet is one household: the region counts each site's sheets once (3 + 3 + 5 sent + 1 late).
    expect(merged.headline.households.value).toBe(2 * FORMS[0].returned + LATE_SITE_INTAKE + 1);
    // Each radio row is marked replaced, the pages' figure beside the radio's: the late sheet shows as a difference.
    expect(merged.byRadio.map((row) => [row.site, row.replacedByPages])).toEqual(SITES.map((site) => [site, true]));
    for (const row of merged.byRadio) {
      const mine = own.get(row.site)!.needs.sites.find((site) => site.site === row.site)!;
      expect(row.pagesHouseholds).toBe(mine.households.shown);
      expect(row.figures.households).toBe(sent(ownAtSending.get(row.site)!.needs.sites.find((site) => site.site === row.site)!.households));
      if (row.site === LATE_SITE) expect(Number(row.pagesHouseholds)).toBe(Number(row.figures.households) + 1);
      else expect(row.figures.households).toBe(sent(mine.households));
    }

    // The same pages arriving again change nothing.
    const again = openWorkspace(regionDir, { create: false });
    try {
      expect(importBundles(again, bundles.map((bundle) => bundle.file)).map((result) => result.state)).toEqual(['already-imported', 'already-imported', 'already-imported']);
    } finally {
      again.close();
    }
    expect(reportOf(regionDir).headline).toEqual(merged.headline);
  });
});
