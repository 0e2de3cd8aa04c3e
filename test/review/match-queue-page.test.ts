/**
 * The family-link match queue in real headless Chromium: the review page shows only how many pairs wait; the
 * matches page fetches no record until the reviewer opens it; C / R / U / S by keyboard decide or skip, each
 * decision logged with the reviewer's name; unsure pairs come back only on request.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startReviewServer, type ReviewServer } from '../../src/review/index.js';
import { openMatchQueue, pairId } from '../../src/family-links/index.js';
import { listFamilyLinkDecisions } from '../../src/store/index.js';
import { templatesDirOf } from '../../src/cli/load-forms.js';
import { makeWorkspace, type TestWorkspace } from '../helpers/make-workspace.js';
import { sharedBrowser } from '../helpers/chromium.js';

declare const document: { body: { dataset: Record<string, string | undefined> } };

const chromium = sharedBrowser('match queue browser tests');
const browserHere = chromium.here;
const SEEKER = { req_type: 'seeking', date: '140326', p_family: 'Gehlig', p_given: 'Oksana', k1_share_name: 'yes', k2_share_where: 'yes', k3_list: 'no' };

let ws: TestWorkspace;
let server: ReviewServer | undefined;

beforeEach(() => { ws = makeWorkspace(); });
afterEach(async () => { await server?.close(); server = undefined; ws.close(); });

/** Two seekers, each looking for someone registered safe at another site. */
function addPairs(): { hnatiuk: string; deVries: string } {
  const safeA = ws.addSheet({ form: 'family-link', site: '0101', serial: 1, fields: { req_type: 'safe', date: '140326', p_family: 'Hnatiuk', p_given: 'Dmytro', p_dob: '03071985', p_pc: '1012', k1_share_name: 'yes', k2_share_where: 'no', k3_list: 'no' } });
  const seekA = ws.addSheet({ form: 'family-link', site: '0202', serial: 7, fields: { ...SEEKER, s_family: 'Gnatyuk', s_given: 'Dmitry', s_age: '040', s_pc: '1012' } });
  const safeB = ws.addSheet({ form: 'family-link', site: '0303', serial: 3, fields: { req_type: 'safe', date: '140326', p_family: 'de Vries', p_given: 'Anneke', p_dob: '12021950', p_pc: '3511', k1_share_name: 'yes', k2_share_where: 'yes', k3_list: 'no' } });
  const seekB = ws.addSheet({ form: 'family-link', site: '0202', serial: 8, fields: { ...SEEKER, p_family: 'Bakker', s_family: 'Vries', s_given: 'Anneke', s_dob: '12021950', s_pc: '3511' } });
  return { hnatiuk: `${seekA}s-${safeA}p`, deVries: `${seekB}s-${safeB}p` };
}

async function openReview(name: string, withMatches = true): Promise<{ page: Page; requests: string[] }> {
  server = await startReviewServer(ws.workspace, {
    templatesDir: templatesDirOf('review'), port: 0, identifyPage: async () => ({ ok: false, message: 'not in this test' }),
    ...(withMatches ? { matches: openMatchQueue(ws.workspace) } : {}),
  });
  const context = await chromium.browser().newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(server.url);
  await page.locator('#name-input').waitFor();
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.body.dataset['ready'] === '1');
  return { page, requests };
}

async function pairShown(page: Page, previous: string): Promise<string> {
  await page.waitForFunction((prev) => document.body.dataset['ready'] === '1' && document.body.dataset['pair'] !== undefined && document.body.dataset['pair'] !== prev, previous);
  return (await page.evaluate(() => document.body.dataset['pair'])) ?? '';
}

