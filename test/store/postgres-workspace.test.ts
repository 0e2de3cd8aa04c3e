import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace, SCHEMA_VERSION } from '../../src/store/index.js';
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
});
