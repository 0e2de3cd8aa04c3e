import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mupdf from 'mupdf';
import { PaperlinkError } from '../../src/model/index.js';
import { buildFollowupList, buildReport, type Figure, type ReportResult } from '../../src/report/index.js';
import { FIXTURE_SITES, makeReportFixture, type Fixture } from '../helpers/report-fixture.js';
import { templatesDirOf } from '../../src/cli/load-forms.js';
import { haveChromium, launchChromium } from '../helpers/chromium.js';

const REPORT_TEMPLATES = templatesDirOf('report');

const NOW = new Date('2026-03-15T07:00:00.000Z');

function pdfText(file: string): string {
  const doc = mupdf.Document.openDocument(readFileSync(file), 'application/pdf');
  const pages: string[] = [];
  for (let i = 0; i < doc.countPages(); i++) pages.push(doc.loadPage(i).toStructuredText('').asText());
  return pages.join('\n');
}

/** A figure as published: counts of 1–4 hidden as <5, everything else as it is (unless hidden as a complement). */
function expectFigure(figure: Figure, truth: number): void {
  if (truth >= 1 && truth < 5) expect(figure.shown).toBe('<5');
  else if (!figure.hidden) expect(figure.value).toBe(truth);
  else expect(figure.shown).toBe('x');
}

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...rows] = text.trim().split('\n').map((line) => line.split(','));
  return rows.map((row) => Object.fromEntries(header!.map((column, index) => [column, row[index] ?? ''])));
}

const browserHere = haveChromium('report browser test');

