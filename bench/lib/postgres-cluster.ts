import { spawnSync } from 'node:child_process';
import { readFileSync, statfsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { postgresBinDir, startPostgres, type PostgresCluster } from '../../test/helpers/postgres';

/*
 * The PostgreSQL cluster a bench runs against: by default a throw-away one from the test helper
 * (Debian's binaries, a temporary data directory, fsync off), given more shared memory than its
 * 128 MB default (ALTER SYSTEM, then a restart); or, with BENCH_PG_URL (a superuser URL), a
 * cluster of the caller's that outlives the run, so that big seeds are made once.
 */

export interface BenchCluster {
  /** Superuser URL to the postgres database. */
  url: string;
  /** Whether this run started it (and so tuned it and stops it). */
  owned: boolean;
  dataDirectory: string;
  postmasterPid: number;
  /** The settings that decide what the figures mean, as one line. */
  settings: string;
  /** Bytes free on the data directory's file system. */
  freeBytes(): number;
  stop(): void;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** The postmaster: the parent of a backend (read while the backend is there). */
async function postmasterOf(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return Number(
      readFileSync(`/proc/${rows[0]!.pid}/stat`, 'utf8')
        .replace(/^.*\) /, '')
        .split(' ')[1],
    );
  } finally {
    await client.end();
  }
}

export async function benchCluster(tuning: Record<string, string>): Promise<BenchCluster> {
  const external = process.env.BENCH_PG_URL;
  const started = external ? null : await startPostgres();
  const url = external ?? started!.url;
  try {
    return await prepare(url, started, tuning);
  } catch (error) {
    started?.stop();
    throw error;
  }
}

async function prepare(url: string, started: PostgresCluster | null, tuning: Record<string, string>): Promise<BenchCluster> {
  const [{ dir }] = (await query<{ dir: string }>(url, "SELECT current_setting('data_directory') AS dir")) as [{ dir: string }];
  if (started && Object.keys(tuning).length > 0) {
    for (const [name, value] of Object.entries(tuning)) await query(url, `ALTER SYSTEM SET ${name} = '${value}'`);
    // pg_ctl restart starts the server again with the options it was first started with (postmaster.opts);
    // its output goes to the helper's log file, or the server would hold this call's pipes open.
    const asPostgres = userInfo().uid === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
    const [cmd, ...args] = [
      ...asPostgres,
      join(postgresBinDir()!, 'pg_ctl'),
      '-D',
      dir,
      '-l',
      join(dir, '..', 'server.log'),
      '-m',
      'fast',
      '-w',
      '-t',
      '120',
      'restart',
    ];
    const restart = spawnSync(cmd!, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (restart.status !== 0) throw new Error(`pg_ctl restart failed: ${restart.stderr || restart.stdout}`);
  }
  const rows = await query<{ name: string; setting: string; unit: string | null }>(
    url,
    `SELECT name, setting, unit FROM pg_settings WHERE name IN
       ('server_version', 'shared_buffers', 'fsync', 'synchronous_commit', 'full_page_writes', 'work_mem', 'max_connections', 'jit', 'max_wal_size')
     ORDER BY name`,
  );
  const show = (r: { name: string; setting: string; unit: string | null }) =>
    r.unit === '8kB' ? `${r.name}=${(Number(r.setting) * 8) / 1024} MB` : `${r.name}=${r.setting}${r.unit ? ` ${r.unit}` : ''}`;
  return {
    url,
    owned: started !== null,
    dataDirectory: dir,
    postmasterPid: await postmasterOf(url),
    settings: rows.map(show).join(', '),
    freeBytes: () => {
      const fs = statfsSync(dir);
      return fs.bavail * fs.bsize;
    },
    stop: () => started?.stop(),
  };
}
