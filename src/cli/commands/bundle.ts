/** `paperlink bundle export|import|key`: thin wiring to bundle/ (signed offline exchange between offices). */
import type { Command } from 'commander';
import { ensureOfficeKey, exportBundle, importBundles } from '../../bundle/index.js';
import { PaperlinkError } from '../../model/index.js';
import { openWorkspace } from '../../store/index.js';
import { privateKeyOpener, SEALED_SUFFIX, unseal, type SealOpener } from '../../seal/index.js';
import { readFileSync } from 'node:fs';
import { globalOptions } from '../global-options.js';
import { askHidden } from '../passphrase.js';
import { addSealOptions, SEAL_PASSPHRASE_ENV, writerFor, type SealOptions } from '../seal-options.js';

export function registerBundleCommands(program: Command): void {
  const bundle = program.command('bundle').description('carry this office\'s sheets to another office on a USB stick, signed with the office key');

  addSealOptions(bundle.command('export')
    .description('write this office\'s print runs, sheets, page outcomes, readings and review decisions into one signed bundle file')
    .requiredOption('--out <file>', 'bundle file to write (e.g. on the stick)')
    .option('--since <bundle>', 'only what is new since this earlier bundle of this office (the plain one: keep a copy, or unseal it)')
    .option('--with-images', 'add page images and field crops (much larger; only when the receiving office must review)'))
    .action(async (options: { out: string; since?: string; withImages?: boolean } & SealOptions, command: Command) => {
      const global = globalOptions(command);
      if (options.since?.endsWith(SEALED_SUFFIX)) {
        throw new PaperlinkError('argument-invalid', `${options.since} is sealed: this office cannot read which events it held.`,
          'Give the plain copy of that bundle to --since, or open it first with `paperlink unseal`.', { path: '--since' });
      }
      const writeOutput = await writerFor(options);
      const workspace = openWorkspace(global.workspace, { create: false });
      try {
        const result = exportBundle(workspace, { out: options.out, ...(options.since ? { since: options.since } : {}), withImages: options.withImages ?? false, ...(writeOutput ? { writeOutput } : {}) });
        if (global.json) { console.log(JSON.stringify(result, null, 2)); return; }
        console.log([
          `Bundle written: ${result.file}`,
          `  ${result.events} event(s), sequence ${result.seqFrom}–${result.seqTo}${options.since ? ` (new since ${options.since})` : ''}`,
          `  signed by office key ${result.fingerprint}`,
          '  The receiving office checks this fingerprint with you (radio or phone) the first time it imports from you.',
        ].join('\n'));
      } finally {
        workspace.close();
      }
    });

  bundle.command('import <files...>')
    .description('take in bundles from other offices (checked completely first; a bundle imported twice changes nothing)')
    .option('--trust <fingerprint...>', 'trust this office key (only after its fingerprint was read out by that office)')
    .option('--key <name.key>', 'your private key, for bundles sealed to you (FILE.sealed); without it a sealed bundle asks for its passphrase')
    .action(async (files: string[], options: { trust?: string[]; key?: string }, command: Command) => {
      const global = globalOptions(command);
      let opener: SealOpener | undefined;
      if (files.some((file) => file.endsWith(SEALED_SUFFIX))) {
        opener = options.key ? privateKeyOpener(options.key)
          : { kind: 'passphrase', passphrase: process.env[SEAL_PASSPHRASE_ENV] || await askHidden('Passphrase of the sealed bundles: ') };
      }
      // Sealed bundles are opened in memory only: their plain events never touch the disk.
      const readFile = (file: string): Buffer => (opener && file.endsWith(SEALED_SUFFIX) ? unseal(readFileSync(file), opener).content : readFileSync(file));
      const workspace = openWorkspace(global.workspace);
      try {
        const results = importBundles(workspace, files, { trust: options.trust ?? [], readFile });
        if (global.json) { console.log(JSON.stringify(results, null, 2)); return; }
        for (const r of results) {
          const what = r.state === 'own' ? 'made by this workspace, skipped'
            : r.state === 'already-imported' ? 'imported before, nothing changed'
              : `${r.applied} new, ${r.unchanged} already here, ${r.stale} older${r.conflicts ? `, ${r.conflicts} CONFLICT(S) — see paperlink status` : ''}`;
          console.log(`${r.file} (office ${r.office}, ${r.events} events): ${what}`);
        }
      } finally {
        workspace.close();
      }
    });

  bundle.command('key')
    .description('show this office\'s key fingerprint (made on first use), to read out to the office that imports your bundles')
    .action((_: unknown, command: Command) => {
      const global = globalOptions(command);
      const workspace = openWorkspace(global.workspace);
      try {
        const key = ensureOfficeKey(workspace);
        if (global.json) { console.log(JSON.stringify({ fingerprint: key.fingerprint }, null, 2)); return; }
        console.log(`Office key fingerprint: ${key.fingerprint}`);
      } finally {
        workspace.close();
      }
    });
}
