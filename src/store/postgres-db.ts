/**
 * A workspace on a PostgreSQL server (`--workspace postgres://…`): the SqlDb the store's queries run on, its
 * transactions, and the schema made from the same migration steps as a SQLite workspace's. Several scanning
 * stations or a regional server share one store this way.
 *
 * Writers take one advisory lock per transaction, so two processes never interleave a page: the same guarantee a
 * SQLite workspace gives with BEGIN IMMEDIATE, and the one ingest's idempotence rests on.
 */
import { PaperlinkError } from '../model/index.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import { PostgresBridge } from './postgres-bridge.js';
import { postgresMigration, postgresQuery } from './postgres-sql.js';
import type { RunResult, ShapedStatement, SqlDb, SqlStatement } from './sql-db.js';

/** The advisory lock every writing transaction takes ('PAPERLINK' in a 64-bit key); any constant would do. */
const WRITE_LOCK_KEY = 0x5041_5045_524c;

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** The URL without its password, for messages. */
export function shownUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@]*@/i, '$1:***@');
}

export class PostgresDb implements SqlDb {
  private depth = 0;
  /** Store functions prepare their query on every call; the translation is done once per query text. */
  private readonly translated = new Map<string, string>();

  constructor(private readonly bridge: PostgresBridge) {}

  prepare(sql: string): SqlStatement {
    let text = this.translated.get(sql);
    if (text === undefined) this.translated.set(sql, text = postgresQuery(sql));
    const { bridge } = this;
    const arrays = (params: unknown[]): unknown[][] => bridge.query(text, params, 'array').rows as unknown[][];
    const raw: ShapedStatement = {
      get: (...params) => arrays(params)[0],
      all: (...params) => arrays(params),
      iterate: (...params) => arrays(params),
    };
    const pluck: ShapedStatement = {
      get: (...params) => arrays(params)[0]?.[0],
      all: (...params) => arrays(params).map((row) => row[0]),
      iterate: (...params) => arrays(params).map((row) => row[0]),
    };
    return {
      run: (...params): RunResult => ({ changes: bridge.query(text, params).rowCount, lastInsertRowid: Number.NaN }),
      get: (...params) => bridge.query(text, params).rows[0],
      all: (...params) => bridge.query(text, params).rows,
      raw: () => raw,
      pluck: () => pluck,
    };
  }

  exec(sql: string): void {
    this.bridge.query(sql, []);
  }

  /** Runs `work` in one transaction under the write lock; a nested call is a savepoint, as in better-sqlite3. */
  transaction<T>(work: () => T): T {
    const savepoint = this.depth > 0 ? `paperlink_${this.depth}` : null;
    this.exec(savepoint ? `SAVEPOINT ${savepoint}` : 'BEGIN');
    if (!savepoint) this.exec(`SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`);
    this.depth += 1;
    let result: T;
    try {
      result = work();
    } catch (error) {
      this.depth -= 1;
      this.exec(savepoint ? `ROLLBACK TO SAVEPOINT ${savepoint}` : 'ROLLBACK');
      throw error;
    }
    this.depth -= 1;
    this.exec(savepoint ? `RELEASE SAVEPOINT ${savepoint}` : 'COMMIT');
    return result;
  }

  close(): void {
    this.bridge.close();
  }
}

/** Connects and brings the schema up to date (under the write lock, so two stations starting at once migrate once). */
export function openPostgresDb(url: string): PostgresDb {
  let bridge: PostgresBridge;
  try {
    bridge = new PostgresBridge(url);
  } catch (error) {
    throw new PaperlinkError('workspace-unreadable', `The database server at ${shownUrl(url)} cannot be reached: ${(error as Error).message}.`,
      'Check that the server runs and the address, user and database in the URL are right (see the README, "Several offices").',
      { file: shownUrl(url) }, { cause: error });
  }
  const db = new PostgresDb(bridge);
  try {
    db.transaction(() => migrate(db, url));
  } catch (error) {
    db.close();
    if (error instanceof PaperlinkError) throw error;
    throw new PaperlinkError('workspace-unreadable', `The database at ${shownUrl(url)} cannot hold a paperlink workspace (${(error as Error).message}).`,
      'Use an empty database for paperlink, or one paperlink made.', { file: shownUrl(url) }, { cause: error });
  }
  return db;
}

function migrate(db: PostgresDb, url: string): void {
  db.exec('CREATE TABLE IF NOT EXISTS paperlink_schema (version INTEGER NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS version FROM paperlink_schema').get() as { version: number | null };
  const current = row.version ?? 0;
  if (current > SCHEMA_VERSION) {
    throw new PaperlinkError('workspace-too-new', `The database was made by a newer paperlink (schema ${current}; this one knows ${SCHEMA_VERSION}).`,
      'Use the newer paperlink that made it.', { file: shownUrl(url) });
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    for (const statement of postgresMigration(migration.sql)) db.exec(statement);
    db.prepare('INSERT INTO paperlink_schema (version) VALUES (?)').run(migration.version);
  }
}
