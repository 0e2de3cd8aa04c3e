/** `paperlink review`: starts the local review page (127.0.0.1 only) and prints its address with the access token. */
import type { Command } from 'commander';
import { PaperlinkError } from '../../model/index.js';
import { listRadioSitreps, openWorkspace, type Workspace } from '../../store/index.js';
import { startReviewServer, type IdentifyPage } from '../../review/index.js';
import { identifyStoredPage } from '../../scan/index.js';
import { openMatchQueue } from '../../family-links/index.js';
import { receiveSitrep } from '../../radio/index.js';
import { globalOptions } from '../global-options.js';
import { templatesDirOf } from '../load-forms.js';

/** Review hands a keyed-in page to the scanner, which reads the stored image as that sheet page (review never imports scan). */
export function identifyPageWith(workspace: Workspace): IdentifyPage {
  return async (inputId, code) => {
    const result = await identifyStoredPage(workspace, inputId, code);
    return result.ok ? { ok: true } : { ok: false, message: result.message };
  };
}

export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text.trim()) || port > 65535) {
    throw new PaperlinkError('argument-invalid', `"${text}" is not a port number.`, 'Use a number from 1024 to 65535, e.g. --port 7420 (or 0 for any free port).', { path: '--port' });
  }
  return port;
}

export function registerReviewCommands(program: Command): void {
  program.command('review')
    .description('open the review page: office staff confirm, correct and transcribe what paperlink is unsure about (local only)')
    .option('--port <n>', 'port on 127.0.0.1 (0 = any free port)', '7420')
    .option('--lang <nl|en>', 'language the page opens in (switchable on the page)', 'nl')
    .action(async (options: { port: string; lang: string }, command: Command) => {
      const global = globalOptions(command);
      if (options.lang !== 'nl' && options.lang !== 'en') {
        throw new PaperlinkError('argument-invalid', `"${options.lang}" is not a language of the review page.`, 'Use --lang nl or --lang en.', { path: '--lang' });
      }
      const port = parsePort(options.port);
      const workspace = openWorkspace(global.workspace, { create: false });
      const server = await startReviewServer(workspace, { templatesDir: templatesDirOf('review'), port, identifyPage: identifyPageWith(workspace), lang: options.lang, matches: openMatchQueue(workspace),
        radio: { receive: ({ text, ...rest }) => receiveSitrep(workspace, text, rest), list: () => listRadioSitreps(workspace) } });
      if (global.json) console.log(JSON.stringify({ url: server.url, port: server.port }));
      else {
        console.log(`Review page ready. Open this address in a browser on THIS computer (it holds the access key):\n\n  ${server.url}\n`);
        console.log('Several people can review at once: open the same address in another browser window or profile on this computer.');
        console.log('Press Ctrl+C to stop.');
      }
      await new Promise<void>((resolve) => {
        const stop = (): void => { process.off('SIGINT', stop); process.off('SIGTERM', stop); resolve(); };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.close();
      workspace.close();
      if (!global.json) console.log('Review page stopped. Every decision is saved in the workspace.');
    });
}
