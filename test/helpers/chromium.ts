/**
 * Debian's Chromium for browser tests and the review bench, driven by playwright-core: never a browser download
 * (.ci/run installs the package when missing). Without it, callers skip and say why.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Whether Chromium is here; when not, warns once for `what` (the tests that will skip). */
export function haveChromium(what: string): boolean {
  const present = existsSync(CHROMIUM);
  if (!present) console.warn(`${what} skipped: ${CHROMIUM} is missing (install Debian's chromium package; .ci/run does).`);
  return present;
}

/** Headless Chromium with no background traffic (the pages must work offline; tests assert no request leaves). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
}

/**
 * One headless Chromium for a test file: launched before its tests, closed after. `here` is false (and the tests
 * should skip) when Debian's Chromium is missing; `browser()` gives the running one.
 */
export function sharedBrowser(what: string): { readonly here: boolean; browser(): Browser } {
  const here = haveChromium(what);
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!here) return;
    mkdirSync('test/.artifacts', { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => { await browser?.close(); });
  return { here, browser: () => browser! };
}
