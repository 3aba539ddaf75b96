import type { ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import type { Config } from './config';
import type { AppDeps } from './lib/context';
import { LicenseValidator } from './license/license-validator';
import { claimDataDir } from './lib/data-dir-lock';
import { listen } from './listen';
import { electLeader, soleLeader } from './data/leadership';
import { closeData, createRuntime, ensureDataDir, licenseManagerOf, setupCommandFor, type RuntimeOverrides } from './runtime';

export interface RunningServer {
  url: string;
  port: number;
  deps: AppDeps;
  /** Periodic online license validation (absent when a test replaced the license gate). */
  validator?: LicenseValidator | undefined;
  /** Whether this process runs the instance's background work (always on SQLite; one replica at a time on PostgreSQL). */
  isLeader(): boolean;
  /** Stops accepting, lets in-flight requests finish (up to the shutdown timeout), then closes the database. */
  close(): Promise<void>;
}

export interface StartOptions extends RuntimeOverrides {
  /** Injected fetch for license checks (tests, or a proxy-aware fetch on Node 20). */
  licenseFetch?: typeof globalThis.fetch;
  /** Do not run the periodic license validator (tests that drive it themselves). */
  noLicenseValidator?: boolean;
  /**
   * Runs after the database is open and before the license is reported and the port opened
   * (the demo activates its trial and seeds its tenant here, so it never looks unlicensed).
   */
  prepare?: (deps: AppDeps) => Promise<void> | void;
}

export async function startServer(config: Config, overrides: StartOptions = {}): Promise<RunningServer> {
  ensureDataDir(config.dataDir);
  // Before the database is opened: a second server must not even run the migrations.
  const releaseDataDir = claimDataDir(config.dataDir);
  let deps: AppDeps | undefined;
  let server: ServerType | undefined;
  try {
    deps = await createRuntime(config, overrides);
    await overrides.prepare?.(deps);
    server = await listen(createApp(deps).fetch, config.host, config.port);
    return running(config, deps, server, releaseDataDir, overrides);
  } catch (err) {
    server?.close();
    if (deps) await closeData(deps);
    releaseDataDir();
    throw err;
  }
}

function running(config: Config, deps: AppDeps, server: ServerType, releaseDataDir: () => void, overrides: StartOptions): RunningServer {
  const license = licenseManagerOf(deps);
  // The CLI may change the license while we serve (license update, import-renewal): pick it up.
  const reload = license
    ? setInterval(
        () => void license.load().catch((err: unknown) => deps.logger.warn({ msg: 'could not re-read the license', err: String(err) })),
        10_000,
      ).unref()
    : undefined;
  const validator =
    license && !overrides.noLicenseValidator
      ? new LicenseValidator({
          db: deps.data.db('instance'),
          license,
          logger: deps.logger,
          serverUrl: config.licenseServer,
          timeoutMs: config.licenseTimeoutMs,
          fetch: overrides.licenseFetch,
        })
      : undefined;
  // Background work runs once per instance: on PostgreSQL on the replica holding the leader lock.
  const onChange = (leading: boolean) => {
    if (config.databaseUrl) deps.logger.info({ msg: leading ? 'leading: this replica runs the license check' : 'no longer leading' });
    if (leading) validator?.start();
    else validator?.stop();
  };
  const leadership = config.databaseUrl ? electLeader(config.databaseUrl, { onChange }) : soleLeader({ onChange });
  if (license) {
    const state = license.state();
    if (state.status === 'unlicensed')
      deps.logger.warn({ msg: `not set up: the API answers 503 until you run "${setupCommandFor(config.dataDir)}"` });
    else
      deps.logger.info({
        msg: 'license',
        status: state.status,
        licenseId: state.terms?.licenseId,
        readOnly: state.readOnly,
        warnings: state.warnings,
      });
  }
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  deps.logger.info({ msg: 'listening', url, dataDir: config.dataDir });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        deps.logger.warn({ msg: 'shutdown deadline reached; closing open connections' });
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }, config.shutdownTimeoutMs);
      timer.unref();
      validator?.stop();
      void leadership.stop();
      if (reload) clearInterval(reload);
      server.close(() => {
        clearTimeout(timer);
        void closeData(deps)
          .catch((err: unknown) => deps.logger.error({ msg: 'could not close the database cleanly', err: String(err) }))
          .finally(() => {
            releaseDataDir();
            deps.logger.info({ msg: 'stopped' });
            resolve();
          });
      });
      (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
    }));
  return { url, port, deps, validator, isLeader: () => leadership.isLeader(), close };
}
