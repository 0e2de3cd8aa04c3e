/**
 * The seal options every restricted output shares (--seal-to KEY.pub…, --seal-passphrase) and the writer they make:
 * undefined (write as is) when neither is given.
 */
import type { Command } from 'commander';
import type { OutputWriter } from '../model/index.js';
import { recipientsFrom, sealedWriter } from '../seal/index.js';
import { newPassphrase } from './passphrase.js';

export const SEAL_PASSPHRASE_ENV = 'PAPERLINK_SEAL_PASSPHRASE';

export interface SealOptions { readonly sealTo?: string[]; readonly sealPassphrase?: boolean }

export function addSealOptions(command: Command): Command {
  return command
    .option('--seal-to <key.pub...>', 'write the files sealed (encrypted) to these recipients\' public keys (made by `paperlink keys new`): FILE.sealed')
    .option('--seal-passphrase', `also (or instead) seal to a passphrase: asked twice, or ${SEAL_PASSPHRASE_ENV}`);
}

export async function writerFor(options: SealOptions): Promise<OutputWriter | undefined> {
  const keys = options.sealTo ?? [];
  if (keys.length === 0 && !options.sealPassphrase) return undefined;
  const passphrase = options.sealPassphrase ? await newPassphrase(SEAL_PASSPHRASE_ENV) : undefined;
  return sealedWriter(recipientsFrom(keys, passphrase));
}