describe('buildReport', () => {
  let fixture: Fixture;
  let outDir: string;
  let result: ReportResult;

  beforeAll(async () => {
    fixture = makeReportFixture();
    outDir = mkdtempSync(join(tmpdir(), 'paperlink-report-'));
    result = await buildReport(fixture.tw.workspace, { templatesDir: REPORT_TEMPLATES, outDir, block: '1d', now: NOW, lang: 'nl' });
  });
  afterAll(() => fixture.tw.close());

  it('counts households, people, needs and at-risk per site as inserted', () => {
    const { report } = result;
    const { truth } = fixture;
    for (const site of FIXTURE_SITES) {
      const row = report.needs.sites.find((candidate) => candidate.site === site)!;
      expect(row.households.value).toBe(truth.households[site]);
      expect(row.persons.value).toBe(truth.persons[site]);
      for (const [need, count] of Object.entries(truth.need[site]!)) expectFigure(row.needs[need]!, count);
      expectFigure(report.atRisk.sites.find((candidate) => candidate.site === site)!.counts['elderly_alone']!, truth.elderlyAlone[site]!);
      const rfl = report.familyLinks.sites.find((candidate) => candidate.site === site)!;
      expectFigure(rfl.safe, truth.rflSafe[site]!);
      expectFigure(rfl.tracing, truth.rflTracing[site]!);
    }
    expect(report.headline.households.value).toBe(Object.values(truth.households).reduce((a, b) => a + b, 0));
    expect(report.headline.urgentNow.value).toBe(truth.urgentNow);
    expect(report.meta.timeSource.pending).toBe(truth.scanTimed);
    expect(report.meta.timeSource.scan).toBe(0);
  });

  it('writes signal.csv with one row per site × block and the same numbers', () => {
    const rows = parseCsv(readFileSync(result.files.signalCsv, 'utf8'));
    expect(rows).toHaveLength(FIXTURE_SITES.length);
    for (const site of FIXTURE_SITES) {
      const row = rows.find((candidate) => candidate['site_code'] === site)!;
      expect(row['households_registered']).toBe(String(fixture.truth.households[site]));
      expect(row['persons_registered']).toBe(String(fixture.truth.persons[site]));
      const safe = fixture.truth.rflSafe[site]!;
      expect(row['rfl_safe_registrations']).toMatch(safe < 5 ? /^<5$/ : new RegExp(`^(${safe}|x)$`));
      expect(row['period_start']).toBe('2026-03-14T00:00+01:00');
    }
    // Without --hxl the second line is data, not hashtags.
    expect(readFileSync(result.files.signalCsv, 'utf8').split('\n')[1]).not.toMatch(/^#/);
  });

  it('flags the supply difference and sums what was handed out', () => {
    const water = result.report.supplies.rows.filter((row) => row.item === 'water_l');
    for (const site of FIXTURE_SITES) {
      expect(water.filter((row) => row.site === site).reduce((sum, row) => sum + row.distributed, 0)).toBe(fixture.truth.waterDistributed[site]);
    }
    expect(result.report.supplies.discrepancies.map((row) => [row.site, row.item, row.discrepancy])).toEqual(FIXTURE_SITES.map((site) => [site, 'water_l', 4]));
    const csv = parseCsv(readFileSync(result.files.distributionCsv, 'utf8'));
    expect(csv.filter((row) => row['item_code'] === 'water_l' && row['discrepancy_flag'] === 'yes')).toHaveLength(3);
  });

  it('marks the report and the affected figures provisional while a value awaits review', () => {
    const { report } = result;
    expect(report.meta.provisional).toBe(true);
    expect(report.coverage.fieldsAwaitingReview).toBe(fixture.truth.awaitingNeeds + fixture.truth.scanTimed);
    const site = report.needs.sites.find((candidate) => candidate.site === 'AMS01')!;
    expect(Object.values(site.needs).every((figure) => figure.provisional)).toBe(true);
    expect(site.households.provisional).toBeUndefined();
    // A sheet placed at its scan time while its written time awaits review stars that period, not the site total.
    const scanDay = report.needs.blocks.find((block) => block.site === 'AMS01' && block.period.start.startsWith('2026-03-14'))!;
    expect(scanDay.persons.provisional).toBe(true);
    expect(site.persons.provisional).toBeUndefined();
    const html = readFileSync(result.files.html, 'utf8');
    expect(html).toContain('VOORLOPIG');
    expect(pdfText(result.files.pdf)).toContain('VOORLOPIG');
    // Scan outcomes are named in the report's language too (the fixture has a page scanned twice).
    expect(html).toContain('dubbel gescand');
    expect(html).not.toMatch(/<td[^>]*>\s*duplicate\s*<\/td>/);
  });

  it('puts the same totals in the PDF text as in report.json', () => {
    const text = pdfText(result.files.pdf);
    expect(text).toContain(result.report.headline.households.shown);
    expect(text).toContain(result.report.headline.persons.shown);
    expect(text).toContain('Samenvatting');
    for (const site of FIXTURE_SITES) expect(text).toContain(site);
  });

  it('never writes a name, serial, card number or free text into any output file', () => {
    const texts = readdirSync(outDir).map((file) => ({ file, text: file.endsWith('.pdf') ? pdfText(join(outDir, file)) : readFileSync(join(outDir, file), 'utf8') }));
    expect(texts.map((entry) => entry.file).sort()).toEqual(['distribution.csv', 'needs.csv', 'report.html', 'report.json', 'report.pdf', 'signal.csv']);
    for (const { file, text } of texts) {
      for (const secret of fixture.secrets) {
        expect(text.includes(secret), `${secret} found in ${file}`).toBe(false);
      }
    }
  });

  it.skipIf(!browserHere)('opens in headless Chromium with no console error and no network request', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
      page.on('pageerror', (error) => errors.push(error.message));
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (!url.startsWith('data:') && !url.startsWith('about:') && !url.startsWith('file:')) requests.push(url);
        return url.startsWith('file:') || url.startsWith('data:') || url.startsWith('about:') ? route.continue() : route.abort();
      });
      page.on('request', (request) => { const url = request.url(); if (!url.startsWith('data:') && !url.startsWith('about:') && !url.startsWith('file:')) requests.push(url); });
      await page.goto(`file://${result.files.html}`);
      const firstScreen = String(await page.evaluate('document.body.innerText')).slice(0, 2000);
      expect(firstScreen).toContain('Samenvatting');
      mkdirSync('test/.artifacts', { recursive: true });
      await page.screenshot({ path: 'test/.artifacts/report-first-screen.png' });
      await page.screenshot({ path: 'test/.artifacts/report-full.png', fullPage: true });
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('adds the HXL hashtag row only with --hxl, and writes English with --lang en', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperlink-report-hxl-'));
    const english = await buildReport(fixture.tw.workspace, { templatesDir: REPORT_TEMPLATES, outDir: dir, block: '1d', now: NOW, lang: 'en', hxl: true });
    const lines = readFileSync(english.files.signalCsv, 'utf8').split('\n');
    const header = lines[0]!.split(',');
    const tags = lines[1]!.split(',');
    expect(tags[header.indexOf('households_registered')]).toBe('#affected+hh');
    expect(tags[header.indexOf('persons_65p')]).toBe('#affected+ind+elderly+age_65_');
    expect(tags[header.indexOf('hh_need_water')]).toBe('#inneed+hh+water');
    expect(tags[header.indexOf('referrals_homevisit')]).toBe('#output+num+referral_homevisit');
    expect(readFileSync(english.files.needsCsv, 'utf8').split('\n')[1]).toMatch(/^#date\+start,#date\+end,#loc\+code/);
    expect(readFileSync(english.files.html, 'utf8')).toContain('Summary: what do people need');
    expect(english.report.needs.categories.find((category) => category.code === 'water')!.label).toBe('Drinking water');
  });

  it('writes the same files for the same workspace and options', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperlink-report-again-'));
    const again = await buildReport(fixture.tw.workspace, { templatesDir: REPORT_TEMPLATES, outDir: dir, block: '1d', now: NOW, lang: 'nl' });
    for (const key of ['html', 'pdf', 'signalCsv', 'needsCsv', 'distributionCsv', 'json'] as const) {
      expect(readFileSync(again.files[key]).equals(readFileSync(result.files[key])), key).toBe(true);
    }
  });

  it('leaves sensitive and family-link columns empty in 6-hour blocks (never finer than a day)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperlink-report-6h-'));
    const sixHours = await buildReport(fixture.tw.workspace, { templatesDir: REPORT_TEMPLATES, outDir: dir, block: '6h', now: NOW });
    const rows = parseCsv(readFileSync(sixHours.files.signalCsv, 'utf8'));
    expect(rows.length).toBeGreaterThan(FIXTURE_SITES.length);
    expect(rows.every((row) => row['hh_elderly_alone'] === '' && row['rfl_safe_registrations'] === '')).toBe(true);
    expect(sixHours.report.atRisk.days.every((row) => /^\d{4}-\d{2}-\d{2}$/.test(row.day))).toBe(true);
  });

  it('refuses --no-suppress without --restricted, and marks a restricted report on every page', async () => {
    await expect(buildReport(fixture.tw.workspace, { templatesDir: REPORT_TEMPLATES, outDir: join(outDir, 'x'), suppress: false })).rejects.toThrow(PaperlinkError);
    await expect(buildReport(fixture.tw.workspace, { templatesDir: REPORT_TEMPLATES, outDir: join(outDir, 'x'), suppress: false })).rejects.toMatchObject({ code: 'argument-invalid' });
    const dir = mkdtempSync(join(tmpdir(), 'paperlink-report-restricted-'));
    const restricted = await buildReport(fixture.tw.workspace, { templatesDir: REPORT_TEMPLATES, outDir: dir, suppress: false, restricted: true, now: NOW });
    expect(restricted.report.hiddenCells).toBe(0);
    const doc = mupdf.Document.openDocument(readFileSync(restricted.files.pdf), 'application/pdf');
    for (let i = 0; i < doc.countPages(); i++) expect(doc.loadPage(i).toStructuredText('').asText()).toContain('VERTROUWELIJK');
    expect(readFileSync(restricted.files.html, 'utf8')).toContain('VERTROUWELIJK');
  });

  it('lists life-safety cases only in the restricted follow-up list, with the contact strip as transcribed', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'paperlink-followup-')), 'followup.html');
    const list = buildFollowupList(fixture.tw.workspace, { templatesDir: REPORT_TEMPLATES, outFile: file, lang: 'en', now: NOW });
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('RESTRICTED');
    // i = 2 at every site: ventilator + home visit, with name transcribed; urgency "now" cases have no strip yet.
    const ventilator = list.cases.filter((item) => item.reasons.some((reason) => reason.startsWith('ventilator')));
    expect(ventilator.map((item) => item.site)).toEqual([...FIXTURE_SITES]);
    expect(ventilator[0]!.batteryHours).toBe('03');
    expect(ventilator[0]!.contact.find((entry) => entry.label === 'Contact name')!.text).toBe('ZorgvragerAMS01X2');
    const urgent = list.cases.find((item) => item.reasons.some((reason) => reason.startsWith('Life-threatening')) && item.serial !== 41003)!;
    expect(urgent.contact.find((entry) => entry.label === 'Contact name')!.text).toBeNull();
    expect(html).toContain('not yet transcribed');
    expect(readFileSync(list.csvFile, 'utf8')).toContain('ZorgvragerAMS01X2');
  });
});
