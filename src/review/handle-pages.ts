/**
 * The review pages themselves: the one-by-one page, the digit sweep, the family-link match queue and the radio desk (read once from templates/review at start),
 * served with the reviewer's opening language filled in. Owns no API route.
 */
import type { ServerResponse } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { PaperlinkError } from '../model/index.js';
import { send } from './http-io.js';

export type ReviewLanguage = 'nl' | 'en';

export interface PageAssets { readonly html: string; readonly js: string; readonly css: string; readonly sweepHtml: string; readonly sweepJs: string; readonly kitJs: string; readonly matchesHtml: string; readonly matchesJs: string; readonly radioHtml: string; readonly radioJs: string }

export function loadPageAssets(dir: string): PageAssets {
  const read = (name: string): string => {
    const file = join(dir, name);
    if (!existsSync(file)) {
      throw new PaperlinkError('input-not-found', `The review page file ${file} is missing from this paperlink installation.`,
        'Reinstall paperlink: templates/review/ belongs to the package.', { file });
    }
    return readFileSync(file, 'utf8');
  };
  return { html: read('review.html'), js: read('review.js'), css: read('review.css'), sweepHtml: read('sweep.html'), sweepJs: read('sweep.js'), kitJs: read('page-kit.js'), matchesHtml: read('matches.html'), matchesJs: read('matches.js'), radioHtml: read('radio.html'), radioJs: read('radio.js') };
}

/** Answers GET of a page file and returns true, or returns false when the path is not one of them. */
export function servePage(response: ServerResponse, pathname: string, assets: PageAssets, lang: ReviewLanguage): boolean {
  switch (pathname) {
    case '/': send(response, 200, 'text/html; charset=utf-8', assets.html.replaceAll('__LANG__', lang)); return true;
    case '/review.js': send(response, 200, 'text/javascript; charset=utf-8', assets.js); return true;
    case '/review.css': send(response, 200, 'text/css; charset=utf-8', assets.css); return true;
    case '/sweep': send(response, 200, 'text/html; charset=utf-8', assets.sweepHtml.replaceAll('__LANG__', lang)); return true;
    case '/sweep.js': send(response, 200, 'text/javascript; charset=utf-8', assets.sweepJs); return true;
    case '/matches': send(response, 200, 'text/html; charset=utf-8', assets.matchesHtml.replaceAll('__LANG__', lang)); return true;
    case '/matches.js': send(response, 200, 'text/javascript; charset=utf-8', assets.matchesJs); return true;
    case '/radio': send(response, 200, 'text/html; charset=utf-8', assets.radioHtml.replaceAll('__LANG__', lang)); return true;
    case '/radio.js': send(response, 200, 'text/javascript; charset=utf-8', assets.radioJs); return true;
    case '/page-kit.js': send(response, 200, 'text/javascript; charset=utf-8', assets.kitJs); return true;
    default: return false;
  }
}
