/** `paperlink scan`, `paperlink status`, `paperlink export`: thin wiring to scan/ and store/. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { OUTCOME_KINDS, PaperlinkError, READER_FAILED_HINT, humanSheetId, type OutcomeKind } from '../../model/index.js';
import { exportResults, ingestFiles, NO_FORMS_HINT, SKIPS_NOT_READ, type IngestItem, type IngestProgress, type ExportFormat, type SkippedEntry } from '../../scan/index.js';
import {
  countBilevelCaptures, countBundleConflicts, countFieldsByStatus, countImportedBundles, getOfficeKey, listBundleConflicts, countInputsByOutcome, countReviewFieldsByReason, countSheetsByFormAndSite, countUnreadableByReason, listRefusedSheetPages, openWorkspace,
  workspaceExists, workspaceFile, type Workspace,
} from '../../store/index.js';
import { globalOptions } from '../global-options.js';
import { EXIT_SOME_INPUTS_NOT_READ } from '../present-error.js';
import { bilevelAdvice, reviewWorkLabel } from '../scan-advice.js';

export function parseWorkers(text: string): number {
  const workers = Number(text);
  if (!/^\d{1,3}$/.test(text.trim()) || !Number.isInteger(workers)) {
    throw new PaperlinkError('argument-invalid', `"${text}" is not a number of workers.`, 'Give a whole number, e.g. --workers 2 (0 reads in the main thread).', { path: '--workers' });
  }
  return workers;
}

function outcomeLine(outcomes: Readonly<Record<OutcomeKind, number>>): string {
  return OUTCOME_KINDS.filter((kind) => outcomes[kind] > 0).map((kind) => `${outcomes[kind]} ${kind}`).join(', ') || 'nothing yet';
}

function itemLine(item: IngestItem): string {
  const where = `${item.file}${item.page > 1 ? ` page ${item.page}` : ''}`;
  const what = item.recorded ? item.outcome : `${item.outcome} (scanned before, unchanged)`;
  const detail = [item.sheet, item.reason, item.message].filter(Boolean).join(' · ');
  return `${where}: ${what}${detail ? ` — ${detail}` : ''}`;
}

function skippedLine(entry: SkippedEntry): string {
  return `${entry.path}: ${SKIPS_NOT_READ.has(entry.reason) ? 'not read' : 'left alone'} (${entry.reason}) — ${entry.message}`;
}

/**
 * The workspace to scan into. A missing one is refused here rather than created (a mistyped --workspace), with the
 * scan's own advice; ingestFiles refuses one where no form was printed.
 */
function openScanWorkspace(dir: string): Workspace {
  if (!workspaceExists(dir)) {
    throw new PaperlinkError('workspace-without-forms', `There is no paperlink workspace in ${resolve(dir)}, so no printed form can be recognised.`, NO_FORMS_HINT, { file: workspaceFile(dir) });
  }
  return openWorkspace(dir);
}

