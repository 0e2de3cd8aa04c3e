/**
 * The review page in real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core; never a download):
 * keyboard-only reviewing, two reviewers at once, identifying an unreadable page, and the family-link gate.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  addConflictCapture, addField, addSheet, addUnreadablePage, fakeIdentifyPage, makeReviewWorkspace, storedField, type ReviewWorkspace,
} from '../helpers/make-review-workspace.js';
import { startReviewServer, type ReviewServer, type IdentifyPage } from '../../src/review/index.js';
import { humanSheetId } from '../../src/model/index.js';
import { listDecisions } from '../../src/store/index.js';
import { templatesDirOf } from '../../src/cli/load-forms.js';
import { sharedBrowser } from '../helpers/chromium.js';

const REVIEW_TEMPLATES = templatesDirOf('review');

// The functions passed to page.evaluate run in the browser; the test tsconfig has no DOM types, so declare the little used.
declare const document: { body: { dataset: Record<string, string | undefined> } };

const chromium = sharedBrowser('review page browser tests');
const browserHere = chromium.here;

let fixture: ReviewWorkspace;
let server: ReviewServer | undefined;

beforeEach(() => { fixture = makeReviewWorkspace(); });
afterEach(async () => { await server?.close(); server = undefined; fixture.close(); });

async function start(identifyPage?: IdentifyPage): Promise<ReviewServer> {
  server = await startReviewServer(fixture.workspace, { templatesDir: REVIEW_TEMPLATES, port: 0, identifyPage: identifyPage ?? fakeIdentifyPage(fixture.workspace, [], []).identifyPage });
  return server;
}

/** Opens the page as a new reviewer: types the name once, waits for the first item. */
async function openAs(name: string, url: string): Promise<Page> {
  const context = await chromium.browser().newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('#name-input').waitFor();
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.body.dataset['ready'] === '1');
  return page;
}

async function currentKey(page: Page): Promise<string> {
  return page.evaluate(() => document.body.dataset['itemKey'] ?? '');
}

/** Waits until an item other than `previous` is rendered (crop loaded), i.e. the decision was saved and the next shown. */
async function nextItem(page: Page, previous: string): Promise<string> {
  await page.waitForFunction((prev) => document.body.dataset['ready'] === '1' && document.body.dataset['itemKey'] !== prev, previous);
  return currentKey(page);
}

