/** startLicenseService(): opens the database (migrations applied), listens, and returns how to stop. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import pino from 'pino';
import type { Clock } from '../../platform/clock';
import { createLogger, type Logger } from '../../platform/logger';
import { createLicenseServiceApp } from './app';
import type { LicenseServiceConfig } from './config';
import { openLicenseDatabase } from './db/open-database';
import { nodeSigner } from './node-signer';

export interface RunningLicenseService {
  url: string;
  close(): Promise<void>;
}

export async function startLicenseService(
  config: LicenseServiceConfig,
  extra: { clock?: Clock; logger?: Logger } = {},
): Promise<RunningLicenseService> {
  // Synchronous stdout: the service's volume is low, and the "listening" line (which carries the
  // URL a supervisor or test waits for) and the last lines before a crash must not sit in a buffer.
  const logger =
    extra.logger ?? createLogger({ name: 'license-service', level: config.logLevel }, pino.destination({ dest: 1, sync: true }));
  const database = openLicenseDatabase(config.dbPath);
  const app = createLicenseServiceApp({
    db: database.db,
    // node:crypto on the hot path (one signature per validation answer); byte-identical to tweetnacl.
    signer: config.signingKey ? nodeSigner(config.signingKey) : undefined,
    operatorTokenHash: config.operatorTokenHash,
    rateLimits: config.rateLimits,
    trustProxy: config.trustProxy,
    logger,
    ...(extra.clock ? { clock: extra.clock } : {}),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  logger.info({ url, signingKeyId: config.signingKey?.keyId ?? null, dbPath: config.dbPath }, 'license service listening');
  if (!config.signingKey) logger.warn('no signing key configured: issue, renew and validate answer 503');
  let closed: Promise<void> | undefined;
  return {
    url,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        server.close(() => {
          database.close();
          resolve();
        });
        // Keep-alive connections would hold close() open.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      })),
  };
}
