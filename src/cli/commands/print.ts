/** `paperlink print`, `paperlink layout`, `paperlink forms list|check`: thin wiring to print/ and model/. */
import type { Command } from 'commander';
import { PaperlinkError, documentedLayout, layoutForm, type PaperSize } from '../../model/index.js';
import { printSheets } from '../../print/index.js';
import { openWorkspace } from '../../store/index.js';
import { globalOptions } from '../global-options.js';
import { loadFormCatalogue, loadFormFile } from '../load-forms.js';

export function parseSerialRange(text: string): { from: number; to: number } {
  const match = /^\s*(\d{1,7})\s*(?:-\s*(\d{1,7}))?\s*$/.exec(text);
  if (!match) {
    throw new PaperlinkError('serial-range-invalid', `"${text}" is not a serial range.`, 'Write it as FIRST-LAST, e.g. --serials 1-500 (or one number).', { path: '--serials' });
  }
  const from = Number(match[1]);
  return { from, to: match[2] === undefined ? from : Number(match[2]) };
}

export function parseLanguages(text: string): string[] {
  const languages = text.split(',').map((part) => part.trim().toLowerCase()).filter(Boolean);
  const bad = languages.filter((language) => !/^[a-z]{2,3}$/.test(language));
  if (bad.length > 0) {
    throw new PaperlinkError('argument-invalid', `"${bad.join(', ')}" is not a language code.`, 'Use two-letter codes separated by commas, e.g. --lang nl,en,uk.', { path: '--lang' });
  }
  return languages;
}

export function parsePaper(text: string): PaperSize {
  if (text === 'a4' || text === 'letter') return text;
  throw new PaperlinkError('argument-invalid', `"${text}" is not a paper size paperlink prints on.`, 'Use --paper a4 or --paper letter.', { path: '--paper' });
}

export function registerPrintCommands(program: Command): void {
  program.command('print')
    .description('print sheets of a form for a site: one PDF, every sheet a unique serial, recorded in the workspace')
    .argument('<form>', 'form id, e.g. intake, family-link, supply-distribution, radio-message, site-situation')
    .requiredOption('--site <code>', 'site code, 2-8 capital letters and digits, e.g. AMS01')
    .requiredOption('--serials <range>', 'serial range, e.g. 1-500')
    .requiredOption('--out <file.pdf>', 'where to write the PDF')
    .option('--lang <codes>', 'label languages, Dutch and English always included, e.g. nl,en,uk', 'nl,en')
    .option('--paper <size>', 'a4 or letter', 'a4')
    .option('--reprint', 'print serials that were issued before, on purpose (recorded as a reprint)')
    .action(async (formId: string, options: { site: string; serials: string; out: string; lang: string; paper: string; reprint?: boolean }, command: Command) => {
      const global = globalOptions(command);
      const definition = loadFormCatalogue(global.forms).get(formId);
      const { from, to } = parseSerialRange(options.serials);
      const workspace = openWorkspace(global.workspace);
      try {
        const result = await printSheets(workspace, {
          definition, site: options.site, serialFrom: from, serialTo: to, languages: parseLanguages(options.lang),
          paper: parsePaper(options.paper), outFile: options.out, reprint: options.reprint ?? false,
        });
        const summary = { file: result.file, form: definition.id, version: definition.version, site: options.site, serialFrom: from, serialTo: to,
          sheets: result.sheets, pages: result.pages, fingerprint: result.layout.fingerprint, reprint: result.run.reprint };
        if (global.json) console.log(JSON.stringify(summary, null, 2));
        else console.log(`Printed ${result.sheets} ${definition.id} sheet${result.sheets === 1 ? '' : 's'} (${result.pages} pages) for ${options.site}, serials ${from}-${to}${result.run.reprint ? ' (reprint)' : ''}:\n  ${result.file}`);
      } finally {
        workspace.close();
      }
    });

  program.command('layout')
    .description('write the geometry of a form (marks, QR, every box in millimetres) as JSON')
    .argument('<form>', 'form id')
    .option('--lang <codes>', 'label languages', 'nl,en')
    .option('--paper <size>', 'a4 or letter', 'a4')
    .action((formId: string, options: { lang: string; paper: string }, command: Command) => {
      const global = globalOptions(command);
      const definition = loadFormCatalogue(global.forms).get(formId);
      const layout = layoutForm(definition, { languages: parseLanguages(options.lang), paper: parsePaper(options.paper) });
      console.log(JSON.stringify(documentedLayout(layout), null, 2));
    });

  const forms = program.command('forms').description('list and check form definitions');
  forms.command('list').description('list the forms paperlink knows (built in and --forms)').action((_: unknown, command: Command) => {
    const global = globalOptions(command);
    const catalogue = loadFormCatalogue(global.forms);
    if (global.json) {
      console.log(JSON.stringify(catalogue.forms.map((form) => ({ id: form.id, code: form.code, version: form.version, title: form.title })), null, 2));
      return;
    }
    for (const form of catalogue.forms) console.log(`${form.id.padEnd(22)} v${form.version}  ${form.code}  ${form.title.nl} / ${form.title.en}`);
  });
  forms.command('check').description('validate a form definition file and show every problem at once').argument('<file>', 'definition JSON')
    .action((file: string, _: unknown, command: Command) => {
      const definition = loadFormFile(file);
      const layout = layoutForm(definition);
      const global = globalOptions(command);
      if (global.json) console.log(JSON.stringify({ ok: true, id: definition.id, version: definition.version, pages: layout.pageCount, fingerprint: layout.fingerprint }));
      else console.log(`${file}: OK — ${definition.id} v${definition.version}, ${layout.pageCount} page${layout.pageCount === 1 ? '' : 's'}, ${layout.fields.length} fields, layout ${layout.fingerprint}`);
    });
}