describe.skipIf(!browserHere)('review page', () => {
  it('a reviewer clears a mixed queue by keyboard only, and the stored values are the reviewed ones', async () => {
    const { workspace, small } = fixture;
    const a = await addSheet(workspace, small, 'UTR02', 1);
    await addField(workspace, a, { fieldId: 'n_total', value: '1?', guess: '17', status: 'needs-review', reasons: ['digits-unsure'], written: '12' });
    await addField(workspace, a, { fieldId: 'needs', value: ['water'], status: 'needs-review', reasons: ['marginal-mark'], written: 'water ✓ food ✓' });
    await addField(workspace, a, { fieldId: 'remarks', value: null, status: 'needs-review', reasons: ['text-to-transcribe'], written: 'deken nodig' });
    await addField(workspace, a, { fieldId: 'rfl_message', value: null, status: 'needs-review', reasons: ['text-to-transcribe'], written: 'Wij zijn veilig' });
    const b = await addSheet(workspace, small, 'UTR02', 2);
    await addField(workspace, b, { fieldId: 'n_total', value: '4', guess: '4', status: 'needs-review', reasons: ['digits-out-of-range'] });
    await addField(workspace, b, { fieldId: 'urgency', value: null, guess: 'h24', status: 'needs-review', reasons: ['several-choices'] });
    await addField(workspace, b, { fieldId: 'remarks', value: null, status: 'needs-review', reasons: ['text-to-transcribe'], written: '~~~' });
    const c = await addSheet(workspace, small, 'UTR02', 3);
    await addField(workspace, c, { fieldId: 'needs', value: ['food'], status: 'auto' });
    await addConflictCapture(workspace, small, c, 'UTR02', 3, { fieldId: 'needs', value: ['food', 'warmth'], status: 'auto' });
    const { url } = await start();
    const page = await openAs('Anna', url);

    // What a reviewer presses for each item: keys only, no mouse.
    const keysFor: Record<string, string[]> = {
      [`field:${b.sheetId}:urgency`]: ['1', 'Enter'],                 // life-safety question first: pick "now"
      // "now" is a life-safety tick: the rest of that sheet jumps the queue.
      [`field:${b.sheetId}:n_total`]: ['Enter'],                      // confirms the machine's 4
      [`field:${b.sheetId}:remarks`]: ['F2'],                         // illegible
      [`field:${c.sheetId}:needs`]: ['2', 'Enter'],                   // conflict: the second scan is right
      [`field:${a.sheetId}:n_total`]: ['1', '2', 'Enter'],            // types 12 over the machine's 1?
      [`field:${a.sheetId}:needs`]: ['2', 'Enter'],                   // ticks food as well
      [`field:${a.sheetId}:remarks`]: [...'deken nodig', 'Enter'].map((k) => (k === ' ' ? 'Space' : k)),
    };
    // The field filter names fields as the form prints them, not by their ids.
    await expect.poll(() => page.locator('#filter-field option').allTextContents()).toContain('Aantal personen');
    expect(await page.locator('#filter-field option').allTextContents()).not.toContain('n_total');

    const seen: string[] = [];
    let key = await currentKey(page);
    await page.screenshot({ path: 'test/.artifacts/review-1366x768.png' });
    while (key !== '') {
      seen.push(key);
      if (key === `field:${a.sheetId}:n_total`) await page.screenshot({ path: 'test/.artifacts/review-digits-1366x768.png' });
      if (key === `field:${c.sheetId}:needs`) await page.screenshot({ path: 'test/.artifacts/review-conflict-1366x768.png' });
      const keys = keysFor[key];
      if (!keys) throw new Error(`unexpected item ${key}`);
      for (const press of keys) await page.keyboard.press(press === ' ' ? 'Space' : press);
      key = await nextItem(page, key);
    }
    expect(seen).toEqual(Object.keys(keysFor));
    expect(await page.locator('.empty').textContent()).toContain('Alles gedaan');
    expect(storedField(workspace, b.sheetId, 'urgency')).toEqual({ value: 'now', status: 'reviewed' });
    expect(storedField(workspace, c.sheetId, 'needs')).toEqual({ value: ['food', 'warmth'], status: 'reviewed' });
    expect(storedField(workspace, a.sheetId, 'n_total')).toEqual({ value: '12', status: 'reviewed' });
    expect(storedField(workspace, b.sheetId, 'n_total')).toEqual({ value: '4', status: 'reviewed' });
    expect(storedField(workspace, a.sheetId, 'needs')).toEqual({ value: ['water', 'food'], status: 'reviewed' });
    expect(storedField(workspace, a.sheetId, 'remarks')).toEqual({ value: 'deken nodig', status: 'reviewed' });
    expect(storedField(workspace, b.sheetId, 'remarks')).toEqual({ value: null, status: 'reviewed' });
    expect(listDecisions(workspace).map((decision) => decision.action)).toEqual(['set', 'confirm', 'illegible', 'pick-reading', 'set', 'set', 'set']);
    expect(storedField(workspace, a.sheetId, 'rfl_message').status).toBe('needs-review');

    // Backspace on the empty page goes back: the last decision is undone and its item returns.
    await page.keyboard.press('Backspace');
    expect(await nextItem(page, '')).toBe(`field:${a.sheetId}:remarks`);
    expect(storedField(workspace, a.sheetId, 'remarks').status).toBe('needs-review');
    for (const press of [...'deken nodig, 2x', 'Enter']) await page.keyboard.press(press === ' ' ? 'Space' : press);
    await nextItem(page, `field:${a.sheetId}:remarks`);
    expect(storedField(workspace, a.sheetId, 'remarks').value).toBe('deken nodig, 2x');

    // Family-link text appears only once the reviewer opens that queue.
    await page.locator('#queue-toggle').click();
    expect(await nextItem(page, '')).toBe(`field:${a.sheetId}:rfl_message`);
    await expect.poll(() => page.locator('#rfl-banner').isVisible()).toBe(true);
  });

  it('two reviewers in two browsers work one queue at once without getting the same item', async () => {
    const { workspace, small } = fixture;
    for (let serial = 1; serial <= 12; serial++) {
      const sheet = await addSheet(workspace, small, 'UTR02', serial, { withPageImage: false });
      await addField(workspace, sheet, { fieldId: 'n_total', value: '?', status: 'needs-review', reasons: ['digits-unsure'], written: String(serial) });
    }
    const { url } = await start();
    const [anna, bram] = await Promise.all([openAs('Anna', url), openAs('Bram', url)]);
    const work = async (page: Page): Promise<string[]> => {
      const done: string[] = [];
      let key = await currentKey(page);
      while (key !== '') {
        done.push(key);
        await page.keyboard.type(key.split(':')[1] ?? '');
        await page.keyboard.press('Enter');
        key = await nextItem(page, key);
      }
      return done;
    };
    const [byAnna, byBram] = await Promise.all([work(anna), work(bram)]);
    const all = [...byAnna, ...byBram];
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(12);
    expect(byAnna.length).toBeGreaterThan(0);
    expect(byBram.length).toBeGreaterThan(0);
    const decisions = listDecisions(workspace);
    expect(decisions).toHaveLength(12);
    expect(new Set(decisions.map((decision) => decision.reviewer))).toEqual(new Set(['Anna', 'Bram']));
    for (const decision of decisions) expect(JSON.parse(decision.newJson ?? '{}').value).toBe(String(decision.sheetId));
  });

  it('an unreadable page is identified by its printed id and then read like any other page', async () => {
    const { workspace, small } = fixture;
    const inputId = await addUnreadablePage(workspace, small, 'UTR02', 42);
    const fake = fakeIdentifyPage(workspace, [small], [{ fieldId: 'n_total', value: '?', guess: '5', status: 'needs-review', reasons: ['digits-unsure'], written: '5' }]);
    const { url } = await start(fake.identifyPage);
    const page = await openAs('Anna', url);
    expect(await currentKey(page)).toBe(`input:${inputId}`);
    expect(await page.locator('.reason').textContent()).toBe('Geen QR-code gevonden.');
    await page.locator('#lang-toggle').click();                     // English on request
    expect(await page.locator('.reason').textContent()).toBe('No QR code was found.');
    expect(await page.locator('.title').textContent()).toBe('Review');
    await page.locator('#answer').focus();
    await page.screenshot({ path: 'test/.artifacts/review-unreadable-1366x768.png' });
    await page.keyboard.type('UTR02-000042-1-X');                  // a typo in the check character
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#message').textContent()).toContain('does not check out');
    expect(fake.calls).toHaveLength(0);
    await page.locator('#answer').fill('');
    await page.keyboard.type(humanSheetId({ site: 'UTR02', serial: 42, page: 1 }));
    await page.keyboard.press('Enter');
    const key = await nextItem(page, `input:${inputId}`);
    expect(fake.calls.map((call) => [call.inputId, call.code.serial, call.code.page])).toEqual([[inputId, 42, 1]]);
    expect(key).toMatch(/^field:\d+:n_total$/);
    await page.keyboard.press('Enter');                             // confirm the machine's 5
    await nextItem(page, key);
    const sheetId = Number(key.split(':')[1]);
    expect(storedField(workspace, sheetId, 'n_total')).toEqual({ value: '5', status: 'reviewed' });
  });

  it('a page refused after its QR was read names its sheet, and Enter tries that id', async () => {
    const { workspace, small } = fixture;
    const inputId = await addUnreadablePage(workspace, small, 'UTR02', 43, 1, { refusedAfterQr: true });
    const fake = fakeIdentifyPage(workspace, [small], []);
    const { url } = await start(fake.identifyPage);
    const page = await openAs('Anna', url);
    expect(await currentKey(page)).toBe(`input:${inputId}`);
    const id = humanSheetId({ site: 'UTR02', serial: 43, page: 1 });
    expect(await page.locator('.reason').allTextContents()).toContain(
      `De QR-code is gelezen: blad ${id}. Zoek dit papier op, leg het plat en scan het opnieuw — of druk Enter om het alleen met de vier hoekrondjes te proberen.`);
    expect(await page.locator('#answer').inputValue()).toBe(id);
    await page.screenshot({ path: 'test/.artifacts/review-refused-1366x768.png' });
    await page.keyboard.press('Enter');
    await expect.poll(() => fake.calls.map((call) => [call.inputId, call.code.serial, call.code.page])).toEqual([[inputId, 43, 1]]);
  });
});
