/**
 * The workspace: open or create, unlock when encrypted (workspace-key.ts), migrate, and run work in one transaction.
 * A workspace is a folder holding `workspace.sqlite` (better-sqlite3-multiple-ciphers 12, better-sqlite3 with
 * SQLCipher built in), or a database on a PostgreSQL server given as a `postgres://` URL (postgres-db.ts). Features
 * get a Workspace, never a path, and every store query runs on either through the one SqlDb interface.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { mkdirSync, existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PaperlinkError } from '../model/index.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import { CIPHER_PRAGMAS, isEncryptedFile, keyPragma, newSalt, saltOf } from './workspace-key.js';
import { isPostgresUrl, openPostgresDb, shownUrl } from './postgres-db.js';
import type { Dialect, SqlDb } from './sql-db.js';

export type Db = Database.Database;

export interface Workspace {
  /** The folder of a SQLite workspace; for a PostgreSQL one, its URL without the password. */
  readonly dir: string;
  readonly dialect: Dialect;
  readonly db: SqlDb;
  /** The SQLite handle itself, for what only a SQLite file has (checkpoints, re-keying); null on PostgreSQL. */
  readonly sqlite: Db | null;
  /** Runs `work` in one transaction (immediate, so two processes never interleave a page). */
  transaction<T>(work: () => T): T;
  close(): void;
}

export const WORKSPACE_FILE = 'workspace.sqlite';

export function workspaceFile(dir: string): string {
  return join(resolve(dir), WORKSPACE_FILE);
}

/** Whether a workspace is there: its file in a folder; a postgres:// URL is taken as there (opening says if not). */
export function workspaceExists(location: string): boolean {
  return isPostgresUrl(location) || existsSync(workspaceFile(location));
}

/** The workspace as a person should read it: the full folder path, or the server URL without its password. */
export function workspaceLabel(location: string): string {
  return isPostgresUrl(location) ? shownUrl(location) : resolve(location);
}

export interface OpenWorkspaceOptions {
  /** Create folder and database when missing (default true). */
  readonly create?: boolean;
  /** Unlocks an encrypted workspace. Default: the PAPERLINK_PASSPHRASE environment variable (scripts; the CLI sets it
   * after asking on a terminal). A plain workspace ignores it. */
  readonly passphrase?: string;
  /** A workspace created now is encrypted under the passphrase (`paperlink init --encrypt`). */
  readonly encrypt?: boolean;
}

/** Suffix of the copy an encrypt or rekey writes before its one atomic rename; a leftover is an interrupted run. */
export const REKEY_SUFFIX = '.rekeying';

/** Opens the workspace in `dir`, creating folder and database on first use and applying pending migrations. */
export function openWorkspace(dir: string, options: OpenWorkspaceOptions = {}): Workspace {
  if (isPostgresUrl(dir)) return openPostgresWorkspace(dir, options);
  const create = options.create ?? true;
  const file = workspaceFile(dir);
  if (!existsSync(file) && !create) {
    throw new PaperlinkError('workspace-unreadable', `There is no paperlink workspace in ${resolve(dir)}.`,
      'Check the --workspace folder (or PAPERLINK_WORKSPACE), or print forms first to create it.', { file });
  }
  const passphrase = options.passphrase ?? process.env['PAPERLINK_PASSPHRASE'];
  const encrypted = isEncryptedFile(file);
  const encryptNew = !existsSync(file) && options.encrypt === true;
  if ((encrypted || encryptNew) && !passphrase) {
    throw new PaperlinkError('workspace-locked', encrypted ? `The workspace ${resolve(dir)} is encrypted.` : 'An encrypted workspace needs a passphrase.',
      'Give the passphrase: run the command in a terminal to be asked for it, or set PAPERLINK_PASSPHRASE for a script.', { file });
  }
  let db: Db;
  try {
    mkdirSync(resolve(dir), { recursive: true });
    // An encrypt or rekey that was interrupted before its rename left only this copy; the workspace itself is whole.
    rmSync(`${file}${REKEY_SUFFIX}`, { force: true });
    db = new Database(file);
  } catch (error) {
    throw new PaperlinkError('workspace-unreadable', `The workspace ${file} cannot be opened: ${(error as Error).message}.`,
      'Check that the folder exists, is writable, and holds a paperlink workspace (not another file).', { file }, { cause: error });
  }
  try {
    if (encrypted || encryptNew) unlock(db, file, passphrase!, encrypted ? saltOf(file) : newSalt());
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 10000');
    migrate(db, file);
  } catch (error) {
    db.close();
    if (error instanceof PaperlinkError) throw error;
    throw new PaperlinkError('workspace-unreadable', `${file} is not a paperlink workspace (${(error as Error).message}).`,
      'Point --workspace at a paperlink workspace folder, or at an empty folder to start a new one.', { file }, { cause: error });
  }
  const workspace: Workspace = {
    dir: resolve(dir),
    dialect: 'sqlite',
    // better-sqlite3's Database is this interface's model; its generics are only wider.
    db: db as unknown as SqlDb,
    sqlite: db,
    transaction: <T>(work: () => T): T => db.transaction(work).immediate(),
    close: () => db.close(),
  };
  return workspace;
}

function openPostgresWorkspace(url: string, options: OpenWorkspaceOptions): Workspace {
  if (options.encrypt) {
    throw new PaperlinkError('workspace-unreadable', 'A workspace on a database server is not encrypted by paperlink.',
      'Leave out --encrypt for a postgres:// workspace and protect the server itself (disk encryption, access rules).', { file: shownUrl(url) });
  }
  const db = openPostgresDb(url);
  return {
    dir: shownUrl(url),
    dialect: 'postgres',
    db,
    sqlite: null,
    transaction: <T>(work: () => T): T => db.transaction(work),
    close: () => db.close(),
  };
}

/** Keys the connection and proves the key with a first read, before anything is written. */
export function unlock(db: Db, file: string, passphrase: string, salt: Buffer): void {
  for (const pragma of CIPHER_PRAGMAS) db.pragma(pragma);
  db.pragma(keyPragma('key', passphrase, salt));
  try {
    db.pragma('user_version', { simple: true });
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_NOTADB') throw error;
    throw new PaperlinkError('passphrase-wrong', 'The passphrase does not open this workspace. Nothing was changed.',
      'Type it again (letters, case and spaces count), or use the passphrase it was last re-keyed with.', { file }, { cause: error });
  }
}

function migrate(db: Db, file: string): void {
  let current: number;
  try {
    current = db.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    throw new PaperlinkError('workspace-unreadable', `${file} is not a paperlink workspace (${(error as Error).message}).`,
      'Point --workspace at a paperlink workspace folder, or at an empty folder to start a new one.', { file }, { cause: error });
  }
  if (current > SCHEMA_VERSION) {
    throw new PaperlinkError('workspace-too-new', `The workspace was made by a newer paperlink (schema ${current}; this one knows ${SCHEMA_VERSION}).`,
      'Use the newer paperlink that made it.', { file });
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

export function nowIso(): string {
  return new Date().toISOString();
}