/** A one-line progress bar redrawn on a terminal: pages done, pages/s, outcomes so far. */
function progressBar(progress: IngestProgress): string {
  const width = 24;
  const filled = progress.filesTotal ? Math.round((progress.filesDone / progress.filesTotal) * width) : width;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${progress.filesDone}/${progress.filesTotal} files · ${progress.pagesDone} pages · ` +
    `${progress.pagesPerSecond.toFixed(1)} pages/s · ${outcomeLine(progress.outcomes)}`;
}

export function registerScanCommands(program: Command): void {
  program.command('scan')
    .description('read scans and phone photos into the workspace: every page ends in one recorded outcome')
    .argument('<files-or-folders...>', 'JPEG, PNG, WebP, TIFF or PDF files, or folders of them')
    .option('--batch <name>', 'name this batch (e.g. the day and the site), shown in status and exports')
    .option('--workers <n>', 'reader threads (default: one per processor core; 0 = none)')
    .action(async (paths: string[], options: { batch?: string; workers?: string }, command: Command) => {
      const global = globalOptions(command);
      const workspace = openScanWorkspace(global.workspace);
      const tty = !global.json && process.stderr.isTTY === true;
      let lastDraw = 0;
      try {
        const summary = await ingestFiles(workspace, paths, {
          ...(options.batch ? { batch: options.batch } : {}),
          ...(options.workers !== undefined ? { workers: parseWorkers(options.workers) } : {}),
          onProgress: (progress) => {
            if (global.json) return;
            if (tty) {
              const now = Date.now();
              if (now - lastDraw < 100 && progress.filesDone < progress.filesTotal) return;
              lastDraw = now;
              process.stderr.write(`\r\u001b[2K${progressBar(progress)}`);
            } else if (progress.last) {
              process.stdout.write(`${itemLine(progress.last)}\n`);
            }
          },
        });
        if (tty) process.stderr.write('\n');
        const notRead = summary.skipped.filter((entry) => SKIPS_NOT_READ.has(entry.reason));
        // The batch went on; the exit code tells a script that some entries that may be scans were not read.
        if (notRead.length > 0) process.exitCode = EXIT_SOME_INPUTS_NOT_READ;
        if (global.json) {
          console.log(JSON.stringify(summary, null, 2));
          return;
        }
        if (tty) for (const item of summary.items) if (item.outcome !== 'accepted' || !item.recorded) console.log(itemLine(item));
        for (const entry of summary.skipped) console.log(skippedLine(entry));
        console.log(`Scanned ${summary.files} file${summary.files === 1 ? '' : 's'}: ${summary.pages} new page outcome${summary.pages === 1 ? '' : 's'} ` +
          `(${outcomeLine(summary.outcomes)})${summary.alreadyRecorded ? `, ${summary.alreadyRecorded} page${summary.alreadyRecorded === 1 ? '' : 's'} scanned before left unchanged` : ''}` +
          ` in ${summary.seconds.toFixed(1)} s (${summary.pagesPerSecond.toFixed(1)} pages/s).`);
        if (summary.outcomes['needs-review'] + summary.outcomes.conflict > 0) console.log('Some fields need a person: see `paperlink status`.');
        if (summary.outcomes.unreadable > (summary.unreadable['reader-failed'] ?? 0)) console.log('Unreadable pages are kept in the workspace with a reason; rescan them, or identify them by the serial printed beside the QR.');
        if (summary.unreadable['reader-failed']) console.log(`${summary.unreadable['reader-failed']} page(s) made paperlink fail (reader-failed). ${READER_FAILED_HINT}`);
        if (summary.bilevelPages > 0) console.log(bilevelAdvice(summary.bilevelPages));
        if (notRead.length > 0) {
          console.log(`${notRead.length} entr${notRead.length === 1 ? 'y was' : 'ies were'} not read (listed above with the reason): ` +
            'copy the scans themselves into the folder (not links to them), make sure paperlink may open them, and scan the folder again; what was read is kept.');
        }
      } finally {
        workspace.close();
      }
    });

  program.command('status')
    .description('summarise the workspace: inputs by outcome, sheets per form and site, fields awaiting review, sheets to scan again')
    .action((_: unknown, command: Command) => {
      const global = globalOptions(command);
      const workspace = openWorkspace(global.workspace, { create: false });
      try {
        const status = {
          inputs: countInputsByOutcome(workspace), unreadable: countUnreadableByReason(workspace),
          sheets: countSheetsByFormAndSite(workspace), fields: countFieldsByStatus(workspace), review: countReviewFieldsByReason(workspace),
          bilevelPages: countBilevelCaptures(workspace),
          bundles: { officeKey: getOfficeKey(workspace)?.fingerprint ?? null, ...countImportedBundles(workspace), conflicts: countBundleConflicts(workspace) },
          bundleConflicts: listBundleConflicts(workspace).map(({ kind, key, sheet, detail, file }) => ({ kind, event: key, sheet, detail, file })),
          scanAgain: listRefusedSheetPages(workspace).map((page) => ({ sheet: humanSheetId(page), form: page.formId, file: page.file })),
        };
        if (global.json) {
          console.log(JSON.stringify(status, null, 2));
          return;
        }
        const total = OUTCOME_KINDS.reduce((sum, kind) => sum + status.inputs[kind], 0);
        console.log(`Input pages: ${total}${total ? ` (${outcomeLine(status.inputs)})` : ''}`);
        for (const row of status.unreadable) console.log(`  unreadable, ${row.reason}: ${row.count}`);
        const readerFailed = status.unreadable.find((row) => row.reason === 'reader-failed')?.count ?? 0;
        if (readerFailed > 0) {
          console.log(`  ${readerFailed} page${readerFailed === 1 ? '' : 's'} could not be read because paperlink itself failed (reader-failed; the files are listed by \`paperlink export\`). ${READER_FAILED_HINT}`);
        }
        if (status.scanAgain.length > 0) {
          console.log(`Scan again (page refused — folded, curled or cut off — but its QR code was read; lay it flat):`);
          for (const page of status.scanAgain) console.log(`  ${page.sheet} (${page.form}), from ${page.file}`);
        }
        console.log(`Sheets: ${status.sheets.reduce((sum, row) => sum + row.sheets, 0)}`);
        for (const row of status.sheets) console.log(`  ${row.formId} at ${row.site}: ${row.sheets}`);
        if (status.bilevelPages > 0) console.log(bilevelAdvice(status.bilevelPages));
        console.log(`Fields awaiting review: ${status.fields['needs-review']} (auto ${status.fields.auto}, empty ${status.fields.empty}, reviewed ${status.fields.reviewed})`);
        const width = String(status.fields['needs-review']).length;
        for (const row of status.review) console.log(`  ${String(row.fields).padStart(width)}  ${reviewWorkLabel(row.reason)}`);
        if (status.bundles.officeKey) console.log(`Office key: ${status.bundles.officeKey}`);
        if (status.bundles.bundles > 0) console.log(`Bundles imported: ${status.bundles.bundles} from ${status.bundles.offices} office(s), ${status.bundles.conflicts} conflict(s)`);
        for (const conflict of status.bundleConflicts) console.log(`  CONFLICT (${conflict.kind}): ${conflict.detail} — from ${conflict.file}`);
      } finally {
        workspace.close();
      }
    });

  program.command('export')
    .description('write every input outcome and every sheet\'s current field values as JSON or CSV')
    .option('--format <format>', 'json or csv', 'json')
    .option('--out <file>', 'write to this file instead of the screen')
    .action((options: { format: string; out?: string }, command: Command) => {
      const global = globalOptions(command);
      if (options.format !== 'json' && options.format !== 'csv') {
        throw new PaperlinkError('argument-invalid', `"${options.format}" is not an export format.`, 'Use --format json or --format csv.', { path: '--format' });
      }
      const workspace = openWorkspace(global.workspace, { create: false });
      try {
        const text = exportResults(workspace, options.format as ExportFormat);
        if (!options.out) {
          process.stdout.write(text);
          return;
        }
        try {
          writeFileSync(resolve(options.out), text);
        } catch (error) {
          throw new PaperlinkError('output-not-writable', `The export cannot be written to ${resolve(options.out)}: ${(error as Error).message}.`,
            'Choose an --out path in a folder you can write to.', { file: options.out }, { cause: error });
        }
        if (!global.json) console.log(`Exported to ${resolve(options.out)}`);
      } finally {
        workspace.close();
      }
    });
}
