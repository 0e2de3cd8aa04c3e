/**
 * How fast the review page lets a keyboard reviewer go: a simulated reviewer in headless Chromium types each value
 * and presses Enter; we time from the Enter key to the next item rendered (its crop loaded), which includes saving.
 * Goal: under 150 ms per item, so the page is never the bottleneck (people need ~2-5 s per item).
 */
import { existsSync } from 'node:fs';
import { addField, addSheet, makeReviewWorkspace } from '../test/helpers/make-review-workspace.js';
import { startReviewServer } from '../src/review/index.js';
import { templatesDirOf } from '../src/cli/load-forms.js';
import { CHROMIUM, launchChromium } from '../test/helpers/chromium.js';

const REVIEW_TEMPLATES = templatesDirOf('review');

// Browser-side globals used inside page.evaluate (bench has no DOM types).
declare const document: { body: { dataset: Record<string, string | undefined> }; addEventListener(type: string, listener: (event: { key: string }) => void, capture: boolean): void };
declare const window: Record<string, unknown>;
declare const localStorage: { setItem(key: string, value: string): void };
declare class MutationObserver { constructor(callback: () => void); observe(target: unknown, options: { attributes: boolean }): void; disconnect(): void }

/** Items in the simulated queue: enough for a stable median, small enough for a shared 2-core machine. */
const DIGIT_ITEMS = 60;
const CHECKBOX_ITEMS = 20;
/** Unsure digit fields in the sweep run, and the share of them whose machine guess is wrong (the reviewer types those).
 * 10 %: the digits bench's review fields have a right guess 85–95 % of the time (digitsSim.*.fieldAccuracy). */
const SWEEP_FIELDS = 100;
const SWEEP_WRONG_GUESS_SHARE = 0.1;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

export async function benchReview(): Promise<Record<string, number | string>> {
  if (!existsSync(CHROMIUM)) return { skipped: `${CHROMIUM} is missing` };
  return { ...await benchOneByOne(), ...await benchSweep() };
}

/**
 * The digit sweep (sweep.html): 100 unsure digit fields, a tenth of them guessed wrong. A simulated reviewer who
 * knows the paper clicks each wrong tile, types the right digits, and presses Enter per screen. Counts every key
 * pressed and every click (and the arrows a keyboard-only reviewer would press instead of clicking); the goal is
 * ≤ 15 keypresses per 100 fields (one by one it is one Enter per field: ≥ 100).
 */
async function benchSweep(): Promise<Record<string, number | string>> {
  const fixture = makeReviewWorkspace();
  const { workspace, small } = fixture;
  const truth = new Map<string, string>();
  for (let serial = 1; serial <= SWEEP_FIELDS; serial++) {
    const sheet = await addSheet(workspace, small, 'UTR02', serial);
    const written = String(1 + (serial % 6));
    // Every tenth field (spread over the batch) was misread as a 7.
    const guess = serial % Math.round(1 / SWEEP_WRONG_GUESS_SHARE) === 0 ? '7' : written;
    await addField(workspace, sheet, { fieldId: 'n_total', value: '?', guess, status: 'needs-review', reasons: ['digits-unsure'], written });
    truth.set(`field:${sheet.sheetId}:n_total`, written);
  }
  const server = await startReviewServer(workspace, { templatesDir: REVIEW_TEMPLATES, port: 0, identifyPage: async () => ({ ok: false, message: 'not in this bench' }) });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(server.url);
    await page.evaluate(() => { localStorage.setItem('paperlink.reviewer', 'Bench'); });
    await page.goto(`${new URL(server.url).origin}/sweep`);
    let keys = 0;
    let clicks = 0;
    let arrows = 0;
    let screens = 0;
    for (;;) {
      await page.waitForFunction(() => document.body.dataset['ready'] === '1');
      const screen = await page.evaluate(() => document.body.dataset['screen'] ?? '');
      if (screen === '') break;
      const tiles = screen.split(',');
      const guesses = (await page.evaluate(() => document.body.dataset['guesses'] ?? '')).split(',');
      const columns = 6;
      let at = 0;
      for (const [index, key] of tiles.entries()) {
        const written = truth.get(key) ?? '';
        if (guesses[index] === written) continue;
        // The odd tile stands out in its group: the reviewer clicks it (as the issue allows) and types the digits.
        // The arrows a keyboard-only reviewer would press instead are counted apart.
        await page.click(`.sweep-tile[data-key="${key}"]`);
        clicks++;
        arrows += Math.abs(Math.floor(index / columns) - Math.floor(at / columns)) + Math.abs((index % columns) - (at % columns));
        at = index;
        for (const digit of written) { await page.keyboard.press(digit); keys++; }
      }
      await page.keyboard.press('Enter');
      keys++;
      screens++;
      await page.waitForFunction((previous) => document.body.dataset['screen'] !== previous, screen);
    }
    const totalMs = performance.now() - started;
    const rows = workspace.db.prepare(`SELECT field_id, value_json, sheet_id FROM sheet_fields WHERE status = 'reviewed'`).all() as { sheet_id: number; value_json: string }[];
    const right = rows.filter((row) => JSON.parse(row.value_json) === truth.get(`field:${row.sheet_id}:n_total`)).length;
    return {
      'sweep.fields': SWEEP_FIELDS,
      'sweep.wrongGuessShare': SWEEP_WRONG_GUESS_SHARE,
      'sweep.screens': screens,
      'sweep.keypressesPer100Fields': Math.round((keys / SWEEP_FIELDS) * 100 * 10) / 10,
      'sweep.clicksPer100Fields': Math.round((clicks / SWEEP_FIELDS) * 100 * 10) / 10,
      'sweep.keyboardOnlyKeypressesPer100Fields': Math.round(((keys + arrows) / SWEEP_FIELDS) * 100 * 10) / 10,
      'sweep.reviewedRightInStore': right,
      'sweep.fieldsPerMinute': Math.round((SWEEP_FIELDS / totalMs) * 60_000),
      'sweep.goalKeypressesPer100Fields': 15,
    };
  } finally {
    await browser.close();
    await server.close();
    fixture.close();
  }
}

