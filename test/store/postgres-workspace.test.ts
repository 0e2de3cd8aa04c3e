import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { insertedId, openWorkspace, SCHEMA_VERSION } from '../../src/store/index.js';
import { startPostgres, type PostgresServer } from '../helpers/postgres-server.js';

const started = startPostgres();
const server: PostgresServer | null = 'reason' in started ? null : started;

describe.skipIf(server === null)(`a workspace on a PostgreSQL server${server ? '' : ` (skipped: ${(started as { reason: string }).reason})`}`, () => {
  afterAll(() => server?.stop());

  it('creates the schema on first use, and opening again migrates nothing twice', () => {
    const url = server!.createDatabase('schema');
    const first = openWorkspace(url);
    expect(first.dialect).toBe('postgres');
    expect(first.db.prepare('SELECT COUNT(*) AS n FROM sheets').get()).toEqual({ n: 0 });
    first.close();
    const again = openWorkspace(url);
    expect(again.db.prepare('SELECT version FROM paperlink_schema ORDER BY version').pluck().all()).toEqual(
      Array.from({ length: SCHEMA_VERSION }, (_, index) => index + 1));
    again.close();
  });

  it('migrates once when several stations open a new database at the same moment', async () => {
    const url = server!.createDatabase('race');
    const store = pathToFileURL(resolve(import.meta.dirname, '../../dist/src/store/index.js')).href;
    // A script file, not `node -e`: a worker thread inherits the process's -e and would run that script instead.
    const script = join(mkdtempSync(join(tmpdir(), 'paperlink-race-')), 'open.mjs');
    writeFileSync(script, `const { openWorkspace } = await import(${JSON.stringify(store)}); openWorkspace(process.argv[2]).close();`);
    const ends = await Promise.all([1, 2, 3, 4].map(() => new Promise<number | null>((done) => {
      spawn(process.execPath, [script, url], { stdio: 'inherit' }).on('exit', done);
    })));
    expect(ends).toEqual([0, 0, 0, 0]);
    const workspace = openWorkspace(url);
    expect(workspace.db.prepare('SELECT version FROM paperlink_schema ORDER BY version').pluck().all()).toEqual(
      Array.from({ length: SCHEMA_VERSION }, (_, index) => index + 1));
    workspace.close();
  });

  it('writes a transaction whole or not at all; a nested one that fails undoes only itself', () => {
    const workspace = openWorkspace(server!.createDatabase('transactions'));
    const insert = workspace.db.prepare('INSERT INTO batches (name, created_at) VALUES (?, ?)');
    const names = (): unknown[] => workspace.db.prepare('SELECT name FROM batches ORDER BY name').pluck().all();
    expect(() => workspace.transaction(() => {
      insert.run('a', 'now');
      throw new Error('stop');
    })).toThrow('stop');
    expect(names()).toEqual([]);
    workspace.transaction(() => {
      insert.run('b', 'now');
      expect(() => workspace.transaction(() => {
        insert.run('c', 'now');
        insert.run('b', 'now');
      })).toThrow(expect.objectContaining({ code: '23505' }));
      insert.run('d', 'now');
    });
    expect(names()).toEqual(['b', 'd']);
    workspace.close();
  });

  it('gives back bytes as Buffers, counts as numbers and rows by the names the query gave', () => {
    const workspace = openWorkspace(server!.createDatabase('types'));
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const id = insertedId(workspace.db.prepare(`INSERT INTO inputs (sha256, page_index, file, outcome, image, created_at)
      VALUES (?, 0, 'a.jpg', 'unreadable', ?, 'now') RETURNING id`), 'abc', bytes);
    const row = workspace.db.prepare('SELECT image, COUNT(*) OVER () AS n, id AS inputId FROM inputs WHERE id = ?').get(id) as { image: Buffer; n: number; inputId: number };
    expect(Buffer.isBuffer(row.image)).toBe(true);
    expect(row.image.equals(bytes)).toBe(true);
    expect(row).toMatchObject({ n: 1, inputId: id });
    workspace.close();
  });

  it('says what to check when the server cannot be reached', () => {
    expect(() => openWorkspace(server!.createDatabase('reach').replace(/\/reach\?/, '/no_such_database?'))).toThrow(
      expect.objectContaining({ code: 'workspace-unreadable', message: expect.stringContaining('cannot be reached') }));
  });
});
