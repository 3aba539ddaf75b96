/** createLicenseServiceApp(): the license service's Hono app, middleware and routes chained. */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { systemClock, type Clock } from '../../platform/clock';
import { payloadTooLarge } from '../../platform/errors';
import { errorHandler, notFoundHandler } from '../../platform/http/error-handler';
import { requestLog } from '../../platform/http/request-log';
import { responseHeaders } from '../../platform/http/response-headers';
import { newId } from '../../platform/ids';
import { createLogger, type Logger } from '../../platform/logger';
import { WindowCounter, type RateLimitRule } from '../../platform/rate-limiter';
import type { Signer } from '../key';
import type { ServiceEnv } from './context';
import type { LicenseDb } from './db/open-database';
import { isOperatorTokenHash } from './operator-token';
import { operatorRoutes } from './routes/operator.routes';
import { validateRoutes } from './routes/validate.routes';

export interface LicenseServiceDeps {
  db: LicenseDb;
  /** Signs keys, renewals and validation answers; without it those routes answer 503. */
  signer?: Signer | undefined;
  /** SHA-256 hex of the operator token (LICENSE_OPERATOR_TOKEN_HASH). */
  operatorTokenHash: string;
  clock?: Clock;
  logger?: Logger;
  rateLimits?: { perLicense?: RateLimitRule; perAddress?: RateLimitRule };
  trustProxy?: boolean;
  /** Who the audit log names for operator actions (e.g. "cli:alice" in tras-license local mode). */
  actorLabel?: string;
}

export const DEFAULT_RATE_LIMITS = {
  /** An instance checks once per interval; a few restarts a minute is plenty. */
  perLicense: { limit: 30, windowMs: 60_000 },
  /** Many instances can sit behind one NAT. */
  perAddress: { limit: 300, windowMs: 60_000 },
} as const;

const MAX_BODY_BYTES = 64 * 1024;

export function createLicenseServiceApp(deps: LicenseServiceDeps) {
  if (!isOperatorTokenHash(deps.operatorTokenHash)) throw new Error('operatorTokenHash must be 64 lowercase hex characters (SHA-256).');
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? createLogger({ name: 'license-service' });
  const context = (requestId: string, actor: string) => ({ db: deps.db, clock, signer: deps.signer, actor, requestId });

  const routes = new Hono<ServiceEnv>()
    .use(responseHeaders({ newRequestId: () => newId('req') }))
    .use(requestLog(logger))
    .use(
      bodyLimit({
        maxSize: MAX_BODY_BYTES,
        onError: () => {
          throw payloadTooLarge(`The request body is larger than ${MAX_BODY_BYTES} bytes.`);
        },
      }),
    )
    .get('/healthz', (c) => c.json({ status: 'ok', signingKeyId: deps.signer?.keyId ?? null }, 200))
    // The public validate route is mounted before the operator routes so it never meets their auth.
    .route(
      '/v1/licenses',
      validateRoutes({
        trustProxy: deps.trustProxy ?? false,
        perLicense: new WindowCounter(deps.rateLimits?.perLicense ?? DEFAULT_RATE_LIMITS.perLicense, clock),
        perAddress: new WindowCounter(deps.rateLimits?.perAddress ?? DEFAULT_RATE_LIMITS.perAddress, clock),
        context,
      }),
    )
    .route(
      '/v1/licenses',
      operatorRoutes({ operatorTokenHash: deps.operatorTokenHash, actorLabel: deps.actorLabel ?? 'operator', context }),
    );

  routes.notFound(notFoundHandler());
  routes.onError(errorHandler(logger));
  return routes;
}

export type LicenseServiceApp = ReturnType<typeof createLicenseServiceApp>;
