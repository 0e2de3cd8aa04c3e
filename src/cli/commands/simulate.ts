/** `paperlink simulate`: thin wiring — print the sheets through the real print path (recorded), then simulate fill and capture. */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PaperlinkError, MAX_SERIAL } from '../../model/index.js';
import { printSheets } from '../../print/index.js';
import { simulateForm, PROFILE_NAMES, validateSimulateRequest, type ImageFormat, type OutputContainer, type ProfileName } from '../../simulate/index.js';
import { listPrintRuns, openWorkspace, overlappingPrintRuns, type Workspace } from '../../store/index.js';
import { globalOptions } from '../global-options.js';
import { loadFormCatalogue } from '../load-forms.js';
import { parseLanguages, parsePaper } from './print.js';

/** The first serial after every print run of this form at this site, so simulated sheets never reuse issued serials. */
export function nextFreeSerial(workspace: Workspace, formId: string, site: string, count: number): number {
  const runs = listPrintRuns(workspace).filter((run) => run.formId === formId && run.site === site);
  const from = runs.reduce((highest, run) => Math.max(highest, run.serialTo), 0) + 1;
  if (from + count - 1 > MAX_SERIAL || overlappingPrintRuns(workspace, formId, site, from, from + count - 1).length > 0) {
    throw new PaperlinkError('serial-range-invalid', `There is no free range of ${count} serials left for ${formId} at ${site}.`,
      'Use another --site code for simulated sheets, or a new workspace.', { path: '--count' });
  }
  return from;
}

function parseWhole(text: string, option: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new PaperlinkError('argument-invalid', `${option} ${text} is not a whole number from ${min} to ${max}.`, `Give ${option} a whole number, e.g. ${option} ${min === 0 ? 7 : min + 1}.`, { path: option });
  }
  return value;
}

export function registerSimulateCommands(program: Command): void {
  program.command('simulate')
    .description('print sheets, fill them with plausible values and deliver them as a scanner or phone would, with truth.json')
    .argument('<form>', 'form id, e.g. intake')
    .requiredOption('--count <n>', 'number of sheets')
    .option('--profile <name>', `capture profile: ${PROFILE_NAMES.join(', ')}`, 'scan-300')
    .option('--seed <n>', 'random seed: the same seed gives the same files', '1')
    .requiredOption('--out <dir>', 'folder for the images and truth.json')
    .option('--printed <file.pdf>', 'also keep the printed (blank) sheets as a PDF here — outside --out, so scanning that folder reads only the photos')
    .option('--site <code>', 'site code printed on the sheets', 'SIM01')
    .option('--as <kind>', 'files (one image per page), pdf or tiff (one multi-page file)', 'files')
    .option('--format <format>', 'jpeg or png', 'jpeg')
    .option('--lang <codes>', 'label languages', 'nl,en')
    .option('--paper <size>', 'a4 or letter', 'a4')
    .action(async (formId: string, options: { count: string; profile: string; seed: string; out: string; printed?: string; site: string; as: string; format: string; lang: string; paper: string }, command: Command) => {
      const global = globalOptions(command);
      const definition = loadFormCatalogue(global.forms).get(formId);
      const count = parseWhole(options.count, '--count', 1, 10_000);
      const seed = parseWhole(options.seed, '--seed', 0, 0xffffffff);
      const request = { profile: options.profile as ProfileName, seed, as: options.as as OutputContainer, format: options.format as ImageFormat };
      validateSimulateRequest(request);
      const workspace = openWorkspace(global.workspace);
      try {
        const serialFrom = nextFreeSerial(workspace, definition.id, options.site, count);
        const printedPdf = options.printed;
        const started = Date.now();
        const result = await simulateForm({
          ...request, definition, site: options.site, serialFrom, count, outDir: options.out,
          languages: parseLanguages(options.lang), paper: parsePaper(options.paper),
          renderPdf: async (codes) => {
            const serials = codes.map((code) => code.serial);
            const printed = await printSheets(workspace, { definition, site: options.site, serialFrom: Math.min(...serials), serialTo: Math.max(...serials),
              languages: parseLanguages(options.lang), paper: parsePaper(options.paper), ...(printedPdf ? { outFile: printedPdf } : {}) });
            return printed.pdf ?? readFileSync(printed.file ?? '');
          },
          onPage: (done, total) => { if (!global.json && process.stderr.isTTY) process.stderr.write(`\r  page ${done}/${total}`); },
        });
        if (!global.json && process.stderr.isTTY) process.stderr.write('\n');
        const summary = { form: definition.id, profile: request.profile, seed, site: options.site, serialFrom, serialTo: serialFrom + count - 1,
          sheets: count, pages: result.pages, printed: printedPdf ?? null, truth: result.truthFile, files: result.files.length, seconds: (Date.now() - started) / 1000 };
        if (global.json) console.log(JSON.stringify(summary, null, 2));
        else console.log(`Simulated ${count} ${definition.id} sheet${count === 1 ? '' : 's'} (${result.pages} pages, profile ${request.profile}, seed ${seed}), serials ${summary.serialFrom}-${summary.serialTo} at ${options.site}:\n  ${result.files.length} file${result.files.length === 1 ? '' : 's'} in ${result.outDir}\n  truth: ${result.truthFile}${printedPdf ? `\n  printed: ${printedPdf}` : ''}`);
      } finally {
        workspace.close();
      }
    });
}
