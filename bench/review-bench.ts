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
declare class MutationObserver { constructor(callback: () => void); observe(target: unknown, options: { attributes: boolean }): void; disconnect(): void }

/** Items in the simulated queue: enough for a stable median, small enough for a shared 2-core machine. */
const DIGIT_ITEMS = 60;
const CHECKBOX_ITEMS = 20;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

export async function benchReview(): Promise<Record<string, number | string>> {
  if (!existsSync(CHROMIUM)) return { skipped: `${CHROMIUM} is missing` };
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
