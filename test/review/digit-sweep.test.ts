/**
 * The digit sweep: which fields a screen takes and in what order, leases between reviewers, decisions logged like
 * one-by-one review; and the page itself in real headless Chromium (Debian's chromium, never a download).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { addField, addSheet, fakeIdentifyPage, makeReviewWorkspace, storedField, type ReviewWorkspace } from '../helpers/make-review-workspace.js';
import { makeFormLookup, startReviewServer, type ReviewServer } from '../../src/review/index.js';
import { decideSweep, serveSweep } from '../../src/review/digit-sweep.js';
import { listDecisions } from '../../src/store/index.js';
import { templatesDirOf } from '../../src/cli/load-forms.js';
import { haveChromium, launchChromium } from '../helpers/chromium.js';

declare const document: { body: { dataset: Record<string, string | undefined> } };
declare const localStorage: { setItem(key: string, value: string): void };

let fixture: ReviewWorkspace;
beforeEach(() => { fixture = makeReviewWorkspace(); });
afterEach(() => { fixture.close(); });

/** Sheets 1..n of UTR02, each with an unsure n_total whose machine guess is guesses[i]. */
async function unsureTotals(guesses: readonly string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const [index, guess] of guesses.entries()) {
    const sheet = await addSheet(fixture.workspace, fixture.small, 'UTR02', index + 1);
    await addField(fixture.workspace, sheet, { fieldId: 'n_total', value: '?', guess, status: 'needs-review', reasons: ['digits-unsure'], written: guess });
    ids.push(sheet.sheetId);
  }
  return ids;
}

describe('serveSweep and decideSweep', () => {
  it('takes only digit fields whose one doubt is unsure digits, grouped by guessed value', async () => {
    const ids = await unsureTotals(['3', '1', '3', '12', '1']);
    const extra = await addSheet(fixture.workspace, fixture.small, 'UTR02', 9);
    // Not sweepable: digits that cannot be right, and ticks.
    await addField(fixture.workspace, extra, { fieldId: 'n_total', value: '99', guess: '99', status: 'needs-review', reasons: ['digits-out-of-range'] });
    await addField(fixture.workspace, extra, { fieldId: 'needs', value: ['water'], status: 'needs-review', reasons: ['marginal-mark'] });
    const screen = serveSweep(fixture.workspace, makeFormLookup(fixture.workspace), 'Anna', {});
    expect(screen.left).toBe(5);
    expect(screen.items.map((item) => item.guess)).toEqual(['1', '1', '3', '3', '12']);
    expect(new Set(screen.items.map((item) => item.key))).toEqual(new Set(ids.map((id) => `field:${id}:n_total`)));
  });

  it('gives two reviewers disjoint screens, and the same screen again on a reload', async () => {
    await unsureTotals(Array.from({ length: 10 }, (_, i) => String(i % 4)));
    const forms = makeFormLookup(fixture.workspace);
    const anna = serveSweep(fixture.workspace, forms, 'Anna', {}, 6);
    const ben = serveSweep(fixture.workspace, forms, 'Ben', {}, 6);
    expect(anna.items).toHaveLength(6);
    expect(ben.items).toHaveLength(4);
    const annaKeys = anna.items.map((item) => item.key);
    expect(ben.items.some((item) => annaKeys.includes(item.key))).toBe(false);
    expect(serveSweep(fixture.workspace, forms, 'Anna', {}, 6).items.map((item) => item.key)).toEqual(annaKeys);
  });

  it('confirms, corrects and marks illegible, each logged as the reviewer’s decision; another’s lease is refused', async () => {
    const [a, b, c, d] = await unsureTotals(['4', '7', '2', '5']);
    const forms = makeFormLookup(fixture.workspace);
    serveSweep(fixture.workspace, forms, 'Ben', {}, 1); // Ben holds the first field in sweep order: sheet c ('2')
    const results = decideSweep(fixture.workspace, forms, 'Anna', [
      { key: `field:${a}:n_total` }, { key: `field:${b}:n_total`, value: '1' }, { key: `field:${d}:n_total`, illegible: true },
      { key: `field:${c}:n_total` },
    ]);
    expect(results.map((r) => r.result.ok)).toEqual([true, true, true, false]);
    expect(storedField(fixture.workspace, a!, 'n_total')).toEqual({ value: '4', status: 'reviewed' });
    expect(storedField(fixture.workspace, b!, 'n_total')).toEqual({ value: '1', status: 'reviewed' });
    expect(storedField(fixture.workspace, d!, 'n_total')).toEqual({ value: null, status: 'reviewed' });
    expect(storedField(fixture.workspace, c!, 'n_total').status).toBe('needs-review');
    expect(listDecisions(fixture.workspace).map((row) => [row.reviewer, row.action])).toEqual([['Anna', 'confirm'], ['Anna', 'set'], ['Anna', 'illegible']]);
  });
});

