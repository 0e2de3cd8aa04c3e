/**
 * The one connection interface every store query goes through, whatever the store: SQLite (better-sqlite3, which
 * has exactly this shape) or a PostgreSQL server (postgres-db.ts, the same calls made synchronous through a
 * worker). Queries are written once, in the SQL both dialects share; postgres-sql.ts adapts the few spellings that
 * differ (placeholders, identifier case, column types).
 */

export type Dialect = 'sqlite' | 'postgres';

export interface RunResult {
  readonly changes: number;
  /** SQLite only; queries that need the new row's id use `RETURNING id`, which both stores answer. */
  readonly lastInsertRowid: number | bigint;
}

/** Rows as arrays of column values (`.raw()`), or the first column only (`.pluck()`). */
export interface ShapedStatement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): Iterable<unknown>;
}

export interface SqlStatement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  raw(): ShapedStatement;
  pluck(): ShapedStatement;
}

export interface SqlDb {
  prepare(sql: string): SqlStatement;
  exec(sql: string): void;
  close(): void;
}

const statements = new WeakMap<SqlDb, Map<string, SqlStatement>>();

/** The statement for `text`, prepared once per connection: queries run per page, per event or per field. */
export function prepareCached(db: SqlDb, text: string): SqlStatement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, cache = new Map());
  let statement = cache.get(text);
  if (!statement) cache.set(text, statement = db.prepare(text));
  return statement;
}

/** Rows per multi-row INSERT: well inside SQLite's 32,766 bound parameters for the widest table (9 columns). */
export const ROWS_PER_INSERT = 200;

/** `(?, ?, ?), (?, ?, ?)`: the VALUES of a multi-row INSERT, which both stores read. On a server each statement is a
 * round trip, so a sheet's 40 fields go in one statement rather than 40. */
export function valuesRows(rowCount: number, columnCount: number): string {
  const row = `(${Array.from({ length: columnCount }, () => '?').join(', ')})`;
  return Array.from({ length: rowCount }, () => row).join(', ');
}

/** Runs `statementFor(n)` over `rows` in chunks of at most ROWS_PER_INSERT, each row's parameters flattened in order. */
export function insertInChunks<T>(rows: readonly T[], statementFor: (rowCount: number) => SqlStatement, paramsOf: (row: T) => unknown[]): void {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + ROWS_PER_INSERT);
    statementFor(chunk.length).run(...chunk.flatMap(paramsOf));
  }
}

/** The id of the row an `INSERT … RETURNING id` made: the one way to learn a new row's id on both stores. */
export function insertedId(statement: SqlStatement, ...params: unknown[]): number {
  return Number((statement.get(...params) as { id: number | bigint }).id);
}

/** A condition true when the JSON object in `column` has `key` set to true (SQLite stores JSON as text, so does the
 * store on PostgreSQL; each dialect has its own JSON path syntax). */
export function jsonIsTrue(dialect: Dialect, column: string, key: string): string {
  return dialect === 'postgres' ? `(${column}::jsonb ->> '${key}') = 'true'` : `json_extract(${column}, '$.${key}') = 1`;
}

/** The value of `key` in the JSON object in `column`, as text (or as SQLite's number for a number). */
export function jsonText(dialect: Dialect, column: string, key: string): string {
  return dialect === 'postgres' ? `(${column}::jsonb ->> '${key}')` : `json_extract(${column}, '$.${key}')`;
}

/** The first item of the JSON array in `column`, as text. */
export function jsonFirstItem(dialect: Dialect, column: string): string {
  return dialect === 'postgres' ? `(${column}::jsonb ->> 0)` : `json_extract(${column}, '$[0]')`;
}
