import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import type { Config } from './config';
import type { AppDeps } from './lib/context';
import { createRuntime, type RuntimeOverrides } from './runtime';

export interface RunningServer {
  url: string;
  port: number;
  deps: AppDeps;
  /** Stops accepting, lets in-flight requests finish (up to the shutdown timeout), then closes the database. */
  close(): Promise<void>;
}

export async function startServer(config: Config, overrides: RuntimeOverrides = {}): Promise<RunningServer> {
  const deps = await createRuntime(config, overrides);
  const app = createApp(deps);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => resolve(s));
    s.once('error', reject);
  });
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
      server.close(() => {
        clearTimeout(timer);
        deps.database.close();
        deps.logger.info({ msg: 'stopped' });
        resolve();
      });
      (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
    }));
  return { url, port, deps, close };
}
