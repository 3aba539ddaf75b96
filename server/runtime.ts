import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config';
import { openDatabase, type DatabaseHandle } from './db/client';
import { migrate, type MigrateResult } from './db/migrate';
import { systemClock, type Clock } from '../platform/clock';
import type { AppDeps } from './lib/context';
import { loadOrCreateInstanceSecret, sharedInstanceSecret } from './lib/instance-secret';
import { createLogger, type Logger } from '../platform/logger';
import { Metrics } from './lib/metrics';
import { inMemoryCounters, LoginRateLimiter, type CounterFactory } from './lib/login-rate-limiter';
import { SharedWindowCounter } from './data/shared-window-counter';
import type { TrustedKeySet } from '../licensing/key';
import type { LicenseGate } from './license/license-gate';
import { LicenseManager } from './license/license-manager';
import { DataLayer } from './data/data-layer';
import { openSqliteStore } from './data/sqlite-store';
import { openPostgresStore } from './data/postgres-store';
import { preparePostgres } from './db/open-postgres';

export const DATABASE_FILE = 'trasealla.db';

export function databasePath(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}

/** Creates the data directory owner-only (the database and instance secret live there). */
export function ensureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
}

/** Opens the database and brings its schema up to date, backing it up first when it upgrades one. */
export async function openAndMigrate(
  dataDir: string,
  options: {
    logger?: Logger;
    clock?: Clock;
    /** Each step as a sentence (default: logged at info). */
    onProgress?: (message: string) => void;
  } = {},
): Promise<{ database: DatabaseHandle; migration: MigrateResult }> {
  ensureDataDir(dataDir);
  const database = openDatabase(databasePath(dataDir));
  try {
    const migration = await migrate(database.sqlite, {
      backupDir: join(dataDir, 'backups'),
      now: () => (options.clock ?? systemClock).now(),
      onProgress: options.onProgress ?? ((message) => options.logger?.info({ msg: message })),
    });
    return { database, migration };
  } catch (err) {
    database.close();
    throw err;
  }
}

export interface RuntimeOverrides {
  clock?: Clock;
  logger?: Logger;
  /** A gate of the test's own instead of the LicenseManager over the stored license. */
  license?: LicenseGate;
  /** Signing keys the LicenseManager trusts (default: the build's). */
  trustedKeys?: TrustedKeySet;
}

/** The LicenseManager behind deps.license, or undefined when a test replaced the gate. */
export function licenseManagerOf(deps: AppDeps): LicenseManager | undefined {
  return deps.license instanceof LicenseManager ? deps.license : undefined;
}

/** The shell command that activates this data directory, quoted to API callers before setup. */
export function setupCommandFor(dataDir: string): string {
  return `trasealla setup --data-dir ${/^[\w./-]+$/.test(dataDir) ? dataDir : JSON.stringify(dataDir)}`;
}

/**
 * The data layer over the configured engine, its schema brought up to date first: PostgreSQL
 * when a database URL is set, else the data directory's SQLite file (whose handle then also
 * serves migrations, backups and checkpoints).
 */
interface OpenedData {
  data: DataLayer;
  database?: DatabaseHandle;
  migration: MigrateResult;
  /** The session signing key: beside the SQLite file, or in the database replicas share. */
  tokenKey: () => Promise<Uint8Array>;
  /** Sign-in counters: in memory for the one SQLite server, in the database replicas share. */
  counters: CounterFactory;
}

async function openData(config: Config, logger: Logger, clock: Clock): Promise<OpenedData> {
  if (config.databaseUrl) {
    const migration = await preparePostgres(config.databaseUrl, { logger });
    const data = new DataLayer(openPostgresStore(config.databaseUrl, { maxConnections: config.databasePoolSize }));
    return {
      data,
      migration,
      tokenKey: () => sharedInstanceSecret(data),
      counters: (name, rule) => new SharedWindowCounter(data, name, rule, clock),
    };
  }
  const { database, migration } = await openAndMigrate(config.dataDir, { logger, clock });
  return {
    data: new DataLayer(openSqliteStore(database.file, { writer: database.sqlite })),
    database,
    migration,
    tokenKey: async () => loadOrCreateInstanceSecret(config.dataDir),
    counters: inMemoryCounters(clock),
  };
}

/** Everything createApp needs, built from config: the one place the server's parts are wired together. */
export async function createRuntime(config: Config, overrides: RuntimeOverrides = {}): Promise<AppDeps> {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const clock = overrides.clock ?? systemClock;
  ensureDataDir(config.dataDir);
  const opened = await openData(config, logger, clock);
  const { migration } = opened;
  if (migration.applied.length > 0)
    logger.info({
      msg: 'schema migrated',
      engine: opened.data.engine,
      from: migration.from,
      to: migration.to,
      backup: migration.backupFile,
    });
  try {
    return await assemble(config, overrides, logger, clock, opened);
  } catch (err) {
    await opened.data.close();
    opened.database?.close();
    throw err;
  }
}

async function assemble(
  config: Config,
  overrides: RuntimeOverrides,
  logger: Logger,
  clock: Clock,
  { data, database, tokenKey, counters }: OpenedData,
): Promise<AppDeps> {
  return {
    config,
    data,
    ...(database ? { database } : {}),
    logger,
    clock,
    license:
      overrides.license ??
      (await LicenseManager.open({
        data,
        clock,
        logger,
        trustedKeys: overrides.trustedKeys,
        setupCommand: setupCommandFor(config.dataDir),
      })),
    tokenKey: await tokenKey(),
    loginLimiter: new LoginRateLimiter(
      { ipPerMinute: config.loginRateIpPerMinute, emailFailuresPer15Minutes: config.loginRateEmailPer15Minutes },
      counters,
    ),
    metrics: new Metrics(),
    webDir: config.webDir,
  };
}

/** Stores the clock's high-water mark, lets the last transaction finish, then closes the database. */
export async function closeData(deps: AppDeps): Promise<void> {
  try {
    await licenseManagerOf(deps)?.persistHighWater();
  } finally {
    await deps.data.close();
    deps.database?.close();
  }
}
