/**
 * Encrypting a plain workspace and changing the passphrase of an encrypted one, crash-safe: the database is copied
 * beside itself (with the WAL folded in and writers held off), the copy is re-encrypted in place by SQLCipher's
 * rekey (a plain workspace's copy is plain already; an encrypted one's never is), verified under the new key,
 * flushed to disk, and then renamed over the workspace in one step. Killed at any point, the folder holds either the
 * old workspace (under the old passphrase, the copy removed at next open) or the new one.
 */
import { isPostgresUrl, shownUrl } from './postgres-db.js';
import Database from 'better-sqlite3-multiple-ciphers';
import { closeSync, copyFileSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { PaperlinkError } from '../model/index.js';
import { CIPHER_PRAGMAS, isEncryptedFile, keyPragma, newSalt, saltOf } from './workspace-key.js';
import { openWorkspace, REKEY_SUFFIX, unlock, workspaceFile } from './workspace.js';

/** Shorter passphrases fall to guessing even through scrypt; a few words are easy to say over a radio and to remember. */
export const MIN_PASSPHRASE_LENGTH = 10;

/** The points a rekey passes; a test kills the process at each to prove the folder stays whole. */
export type RekeyStep = 'copied' | 'rekeyed' | 'flushed' | 'renamed';

export interface RekeyResult {
  readonly file: string;
  /** Whether the workspace was encrypted before (rekey) or plain (encrypt). */
  readonly wasEncrypted: boolean;
}

export function checkNewPassphrase(passphrase: string): void {
  if (passphrase.normalize('NFC').length < MIN_PASSPHRASE_LENGTH) {
    throw new PaperlinkError('passphrase-weak', `A workspace passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`,
      'Choose a few ordinary words with spaces, e.g. "zeven blauwe fietsen bij de dijk"; write it down and keep it apart from the laptop.');
  }
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Makes the workspace in `dir` encrypted under `newPassphrase`. `currentPassphrase` opens it when it is encrypted
 * already (a rekey); a plain workspace needs none. Other paperlink processes on this workspace must be closed first.
 */
export function rekeyWorkspace(dir: string, newPassphrase: string, currentPassphrase?: string, onStep: (step: RekeyStep) => void = () => undefined): RekeyResult {
  checkNewPassphrase(newPassphrase);
  if (isPostgresUrl(dir)) {
    throw new PaperlinkError('workspace-unreadable', 'A workspace on a database server is not encrypted by paperlink.',
      'Protect the server itself (disk encryption, access rules); encrypt and rekey work on a workspace folder.', { file: shownUrl(dir) });
  }
  const file = workspaceFile(dir);
  const wasEncrypted = isEncryptedFile(file);
  // Opening checks the current passphrase and brings the schema up to date before anything is copied.
  // The one passphrase both the source and its copy are opened with (openWorkspace's own default, resolved once).
  const current = currentPassphrase ?? process.env['PAPERLINK_PASSPHRASE'] ?? '';
  const source = openWorkspace(dir, { create: false, passphrase: current });
  const sourceDb = source.sqlite!;
  const copy = `${file}${REKEY_SUFFIX}`;
  try {
    sourceDb.pragma('wal_checkpoint(TRUNCATE)');
    // Hold off writers while the file is copied: another process's page would land in the old file only.
    sourceDb.exec('BEGIN IMMEDIATE');
    try {
      const wal = `${file}-wal`;
      let walBytes = 0;
      try { walBytes = statSync(wal).size; } catch { walBytes = 0; }
      if (walBytes > 0) {
        throw new PaperlinkError('workspace-unreadable', 'Another paperlink program is writing to this workspace.',
          'Close the review page and any running scan on this workspace, then run the command again.', { file });
      }
      rmSync(copy, { force: true });
      copyFileSync(file, copy);
      onStep('copied');
      const db = new Database(copy);
      try {
        if (wasEncrypted) unlock(db, copy, current, saltOf(copy));
        else for (const pragma of CIPHER_PRAGMAS) db.pragma(pragma);
        // SQLCipher re-encrypts in rollback-journal mode only; openWorkspace turns WAL back on.
        db.pragma('journal_mode = DELETE');
        db.pragma(keyPragma('rekey', newPassphrase, newSalt()));
      } finally {
        db.close();
      }
      onStep('rekeyed');
      const check = new Database(copy);
      try {
        unlock(check, copy, newPassphrase, saltOf(copy));
        check.prepare('SELECT COUNT(*) FROM sqlite_schema').get();
      } finally {
        check.close();
      }
      fsyncPath(copy);
      onStep('flushed');
    } finally {
      sourceDb.exec('ROLLBACK');
    }
  } catch (error) {
    source.close();
    rmSync(copy, { force: true });
    throw error;
  }
  source.close();
  renameSync(copy, file);
  onStep('renamed');
  // The old WAL was emptied above; its index belongs to the old file.
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  fsyncPath(dirname(file));
  return { file, wasEncrypted };
}
