/**
 * The radio desk on the review page in real headless Chromium: an operator types a SITREP and its check, by
 * keyboard; a clean one is taken and listed, the same one again counts once, a misheard number is refused with what
 * to ask the station again for, and nothing is stored for it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startReviewServer, type ReviewServer } from '../../src/review/index.js';
import { composeSitrep, receiveSitrep } from '../../src/radio/index.js';
import { listRadioSitreps } from '../../src/store/index.js';
import { templatesDirOf } from '../../src/cli/load-forms.js';
import { makeWorkspace, type TestWorkspace } from '../helpers/make-workspace.js';
import { sharedBrowser } from '../helpers/chromium.js';

declare const document: { body: { dataset: Record<string, string | undefined> } };

const chromium = sharedBrowser('radio desk browser tests');
const browserHere = chromium.here;
const TEXT = composeSitrep({ site: 'AMS01', date: '0412', time: '1400', households: 18, persons: 51, urgent: 'few',
  needs: [{ code: 'water', households: 12 }, { code: 'food', households: 9 }], safe: 5, tracing: 'few' });
const CHECK = TEXT.split(' ').length;

let ws: TestWorkspace;
let server: ReviewServer | undefined;

beforeEach(() => { ws = makeWorkspace(); });
afterEach(async () => { await server?.close(); server = undefined; ws.close(); });

async function openDesk(): Promise<Page> {
  server = await startReviewServer(ws.workspace, {
    templatesDir: templatesDirOf('review'), port: 0, identifyPage: async () => ({ ok: false, message: 'not in this test' }),
    radio: { receive: ({ text, ...rest }) => receiveSitrep(ws.workspace, text, rest), list: () => listRadioSitreps(ws.workspace) },
  });
  const page = await (await chromium.browser().newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await page.goto(server.url);
  await page.locator('#name-input').waitFor();
  await page.keyboard.type('Operator Kees');
  await page.keyboard.press('Enter');
  await page.locator('#radio-link').click();
  await page.waitForFunction(() => document.body.dataset['ready'] === '1');
  return page;
}

/** Types a message the way an operator does: the text, Tab, the check, Tab, the station, Enter. */
async function typeMessage(page: Page, text: string, check: number, station: string): Promise<string> {
  await page.locator('#radio-text').focus();
  await page.keyboard.type(text.toLowerCase());
  await page.keyboard.press('Tab');
  await page.keyboard.type(String(check));
  await page.keyboard.press('Tab');
  await page.keyboard.type(station);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.body.dataset['ready'] === '1' && document.body.dataset['result'] !== undefined);
  const result = await page.evaluate(() => document.body.dataset['result'] ?? '');
  await page.evaluate(() => { delete document.body.dataset['result']; });
  return result;
}

describe.skipIf(!browserHere)('radio desk', () => {
  it('takes a SITREP typed by keyboard, counts a relay once, and refuses a misheard number with what to ask again', async () => {
    const page = await openDesk();
    expect(await typeMessage(page, TEXT, CHECK, 'PA3XYZ')).toBe('taken');
    await expect.poll(() => page.locator('#received tr[data-site="AMS01"]').count()).toBe(1);
    await page.screenshot({ path: 'test/.artifacts/radio-desk-1366x768.png' });
    expect(await typeMessage(page, TEXT, CHECK, 'PB0ABC')).toBe('taken');
    expect(await page.locator('#radio-result').textContent()).toContain('Al ontvangen');
    expect(listRadioSitreps(ws.workspace)).toEqual([expect.objectContaining({ site: 'AMS01', station: 'PA3XYZ', receptions: 2 })]);

    const misheard = TEXT.replace('HOUSEHOLDS 18', 'HOUSEHOLDS 16').replace('0412 1400', '0412 1401');
    expect(await typeMessage(page, misheard.replace('AMS01', 'UTR02'), CHECK, 'PA3XYZ')).toBe('refused');
    const refusal = await page.locator('#radio-result').textContent();
    expect(refusal).toContain('TOTAL');
    expect(refusal).toContain('Ask the sending station again for');
    expect(await typeMessage(page, TEXT.replace('SAFE 5 ', '').replace('AMS01', 'UTR02'), CHECK, 'PA3XYZ')).toBe('refused');
    expect(await page.locator('#radio-result').textContent()).toContain('words');
    expect(listRadioSitreps(ws.workspace)).toHaveLength(1);
  });
});