describe.skipIf(!browserHere)('family-link match queue page', () => {
  it('a tracing officer decides every pair by keyboard; no record reaches the browser before the queue is opened', async () => {
    const pairs = addPairs();
    const waiting = openMatchQueue(ws.workspace).count().waiting;
    const { page, requests } = await openReview('Tracing officer A');

    // The review page knows a count only, and links to the queue.
    const link = page.locator('#matches-link');
    await expect.poll(() => link.isVisible()).toBe(true);
    expect(await link.textContent()).toContain(`(${waiting})`);
    await link.click();
    await page.waitForFunction(() => document.body.dataset['ready'] === '1');
    await expect.poll(() => page.locator('#open-queue').textContent()).toContain(`(${waiting})`);
    expect(await page.locator('#rfl-banner').textContent()).toContain('VERTROUWELIJK');
    // Behind the gate: no person's value on the page and no request for a record.
    expect(await page.content()).not.toContain('Hnatiuk');
    expect(requests.some((url) => url.includes('/api/matches/next'))).toBe(false);
    await page.screenshot({ path: 'test/.artifacts/matches-gate-1366x768.png' });

    await page.keyboard.press('Enter');
    let pair = await pairShown(page, '');
    const seen: string[] = [];
    while (pair !== '') {
      seen.push(pair);
      if (pair === pairs.hnatiuk) {
        // Both records side by side as typed, with the level reached per field.
        const family = page.locator('tr[data-field="family"] td');
        expect(await family.allTextContents()).toEqual(['Gnatyuk', 'Hnatiuk', expect.any(String)]);
        expect(await page.locator('tr[data-field="postcode"] .match-level').textContent()).toBe('zelfde PC4');
        await page.screenshot({ path: 'test/.artifacts/matches-pair-1366x768.png' });
        await page.keyboard.press('c');
      } else if (pair === pairs.deVries) await page.keyboard.press('u');
      else await page.keyboard.press('r');
      pair = await pairShown(page, pair);
    }
    expect(seen).toEqual(expect.arrayContaining([pairs.hnatiuk, pairs.deVries]));
    expect(await page.locator('.empty').textContent()).toContain('Geen koppelingen meer');

    const decisions = listFamilyLinkDecisions(ws.workspace);
    expect(decisions).toHaveLength(seen.length);
    expect(decisions.every((row) => row.reviewer === 'Tracing officer A')).toBe(true);
    const decisionOf = (pairText: string): string | undefined => decisions.find((row) => pairId(row) === pairText)?.decision;
    expect(decisionOf(pairs.hnatiuk)).toBe('confirm');
    expect(decisionOf(pairs.deVries)).toBe('unsure');

    // The unsure pair comes back only when asked for, and can then be confirmed.
    const toggle = page.locator('#unsure-toggle');
    await expect.poll(() => toggle.isVisible()).toBe(true);
    await toggle.click();
    expect(await pairShown(page, '')).toBe(pairs.deVries);
    await page.keyboard.press('c');
    expect(await pairShown(page, pairs.deVries)).toBe('');
    expect(openMatchQueue(ws.workspace).count()).toEqual({ waiting: 0, unsure: 0 });
  });

  it('S skips a pair for now without deciding it; without the queue the review page shows no link', async () => {
    addPairs();
    const { page } = await openReview('Anna');
    await page.goto(`${new URL(page.url()).origin}/matches`);
    await page.waitForFunction(() => document.body.dataset['ready'] === '1');
    await expect.poll(() => page.locator('#open-queue').isEnabled()).toBe(true);
    await page.locator('#open-queue').click();
    const first = await pairShown(page, '');
    await page.keyboard.press('s');
    const second = await pairShown(page, first);
    expect(second).not.toBe(first);
    expect(listFamilyLinkDecisions(ws.workspace)).toEqual([]);
    await server!.close();
    server = undefined;

    const plain = await openReview('Anna', false);
    // Wait for the page's own count request to be answered before looking for the link.
    const answered = plain.page.waitForResponse((response) => response.url().includes('/api/matches/count'));
    await plain.page.reload();
    expect(await (await answered).json()).toEqual({ available: false, waiting: 0, unsure: 0 });
    expect(await plain.page.locator('#matches-link').isVisible()).toBe(false);
  });
});
