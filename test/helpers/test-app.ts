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

export interface TestApp {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  clock: ReturnType<typeof fixedClock>;
  /** The LicenseManager behind the app (undefined when the test passed its own gate). */
  license: LicenseManager | undefined;
  /** Every log line the server wrote, parsed. */
  logs: Record<string, unknown>[];
  rawLogs: string[];
  close(): void;
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
 * The real app over a real SQLite file in a temp directory, driven in
 * process through app.request(). Time is a fixed clock the test can move.
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
  } = {},
): Promise<TestApp> {
  const dataDir = options.dataDir ?? tempDir();
  const config = loadConfig({ dataDir, logLevel: 'info', ...options.config }, {});
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
  return {
    app,
    deps,
    clock,
    license,
    rawLogs,
    get logs() {
      return rawLogs.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    close: () => deps.database.close(),
  };
}
