/**
 * ENTRY of sealing on disk: a writer that seals each restricted output for its recipients (`FILE.sealed`, written
 * whole then renamed, so a half-written seal never looks complete), reading recipients' public keys, making a
 * recipient key pair, and opening a sealed file back to its original name.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { PaperlinkError, type OutputWriter } from '../model/index.js';
import { newRecipientKey, seal, unseal, type SealOpener, type SealRecipient } from './envelope.js';

export const SEALED_SUFFIX = '.sealed';

export function sealedWriter(recipients: readonly SealRecipient[]): OutputWriter {
  return (file, content) => {
    const target = `${file}${SEALED_SUFFIX}`;
    const partial = `${target}.partial`;
    writeFileSync(partial, seal(Buffer.from(content), basename(file), recipients));
    renameSync(partial, target);
    return target;
  };
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new PaperlinkError('input-not-found', `The ${what} ${file} cannot be read.`, `Check the path; a ${what} is a file made by \`paperlink keys new\`.`, { file }, { cause: error });
  }
}

/** Recipients from public-key files (NAME.pub) and an optional passphrase. */
export function recipientsFrom(publicKeyFiles: readonly string[], passphrase?: string): SealRecipient[] {
  return [
    ...publicKeyFiles.map((file): SealRecipient => ({ kind: 'key', publicKeyPem: readText(file, 'public key') })),
    ...(passphrase !== undefined ? [{ kind: 'passphrase' as const, passphrase }] : []),
  ];
}

/** Writes NAME.pub (hand out) and NAME.key (keep; readable by its owner only) into `dir`; refuses to overwrite. */
export function writeRecipientKey(dir: string, name: string): { publicFile: string; privateFile: string; fingerprint: string } {
  if (!/^[\w.-]{1,60}$/.test(name)) {
    throw new PaperlinkError('argument-invalid', `"${name}" is not a usable key name.`, 'Use letters, digits, dots and dashes, e.g. rfl-team-utrecht.', { path: 'NAME' });
  }
  const publicFile = join(resolve(dir), `${name}.pub`);
  const privateFile = join(resolve(dir), `${name}.key`);
  if (existsSync(publicFile) || existsSync(privateFile)) {
    throw new PaperlinkError('argument-invalid', `A key named ${name} exists already in ${resolve(dir)}.`, 'Choose another name: overwriting a key would lock out every file sealed to it.', { file: privateFile });
  }
  const key = newRecipientKey();
  mkdirSync(resolve(dir), { recursive: true });
  writeFileSync(privateFile, key.privateKeyPem, { mode: 0o600 });
  writeFileSync(publicFile, key.publicKeyPem);
  return { publicFile, privateFile, fingerprint: key.fingerprint };
}

/** Opens FILE.sealed into `outDir` (default: beside it) under its original name; refuses to overwrite. */
export function unsealFile(file: string, opener: SealOpener, outDir?: string): string {
  const { name, content } = unseal(readFileSync(file), opener);
  const target = join(resolve(outDir ?? dirname(file)), basename(name));
  if (existsSync(target)) {
    throw new PaperlinkError('argument-invalid', `${target} exists already.`, 'Open it into another folder with --out DIR.', { file: target });
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content, { mode: 0o600 });
  return target;
}

export function privateKeyOpener(keyFile: string): SealOpener {
  return { kind: 'key', privateKeyPem: readText(keyFile, 'private key') };
}
