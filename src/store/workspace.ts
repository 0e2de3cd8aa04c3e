/**
 * The SQLite workspace (better-sqlite3 12): open or create, migrate, and run work in one transaction.
 * A workspace is a folder holding `workspace.sqlite`; features get a Workspace, never a path.
 */
import Database from 'better-sqlite3';
import { mkdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PaperlinkError } from '../model/index.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';

export type Db = Database.Database;

export interface Workspace {
  readonly dir: string;
  readonly db: Db;
  /** Runs `work` in one transaction (immediate, so two processes never interleave a page). */
  transaction<T>(work: () => T): T;
  close(): void;
}

export const WORKSPACE_FILE = 'workspace.sqlite';

export function workspaceFile(dir: string): string {
  return join(resolve(dir), WORKSPACE_FILE);
}

/** Opens the workspace in `dir`, creating folder and database on first use and applying pending migrations. */
export function openWorkspace(dir: string, options: { readonly create?: boolean } = {}): Workspace {
  const create = options.create ?? true;
  const file = workspaceFile(dir);
  if (!existsSync(file) && !create) {
    throw new PaperlinkError('workspace-unreadable', `There is no paperlink workspace in ${resolve(dir)}.`,
      'Check the --workspace folder (or PAPERLINK_WORKSPACE), or print forms first to create it.', { file });
  }
  let db: Db;
  try {
    mkdirSync(resolve(dir), { recursive: true });
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 10000');
  } catch (error) {
    throw new PaperlinkError('workspace-unreadable', `The workspace ${file} cannot be opened: ${(error as Error).message}.`,
      'Check that the folder exists, is writable, and holds a paperlink workspace (not another file).', { file }, { cause: error });
  }
  try {
    migrate(db, file);
  } catch (error) {
    db.close();
    throw error;
  }
  const workspace: Workspace = {
    dir: resolve(dir),
    db,
    transaction: <T>(work: () => T): T => db.transaction(work).immediate(),
    close: () => db.close(),
  };
  return workspace;
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
