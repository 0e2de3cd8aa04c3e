/** `paperlink keys new NAME` and `paperlink unseal FILE…`: thin wiring to seal/. */
import type { Command } from 'commander';
import { privateKeyOpener, unsealFile, writeRecipientKey, type SealOpener } from '../../seal/index.js';
import { globalOptions } from '../global-options.js';
import { askHidden } from '../passphrase.js';
import { SEAL_PASSPHRASE_ENV } from '../seal-options.js';

export function registerSealCommands(program: Command): void {
  const keys = program.command('keys').description('recipient keys for sealed (encrypted) restricted outputs');
  keys.command('new <name>')
    .description('make NAME.pub (give it to whoever seals files for you) and NAME.key (keep it; it opens them)')
    .option('--out <dir>', 'folder for the two files', '.')
    .action((name: string, options: { out: string }, command: Command) => {
      const made = writeRecipientKey(options.out, name);
      if (globalOptions(command).json) { console.log(JSON.stringify(made, null, 2)); return; }
      console.log(`Recipient key ${name}, fingerprint ${made.fingerprint}\n  public (hand out):  ${made.publicFile}\n  private (keep):     ${made.privateFile}\n` +
        'Read the fingerprint out to whoever seals files for you, so they know the .pub file is yours.');
    });

  program.command('unseal <files...>')
    .description('open sealed files (FILE.sealed) with your private key (--key NAME.key) or their passphrase (asked, or PAPERLINK_SEAL_PASSPHRASE)')
    .option('--key <name.key>', 'your private key')
    .option('--out <dir>', 'folder for the opened files (default: beside each sealed file)')
    .action(async (files: string[], options: { key?: string; out?: string }, command: Command) => {
      const opener: SealOpener = options.key
        ? privateKeyOpener(options.key)
        : { kind: 'passphrase', passphrase: process.env[SEAL_PASSPHRASE_ENV] || await askHidden('Passphrase of the sealed files: ') };
      const opened = files.map((file) => unsealFile(file, opener, options.out));
      if (globalOptions(command).json) { console.log(JSON.stringify({ opened }, null, 2)); return; }
      console.log(`Opened (RESTRICTED: keep them on an encrypted disk, delete them after use):\n${opened.map((file) => `  ${file}`).join('\n')}`);
    });
}