/** One item at a time (review.html): ms from the Enter key to the next item rendered. */
async function benchOneByOne(): Promise<Record<string, number | string>> {
  const fixture = makeReviewWorkspace();
  const { workspace, small } = fixture;
  for (let serial = 1; serial <= DIGIT_ITEMS + CHECKBOX_ITEMS; serial++) {
    const sheet = await addSheet(workspace, small, 'UTR02', serial);
    if (serial <= DIGIT_ITEMS) await addField(workspace, sheet, { fieldId: 'n_total', value: '?', guess: '3', status: 'needs-review', reasons: ['digits-unsure'], written: String(serial % 13) });
    else await addField(workspace, sheet, { fieldId: 'needs', value: ['water'], status: 'needs-review', reasons: ['marginal-mark'] });
  }
  const server = await startReviewServer(workspace, { templatesDir: REVIEW_TEMPLATES, port: 0, identifyPage: async () => ({ ok: false, message: 'not in this bench' }) });
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    const started = performance.now();
    await page.goto(server.url);
    await page.keyboard.type('Bench');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.body.dataset['ready'] === '1');
    await page.evaluate(() => {
      document.addEventListener('keydown', (event) => { if (event.key === 'Enter') window['enterAt'] = performance.now(); }, true);
    });
    const inPageMs: number[] = [];
    let done = 0;
    for (;;) {
      const key = await page.evaluate(() => document.body.dataset['itemKey'] ?? '');
      if (key === '') break;
      const rendered = page.evaluate((previous) => new Promise<number>((resolve) => {
        const check = (): boolean => document.body.dataset['ready'] === '1' && document.body.dataset['itemKey'] !== previous;
        const observer = new MutationObserver(() => {
          if (check()) { observer.disconnect(); resolve(performance.now() - Number(window['enterAt'])); }
        });
        observer.observe(document.body, { attributes: true });
      }), key);
      if (key.endsWith(':needs')) await page.keyboard.press('2');
      else await page.keyboard.type(String((done % 9) + 1));
      await page.keyboard.press('Enter');
      inPageMs.push(await rendered);
      done += 1;
    }
    const totalMs = performance.now() - started;
    const sorted = [...inPageMs].sort((a, b) => a - b);
    const reviewed = workspace.db.prepare(`SELECT COUNT(*) FROM sheet_fields WHERE status = 'reviewed'`).pluck().get() as number;
    return {
      items: done,
      reviewedInStore: reviewed,
      itemsPerMinute: Math.round((done / totalMs) * 60_000),
      medianMsPerItem: Math.round(percentile(sorted, 0.5) * 10) / 10,
      p90MsPerItem: Math.round(percentile(sorted, 0.9) * 10) / 10,
      maxMsPerItem: Math.round((sorted[sorted.length - 1] ?? 0) * 10) / 10,
      goalMsPerItem: 150,
      note: 'ms from the Enter key to the next item rendered with its crop (decision saved); items/min from page load to last save, simulated keyboard',
    };
  } finally {
    await browser.close();
    await server.close();
    fixture.close();
  }
}
