import { createApp } from '../../server/app';
import { loadConfig, type Config } from '../../server/config';
import { fixedClock, type Clock } from '../../server/lib/clock';
import type { AppDeps } from '../../server/lib/context';
import { createLogger } from '../../server/lib/logger';
import type { LicenseGate } from '../../server/license/license-gate';
import { createRuntime } from '../../server/runtime';
import { tempDir } from './temp-dir';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  clock: ReturnType<typeof fixedClock>;
  /** Every log line the server wrote, parsed. */
  logs: Record<string, unknown>[];
  rawLogs: string[];
  close(): void;
}

/**
 * The real app over a real SQLite file in a temp directory, driven in
 * process through app.request(). Time is a fixed clock the test can move.
 */
export async function createTestApp(
  options: { config?: Partial<Record<keyof Config, string>>; license?: LicenseGate; clock?: Clock; dataDir?: string } = {},
): Promise<TestApp> {
  const dataDir = options.dataDir ?? tempDir();
  const config = loadConfig({ dataDir, logLevel: 'info', ...options.config }, {});
  const rawLogs: string[] = [];
  const logger = createLogger({ level: 'info' }, { write: (line: string) => void rawLogs.push(line) });
  const clock = fixedClock(new Date('2026-11-25T09:00:00.000Z'));
  const deps = await createRuntime(config, { logger, clock: options.clock ?? clock, ...(options.license ? { license: options.license } : {}) });
  const app = createApp(deps);
  return {
    app,
    deps,
    clock,
    rawLogs,
    get logs() {
      return rawLogs.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    close: () => deps.database.close(),
  };
}
