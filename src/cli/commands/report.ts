/** `paperlink report` and `paperlink followup`: thin wiring to report/. */
import type { Command } from 'commander';
import { PaperlinkError } from '../../model/index.js';
import { buildFollowupList, buildReport, type Block, type ReportLanguage } from '../../report/index.js';
import { openWorkspace } from '../../store/index.js';
import { globalOptions } from '../global-options.js';
import { addSealOptions, writerFor, type SealOptions } from '../seal-options.js';
import { templatesDirOf } from '../load-forms.js';

function parseBlock(text: string): Block {
  if (text === '6h' || text === '1d') return text;
  throw new PaperlinkError('argument-invalid', `"${text}" is not a time block the report knows.`, 'Use --block 6h (default) or --block 1d.', { path: '--block' });
}

function parseLang(text: string): ReportLanguage {
  if (text === 'nl' || text === 'en') return text;
  throw new PaperlinkError('argument-invalid', `"${text}" is not a report language.`, 'Use --lang nl (default) or --lang en.', { path: '--lang' });
}

export function registerReportCommands(program: Command): void {
  program.command('report')
    .description('write the privacy-safe signal report: report.html, report.pdf, signal.csv, needs.csv, distribution.csv, report.json')
    .requiredOption('--out <dir>', 'folder for the report files')
    .option('--from <time>', 'first moment counted, local time: YYYY-MM-DD or YYYY-MM-DDTHH:MM')
    .option('--to <time>', 'last moment counted: YYYY-MM-DD (whole day) or YYYY-MM-DDTHH:MM (up to, not including)')
    .option('--site <code...>', 'only these sites')
    .option('--block <size>', 'time block for general counts: 6h or 1d', '6h')
    .option('--lang <code>', 'report language: nl or en', 'nl')
    .option('--hxl', 'add the HXL hashtag row under the CSV headers')
    .option('--restricted', 'mark every page and file RESTRICTED (needed for --no-suppress)')
    .option('--no-suppress', 'show counts of 1-4 as they are (only with --restricted)')
    .action(async (options: { out: string; from?: string; to?: string; site?: string[]; block: string; lang: string; hxl?: boolean; restricted?: boolean; suppress: boolean }, command: Command) => {
      const global = globalOptions(command);
      const workspace = openWorkspace(global.workspace, { create: false });
      try {
        const { files, report } = await buildReport(workspace, {
          templatesDir: templatesDirOf('report'),
          outDir: options.out, block: parseBlock(options.block), lang: parseLang(options.lang), hxl: options.hxl ?? false,
          restricted: options.restricted ?? false, suppress: options.suppress,
          ...(options.from ? { from: options.from } : {}), ...(options.to ? { to: options.to } : {}), ...(options.site ? { sites: options.site } : {}),
        });
        const summary = {
          files, sites: report.meta.sites, period: report.meta.period, households: report.headline.households.shown, persons: report.headline.persons.shown,
          urgentNow: report.headline.urgentNow.shown, provisional: report.meta.provisional, fieldsAwaitingReview: report.coverage.fieldsAwaitingReview,
          hiddenCells: report.hiddenCells, restricted: report.meta.restricted,
        };
        if (global.json) { console.log(JSON.stringify(summary, null, 2)); return; }
        console.log([
          `Signal report${report.meta.restricted ? ' (RESTRICTED)' : ''} for ${report.meta.sites.length} site(s)${report.meta.period ? `, ${report.meta.period.start} to ${report.meta.period.end}` : ''}:`,
          `  households ${summary.households}, people ${summary.persons}, life-threatening now ${summary.urgentNow}`,
          report.meta.provisional ? `  PROVISIONAL: ${report.coverage.fieldsAwaitingReview} fields still await review (run the review first for final numbers)` : '  all values reviewed or read with confidence',
          `  ${report.hiddenCells} small or linked counts hidden${report.meta.suppression ? '' : ' (suppression OFF)'}`,
          `  ${files.html}`, `  ${files.pdf}`, `  ${files.signalCsv}`, `  ${files.needsCsv}`, `  ${files.distributionCsv}`, `  ${files.json}`,
        ].join('\n'));
      } finally {
        workspace.close();
      }
    });

  addSealOptions(program.command('followup')
    .description('write the RESTRICTED follow-up list of individual life-safety cases (need-to-know referral only)')
    .requiredOption('--out <file.html>', 'where to write the list (a CSV is written beside it)')
    .option('--lang <code>', 'nl or en', 'nl'))
    .action(async (options: { out: string; lang: string } & SealOptions, command: Command) => {
      const global = globalOptions(command);
      const writeOutput = await writerFor(options);
      const workspace = openWorkspace(global.workspace, { create: false });
      try {
        const result = buildFollowupList(workspace, { templatesDir: templatesDirOf('report'), outFile: options.out, lang: parseLang(options.lang), ...(writeOutput ? { writeOutput } : {}) });
        const summary = { file: result.file, csvFile: result.csvFile, cases: result.cases.length, unconfirmed: result.cases.filter((item) => item.unconfirmed).length };
        if (global.json) console.log(JSON.stringify(summary, null, 2));
        else console.log(`RESTRICTED follow-up list: ${summary.cases} life-safety case(s), ${summary.unconfirmed} not yet reviewed:\n  ${result.file}\n  ${result.csvFile}\nShare only over a need-to-know channel.`);
      } finally {
        workspace.close();
      }
    });
}
