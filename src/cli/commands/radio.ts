/**
 * `paperlink radio compose|receive|list`: thin wiring of report/ (a site's figures) and radio/ (the SITREP); compose
 * --out prints the filled-in radio-message form through print/ (a real sheet of the workspace, scannable back).
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { PaperlinkError } from '../../model/index.js';
import { printSheets } from '../../print/index.js';
import { DEFAULT_PRECEDENCE, radioMessageFill, receiveFromSheets, receiveFromSummaries, receiveSitrep } from '../../radio/index.js';
import { siteFigures } from '../../report/index.js';
import { listRadioSitreps, openWorkspace } from '../../store/index.js';
import { globalOptions } from '../global-options.js';
import { loadFormCatalogue } from '../load-forms.js';
import { nextFreeSerial } from './simulate.js';
import { sitrepFiguresOf, sitrepMessage } from '../sitrep-from-report.js';

/** A local time as the report writes it: 'YYYY-MM-DDTHH:MM', a real month, day, hour and minute. */
const LOCAL_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d$/;

export function registerRadioCommands(program: Command): void {
  const radio = program.command('radio').description('the site\'s situation in one radiogram (SITREP), sent and received by the radio service');

  radio.command('compose')
    .description('the SITREP text for one site, from this workspace, to read out or write on the radio-message form')
    .requiredOption('--site <code>', 'site the message is about')
    .option('--since <local time>', 'only sheets from this local time on (YYYY-MM-DDTHH:MM)')
    .option('--at <local time>', 'the situation as of this local time (YYYY-MM-DDTHH:MM): sheets dated up to it, and the message\'s date and time (default: now)')
    .option('--out <file.pdf>', 'also print the filled-in radio-message form (the next serial of the site, recorded like any print) to read from')
    .option('--number <n>', 'message number on the form (default: the sheet\'s serial: 1, 2, 3 … per site in this workspace)')
    .option('--precedence <p>', `precedence on the form: ROUTINE, PRIORITY, WELFARE or EMERGENCY (default: ${DEFAULT_PRECEDENCE.toUpperCase()})`)
    .option('--station <call sign>', 'origin station (call sign) on the form')
    .action(async (options: { site: string; since?: string; at?: string; out?: string; number?: string; precedence?: string; station?: string }, command: Command) => {
      const global = globalOptions(command);
      const formOnly = (['number', 'precedence', 'station'] as const).find((name) => options[name] !== undefined);
      if (formOnly && options.out === undefined) {
        throw new PaperlinkError('argument-invalid', `--${formOnly} is written on the radio-message form, and no form is asked for.`, 'Add --out msg.pdf to print the filled-in form, or leave the option out.', { path: `--${formOnly}` });
      }
      if (options.at !== undefined && !LOCAL_TIME.test(options.at)) {
        throw new PaperlinkError('argument-invalid', `"${options.at}" is not a local time.`, 'Give it as YYYY-MM-DDTHH:MM, e.g. --at 2026-12-03T14:00.', { path: '--at' });
      }
      const workspace = openWorkspace(global.workspace, { create: false });
      try {
        const site = options.site.toUpperCase();
        const made = siteFigures(workspace, site, { ...(options.since ? { from: options.since } : {}), ...(options.at ? { asOf: options.at } : {}) });
        const { text, check, figures } = sitrepMessage(sitrepFiguresOf(made));
        let form: { file: string; serial: number; number: number } | undefined;
        if (options.out !== undefined) {
          if (options.number !== undefined && !/^\d{1,4}$/.test(options.number)) {
            throw new PaperlinkError('argument-invalid', `"${options.number}" is not a message number.`, 'Give --number as a whole number of at most 4 digits, e.g. --number 7.', { path: '--number' });
          }
          const definition = loadFormCatalogue(global.forms).get('radio-message');
          const serial = nextFreeSerial(workspace, definition.id, site, 1);
          const number = options.number !== undefined ? Number(options.number) : serial;
          const fill = radioMessageFill(definition, { text, check, madeAt: made.madeAt, number, precedence: options.precedence ?? DEFAULT_PRECEDENCE, ...(options.station ? { station: options.station } : {}) });
          const printed = await printSheets(workspace, { definition, site, serialFrom: serial, serialTo: serial, outFile: options.out, fill });
          form = { file: printed.file, serial, number };
        }
        if (global.json) { console.log(JSON.stringify({ text, check, figures, ...(form ? { form } : {}) }, null, 2)); return; }
        console.log(`Preamble check (word count): ${check}\n\n${text}\n\nRead it out word by word; numbers digit by digit ("one eight" for 18). The receiving station enters it with\n  paperlink radio receive "<text>" --check ${check} --station <your call sign>`);
        if (form) console.log(`\nThe filled-in radio-message form (message ${form.number}, sheet ${site} ${form.serial}):\n  ${form.file}`);
      } finally {
        workspace.close();
      }
    });

  radio.command('receive [text]')
    .description('take in a SITREP as written down (or --file), checked against its preamble word count and control total; the same message twice counts once')
    .option('--check <n>', 'the check from the preamble (word count)')
    .option('--file <file>', 'read the text from a file instead')
    .option('--from-sheets', 'take the SITREPs on scanned radio-message forms whose word grid is transcribed (their own check), and the radio summary blocks of scanned site-situation sheets (v2) whose lines are settled (station: the site; number: SIT-<serial>)')
    .option('--station <call sign>', 'station the message came from')
    .option('--number <n>', 'the message number in the preamble')
    .action((text: string | undefined, options: { check?: string; file?: string; fromSheets?: boolean; station?: string; number?: string }, command: Command) => {
      const global = globalOptions(command);
      if (options.fromSheets) {
        const workspace = openWorkspace(global.workspace, { create: false });
        try {
          const receptions = [...receiveFromSheets(workspace), ...receiveFromSummaries(workspace)];
          if (global.json) { console.log(JSON.stringify(receptions, null, 2)); return; }
          if (receptions.length === 0) console.log('No radio-message form with a SITREP, nor a site-situation sheet with a filled radio summary, in this workspace.');
          for (const r of receptions) console.log(`${r.site} ${r.form} sheet ${r.serial}: ${r.outcome}${r.message ? ` — ${r.message}` : ''}`);
        } finally {
          workspace.close();
        }
        return;
      }
      if (options.check === undefined) throw new PaperlinkError('argument-invalid', 'The check from the preamble is missing.', 'Give it with --check N (the word count the sender wrote in the preamble).', { path: '--check' });
      const body = options.file ? readFileSync(options.file, 'utf8') : text;
      if (!body) throw new PaperlinkError('argument-invalid', 'No message text was given.', 'Put the text in quotes after `radio receive`, or give --file.');
      if (!/^\d{1,2}$/.test(options.check)) throw new PaperlinkError('argument-invalid', `"${options.check}" is not a word count.`, 'Give the check from the preamble, e.g. --check 22.', { path: '--check' });
      const workspace = openWorkspace(global.workspace);
      try {
        const received = receiveSitrep(workspace, body, { check: Number(options.check), ...(options.station ? { station: options.station } : {}), ...(options.number ? { messageNo: options.number } : {}) });
        if (global.json) { console.log(JSON.stringify(received, null, 2)); return; }
        console.log(received.duplicate
          ? `Already received: SITREP ${received.figures.site} ${received.figures.date} ${received.figures.time} (counted once).`
          : `Taken: SITREP ${received.figures.site} ${received.figures.date} ${received.figures.time}. It shows in \`paperlink radio list\` (provisional until the site's own sheets arrive).`);
      } finally {
        workspace.close();
      }
    });

  radio.command('list')
    .description('the SITREPs received, per site, newest first')
    .action((_options: unknown, command: Command) => {
      const global = globalOptions(command);
      const workspace = openWorkspace(global.workspace, { create: false });
      try {
        const rows = listRadioSitreps(workspace);
        if (global.json) { console.log(JSON.stringify(rows.map((row) => ({ ...row, figures: JSON.parse(row.figuresJson) as unknown })), null, 2)); return; }
        if (rows.length === 0) { console.log('No SITREP received yet.'); return; }
        for (const row of rows) {
          console.log(`${row.site}  sent ${row.sentDate.slice(0, 2)}-${row.sentDate.slice(2)} ${row.sentTime.slice(0, 2)}:${row.sentTime.slice(2)}  received ${row.receivedAt}${row.station ? ` from ${row.station}` : ''}${row.receptions > 1 ? ` (${row.receptions}×)` : ''}\n  ${row.text}`);
        }
      } finally {
        workspace.close();
      }
    });
}
