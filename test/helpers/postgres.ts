import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './ports';
import { skipSuite } from './skip';

/*
 * A throw-away PostgreSQL cluster for the suites: Debian's own server binaries, a data folder in
 * a temporary directory, listening on a free loopback port with trust authentication (nothing
 * but this machine can reach it), fsync off (a crash loses a test run, never data anyone needs).
 * One cluster serves a whole vitest run (test/global-setup.ts); each suite takes a database of
 * its own with freshDatabase().
 */

export const POSTGRES_URL_ENV = 'TRASEALLA_TEST_POSTGRES_URL';

/** The directory holding initdb, pg_ctl and postgres: the newest Debian-installed version, or PATH. */
export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  const found = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  return found.status === 0 ? join(found.stdout.trim(), '..') : null;
}

export interface PostgresCluster {
  /** postgres://…/postgres on the cluster, as its superuser. */
  url: string;
  stop(): void;
}

/** initdb refuses to run as root: as root the cluster belongs to Debian's postgres user. */
function runAs(): { uid: number; gid: number; prefix: string[] } | null {
  if (userInfo().uid !== 0) return null;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g'), prefix: ['runuser', '-u', 'postgres', '--'] };
}

function run(prefix: string[], command: string, args: string[], check = true): void {
  const [cmd, ...rest] = [...prefix, command, ...args];
  const result = spawnSync(cmd!, rest, { encoding: 'utf8' });
  if (check && result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`);
}

export async function startPostgres(): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('No PostgreSQL server binaries (initdb): install Debian\'s "postgresql" package.');
  const dir = mkdtempSync(join(tmpdir(), 'trasealla-pg-'));
  const owner = runAs();
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const prefix = owner?.prefix ?? [];
  const data = join(dir, 'data');
  const port = await freePort();
  run(prefix, join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  run(prefix, join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      run(prefix, join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop'], false);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let counter = 0;

/** A new, empty database on the run's cluster, and its URL. */
export async function freshDatabase(clusterUrl = process.env[POSTGRES_URL_ENV]): Promise<string> {
  if (!clusterUrl) throw new Error(`${POSTGRES_URL_ENV} is not set: the PostgreSQL suites run under test/global-setup.ts`);
  const name = `t_${process.pid}_${Date.now().toString(36)}_${(counter += 1)}`;
  const admin = new pg.Client({ connectionString: clusterUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Whether a PostgreSQL suite skips (saying why): the run has no cluster when asked not to, or when there are no server binaries. */
export const skipWithoutPostgres = (suite: string): boolean =>
  skipSuite(!process.env[POSTGRES_URL_ENV], {
    suite,
    reason: 'no PostgreSQL cluster for this run (TRASEALLA_SKIP_POSTGRES=1, or no server binaries)',
    allowedBy: 'TRASEALLA_SKIP_POSTGRES',
  });

/** The role the app connects as in the suites: an ordinary one, so row-level security binds it as it does in production. */
export const APP_ROLE = 'trasealla_app';
/** A database migrated once per run, owned by APP_ROLE, that every app database is cloned from (CREATE DATABASE … TEMPLATE). */
export const APP_TEMPLATE = 'trasealla_template';

/** Run once per cluster (test/global-setup.ts): the application role and the migrated template. */
export async function prepareAppTemplate(clusterUrl: string, migrate: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const admin = new pg.Client({ connectionString: clusterUrl });
  await admin.connect();
  try {
    await admin.query(
      `DO $$ BEGIN CREATE ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
    );
    await admin.query(`CREATE DATABASE ${APP_TEMPLATE} OWNER ${APP_ROLE}`);
  } finally {
    await admin.end();
  }
  const app = new pg.Client({ connectionString: withDatabase(clusterUrl, APP_TEMPLATE, APP_ROLE) });
  await app.connect();
  try {
    await migrate(app);
  } finally {
    await app.end();
  }
}

function withDatabase(clusterUrl: string, database: string, user?: string): string {
  const url = new URL(clusterUrl);
  url.pathname = `/${database}`;
  if (user) url.username = user;
  return url.toString();
}

/**
 * A database of the app's own, cloned from the migrated template: `url` connects as the
 * application role (what the server gets), `adminUrl` as the superuser (what a test reads
 * through to see every tenant's rows, past row-level security and the code under test).
 */
export async function freshAppDatabase(clusterUrl = process.env[POSTGRES_URL_ENV]): Promise<{ url: string; adminUrl: string }> {
  if (!clusterUrl) throw new Error(`${POSTGRES_URL_ENV} is not set: the PostgreSQL suites run under test/global-setup.ts`);
  const name = `app_${process.pid}_${Date.now().toString(36)}_${(counter += 1)}`;
  const admin = new pg.Client({ connectionString: clusterUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${APP_TEMPLATE} OWNER ${APP_ROLE}`);
  } finally {
    await admin.end();
  }
  return { url: withDatabase(clusterUrl, name, APP_ROLE), adminUrl: withDatabase(clusterUrl, name) };
}

/** The superuser's URL for an app database's URL (a test reopening an app's database reads it as the cluster's owner). */
export function adminUrlOf(appUrl: string, clusterUrl = process.env[POSTGRES_URL_ENV]): string {
  if (!clusterUrl) throw new Error(`${POSTGRES_URL_ENV} is not set`);
  return withDatabase(clusterUrl, new URL(appUrl).pathname.slice(1));
}
