/** createLicenseServiceApp(): the license service's Hono app, middleware and routes chained. */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../server/lib/errors';
import { systemClock, type Clock } from '../../server/lib/clock';
import { createLogger, type Logger } from '../../server/lib/logger';
import type { Signer } from '../key';
import type { LicenseDb } from './db/open-database';
import { errorResponse, requestIdMiddleware, type ServiceEnv } from './http';
import { isOperatorTokenHash } from './operator-token';
import { FixedWindowLimiter, type RateLimitRule } from './rate-limit';
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
    .use(requestIdMiddleware(logger))
    .use(
      bodyLimit({
        maxSize: MAX_BODY_BYTES,
        onError: () => {
          throw new AppError(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
        },
      }),
    )
    .get('/healthz', (c) => c.json({ status: 'ok', signingKeyId: deps.signer?.keyId ?? null }, 200))
    // The public validate route is mounted before the operator routes so it never meets their auth.
    .route(
      '/v1/licenses',
      validateRoutes({
        clock,
        trustProxy: deps.trustProxy ?? false,
        perLicense: new FixedWindowLimiter(deps.rateLimits?.perLicense ?? DEFAULT_RATE_LIMITS.perLicense),
        perAddress: new FixedWindowLimiter(deps.rateLimits?.perAddress ?? DEFAULT_RATE_LIMITS.perAddress),
        context,
      }),
    )
    .route(
      '/v1/licenses',
      operatorRoutes({ operatorTokenHash: deps.operatorTokenHash, actorLabel: deps.actorLabel ?? 'operator', context }),
    );

  routes.notFound((c) => errorResponse(c, new AppError(404, 'NOT_FOUND', `No route ${c.req.method} ${c.req.path}.`), logger));
  routes.onError((err, c) => errorResponse(c, err, logger));
  return routes;
}

export type LicenseServiceApp = ReturnType<typeof createLicenseServiceApp>;
