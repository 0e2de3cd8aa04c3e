/** `paperlink family-links …`: thin wiring to family-links/ (restricted to the family-links team). */
import type { Command } from 'commander';
import { buildFamilyLinkList, exportPfif, parsePfifFormat, recordMatchDecision, updateComparisonKeys } from '../../family-links/index.js';
import { PaperlinkError } from '../../model/index.js';
import { openWorkspace } from '../../store/index.js';
import { globalOptions } from '../global-options.js';
import { addSealOptions, writerFor, type SealOptions } from '../seal-options.js';
import { templatesDirOf } from '../load-forms.js';

export function registerFamilyLinksCommands(program: Command): void {
  const familyLinks = program.command('family-links').description('RESTRICTED: match people looking for someone with people registered safe (family-links team only)');

  addSealOptions(familyLinks.command('list')
    .description('write family-links.html and family-links.pdf (RESTRICTED / VERTROUWELIJK): confirmed matches as consent allows, candidates awaiting a decision')
    .requiredOption('--out <dir>', 'folder for the list'))
    .action(async (options: { out: string } & SealOptions, command: Command) => {
      const global = globalOptions(command);
      const writeOutput = await writerFor(options);
      const workspace = openWorkspace(global.workspace, { create: false });
      try {
        const people = updateComparisonKeys(workspace);
        const result = await buildFamilyLinkList(workspace, { outDir: options.out, templatesDir: templatesDirOf('family-links'), ...(writeOutput ? { writeOutput } : {}) });
        const summary = { people: people.length, confirmed: result.list.confirmed.length, awaiting: result.list.awaiting.length, doubleRegistrations: result.list.doubleRegistrations.length, html: result.html, pdf: result.pdf };
        if (global.json) { console.log(JSON.stringify(summary, null, 2)); return; }
        console.log([
          `Family-links list (RESTRICTED) for ${summary.people} people on family-link sheets:`,
          `  ${summary.confirmed} confirmed match(es), ${summary.awaiting} candidate(s) awaiting a decision, ${summary.doubleRegistrations} possible double registration(s)`,
          `  ${result.html}`, `  ${result.pdf}`,
          '  Keep these files with the family-links team; do not share or forward them.',
        ].join('\n'));
      } finally {
        workspace.close();
      }
    });

  familyLinks.command('confirm <pair>')
    .description('record that a person checked a candidate pair (as listed, e.g. 12s-40p): confirm, or --reject / --unsure; logged with reviewer and time')
    .requiredOption('--reviewer <name>', 'who takes the decision')
    .option('--reject', 'the two are not the same person')
    .option('--unsure', 'cannot tell yet; keeps the pair on the list')
    .action((pair: string, options: { reviewer: string; reject?: boolean; unsure?: boolean }, command: Command) => {
      if (options.reject && options.unsure) {
        throw new PaperlinkError('argument-invalid', 'A decision is either --reject or --unsure, not both.', 'Run the command again with one of them (or neither, to confirm).', { path: '--reject' });
      }
      const global = globalOptions(command);
      const workspace = openWorkspace(global.workspace, { create: false });
      try {
        const decision = options.reject ? 'reject' : options.unsure ? 'unsure' : 'confirm';
        const recorded = recordMatchDecision(workspace, pair, decision, options.reviewer);
        if (global.json) { console.log(JSON.stringify(recorded, null, 2)); return; }
        console.log(`Pair ${recorded.pair}: ${recorded.decision} by ${recorded.reviewer} at ${recorded.decidedAt}. Run \`paperlink family-links list --out DIR\` for what may be told.`);
      } finally {
        workspace.close();
      }
    });

  addSealOptions(familyLinks.command('export')
    .description('write a RESTRICTED PFIF 1.4 export for the RFL case system: pfif.xml, or persons.csv + notes.csv')
    .requiredOption('--out <dir>', 'folder for the export')
    .option('--format <format>', 'pfif-xml or pfif-csv', 'pfif-xml')
    .option('--strict', 'leave out paperlink fields (sheet, site, consents, relationship): PFIF 1.4 fields only'))
    .action(async (options: { out: string; format: string; strict?: boolean } & SealOptions, command: Command) => {
      const format = parsePfifFormat(options.format);
      const global = globalOptions(command);
      const writeOutput = await writerFor(options);
      const workspace = openWorkspace(global.workspace, { create: false });
      try {
        const result = exportPfif(workspace, { format, strict: options.strict ?? false, outDir: options.out, ...(writeOutput ? { writeOutput } : {}) });
        if (global.json) { console.log(JSON.stringify(result, null, 2)); return; }
        console.log([`PFIF 1.4 export (RESTRICTED): ${result.persons} person record(s), ${result.notes} note(s)${options.strict ? ', PFIF fields only' : ''}.`,
          ...result.files.map((file) => `  ${file}`), '  For the RFL team\'s case system only; never publish PFIF records.'].join('\n'));
      } finally {
        workspace.close();
      }
    });
}