const browserHere = haveChromium('digit sweep browser tests');
let browser: Browser;
let server: ReviewServer | undefined;
beforeAll(async () => { if (browserHere) browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });
afterEach(async () => { await server?.close(); server = undefined; });

describe.skipIf(!browserHere)('digit sweep page', () => {
  it('a reviewer confirms a screen with one key after typing over the odd one, then the next screen', async () => {
    // 30 household totals: most read "2", two read "7" where the paper says 1 (the odd ones a person corrects).
    const guesses = Array.from({ length: 30 }, (_, i) => (i === 4 || i === 17 ? '7' : '2'));
    const ids = await unsureTotals(guesses);
    server = await startReviewServer(fixture.workspace, {
      templatesDir: templatesDirOf('review'), port: 0, identifyPage: fakeIdentifyPage(fixture.workspace, [], []).identifyPage,
    });
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    // The printed address sets the access cookie; the reviewer's name is remembered from the review page.
    await page.goto(server.url);
    await page.evaluate(() => localStorage.setItem('paperlink.reviewer', 'Anna'));
    await page.goto(`${new URL(server.url).origin}/sweep`);
    await page.waitForFunction(() => document.body.dataset['ready'] === '1' && (document.body.dataset['screen'] ?? '') !== '');
    const first = (await page.evaluate(() => document.body.dataset['screen'] ?? '')).split(',');
    expect(first).toHaveLength(24);
    // Grouped by guess: the first screen holds only fields read "2"; the two read "7" come together on the next one.
    const sevens = [ids[4], ids[17]].map((id) => `field:${id}:n_total`);
    expect(first.some((key) => sevens.includes(key))).toBe(false);
    let keys = 0;
    const press = async (key: string): Promise<void> => { await page.keyboard.press(key); keys++; };
    await press('Enter');
    await page.waitForFunction((prev) => document.body.dataset['ready'] === '1' && document.body.dataset['screen'] !== prev, first.join(','));
    const second = (await page.evaluate(() => document.body.dataset['screen'] ?? '')).split(',');
    expect(second).toHaveLength(6);
    expect(second.slice(-2).sort()).toEqual([...sevens].sort());
    await page.screenshot({ path: 'test/.artifacts/digit-sweep.png' });
    // The paper says 1 where the machine read 7: Right ×4 to the first of them, type 1; Right, 1; Enter.
    for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight', '1', 'ArrowRight', '1', 'Enter']) await press(key);
    await page.waitForFunction(() => document.body.dataset['ready'] === '1' && document.body.dataset['screen'] === '');
    expect(keys).toBe(9);
    for (const [index, id] of ids.entries()) {
      expect(storedField(fixture.workspace, id, 'n_total'), `sheet ${index + 1}`).toEqual({ value: index === 4 || index === 17 ? '1' : '2', status: 'reviewed' });
    }
    const decisions = listDecisions(fixture.workspace);
    expect(decisions).toHaveLength(30);
    expect(decisions.every((row) => row.reviewer === 'Anna')).toBe(true);
    expect(decisions.filter((row) => row.action === 'set').map((row) => (JSON.parse(row.newJson ?? 'null') as { value: unknown }).value)).toEqual(['1', '1']);
    await context.close();
  });
});
