import { createApp } from '../../server/app';
import { loadConfig, type Config } from '../../server/config';
import { fixedClock, type Clock } from '../../platform/clock';
import type { AppDeps } from '../../server/lib/context';
import { createLogger } from '../../platform/logger';
import type { LicenseGate } from '../../server/license/license-gate';
import type { LicenseManager } from '../../server/license/license-manager';
import { developmentKey } from '../../server/license/dev-license';
import { createRuntime, licenseManagerOf } from '../../server/runtime';
import { tempDir } from './temp-dir';
import { adminUrlOf, freshAppDatabase } from './postgres';
import { rawPostgres, rawSqlite, type RawDatabase } from './raw-db';
import { databasePath } from '../../server/runtime';

export type TestEngine = 'sqlite' | 'postgres';

/**
 * The engine the app suites run on: SQLite, or PostgreSQL when the test runner's PostgreSQL stage
 * sets TRASEALLA_TEST_ENGINE=postgres (test/run/run-tests.ts runs the API suites once on each).
 */
export const TEST_ENGINE: TestEngine = process.env.TRASEALLA_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  clock: ReturnType<typeof fixedClock>;
  /** The LicenseManager behind the app (undefined when the test passed its own gate). */
  license: LicenseManager | undefined;
  engine: TestEngine;
  /** The app's database read straight, past the code under test (every tenant's rows). */
  raw: RawDatabase;
  /** Every log line the server wrote, parsed. */
  logs: Record<string, unknown>[];
  rawLogs: string[];
  close(): Promise<void>;
}

let defaultKey: string | undefined;

/** The license every test app gets unless it asks otherwise: development-signed, perpetual, air-gapped, every feature, room for everyone. */
export function defaultTestKey(): string {
  defaultKey ??= developmentKey({
    customer: 'Test Suite',
    tier: 'ENT',
    maxUsers: 100_000,
    maxTenants: 100_000,
    issuedAt: new Date('2026-01-01T00:00:00.000Z'),
  });
  return defaultKey;
}

/**
 * The real app over a real SQLite file in a temp directory (or, on the PostgreSQL stage, a
 * database of its own cloned from the migrated template, connected as an ordinary role so that
 * row-level security binds it), driven in process through app.request(). Time is a fixed clock
 * the test can move.
 * By default a development-signed license is activated the way setup does it;
 * `licenseKey` activates another one, `licenseKey: null` leaves the instance
 * unlicensed (setup-required mode), and `license` replaces the gate entirely.
 */
export async function createTestApp(
  options: {
    config?: Partial<Record<keyof Config, string>>;
    license?: LicenseGate;
    licenseKey?: string | null;
    clock?: Clock;
    dataDir?: string;
    engine?: TestEngine;
  } = {},
): Promise<TestApp> {
  const engine = options.engine ?? TEST_ENGINE;
  const dataDir = options.dataDir ?? tempDir();
  // A databaseUrl in config reopens that database (a restart); otherwise a PostgreSQL app gets a new one.
  const reopened = options.config?.databaseUrl;
  const postgres = reopened
    ? { url: reopened, adminUrl: adminUrlOf(reopened) }
    : engine === 'postgres'
      ? await freshAppDatabase()
      : undefined;
  const config = loadConfig({ dataDir, logLevel: 'info', ...(postgres ? { databaseUrl: postgres.url } : {}), ...options.config }, {});
  const rawLogs: string[] = [];
  const logger = createLogger({ level: 'info' }, { write: (line: string) => void rawLogs.push(line) });
  const clock = fixedClock(new Date('2026-11-25T09:00:00.000Z'));
  const deps = await createRuntime(config, {
    logger,
    clock: options.clock ?? clock,
    ...(options.license ? { license: options.license } : {}),
  });
  const license = licenseManagerOf(deps);
  const key = options.licenseKey === undefined ? defaultTestKey() : options.licenseKey;
  if (license && key !== null && !license.keyText()) await license.activate(key);
  const app = createApp(deps);
  const raw = postgres ? rawPostgres(postgres.adminUrl) : rawSqlite(databasePath(dataDir));
  return {
    app,
    deps,
    clock,
    license,
    engine,
    raw,
    rawLogs,
    get logs() {
      return rawLogs.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    close: async () => {
      await raw.close();
      await deps.data.close();
      deps.database?.close();
    },
  };
}
