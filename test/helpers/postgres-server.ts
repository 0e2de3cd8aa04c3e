/**
 * A throwaway PostgreSQL server for tests and benches: Debian's binaries, a cluster in a temp folder, a unix socket
 * in that folder and no TCP port, trust auth, fsync off (nothing in it outlives the run). `initdb` refuses to run
 * as root, so as root the cluster belongs to the `postgres` system user. `startPostgres()` returns null with the
 * reason when no server can be started here; callers skip with that reason.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresServer {
  /** A `postgres://` URL for a new, empty database on this server. */
  createDatabase(name: string): string;
  stop(): void;
}

function binDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((name) => existsSync(join(root, name, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

export function startPostgres(): PostgresServer | { reason: string } {
  const bin = binDir();
  if (!bin) return { reason: 'PostgreSQL is not installed (Debian package `postgresql`; .ci/run installs it)' };
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'paperlink-pg-'));
  const data = join(dir, 'data');
  const run = (tool: string, args: string[]): void => {
    const command = asRoot ? 'runuser' : join(bin, tool);
    const fullArgs = asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
    const result = spawnSync(command, fullArgs, { encoding: 'utf8', cwd: dir });
    if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr || result.stdout || result.error?.message}`);
  };
  try {
    if (asRoot) {
      chmodSync(dir, 0o777);
      execFileSync('chown', ['postgres', dir]);
    }
    run('initdb', ['-D', data, '--auth=trust', '-U', 'postgres', '--no-sync', '--encoding=UTF8', '--locale=C']);
    run('pg_ctl', ['-D', data, '-w', '-l', join(dir, 'server.log'), '-o',
      `-k ${dir} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50`, 'start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return { reason: `a throwaway PostgreSQL server could not start here: ${(error as Error).message.split('\n')[0]}` };
  }
  const psql = (sql: string): void => {
    const args = ['-h', dir, '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql];
    execFileSync(asRoot ? 'runuser' : join(bin, 'psql'), asRoot ? ['-u', 'postgres', '--', join(bin, 'psql'), ...args] : args, { cwd: dir });
  };
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    try { run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']); } catch { /* already gone */ }
    rmSync(dir, { recursive: true, force: true });
  };
  // A test file that fails before its afterAll runs must not leave a server behind.
  process.once('exit', stop);
  return {
    createDatabase: (name: string): string => {
      psql(`CREATE DATABASE "${name}"`);
      return `postgres://postgres@/${name}?host=${encodeURIComponent(dir)}`;
    },
    stop,
  };
}
