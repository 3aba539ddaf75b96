import { createHash } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { claimIdempotencyKey, releaseIdempotencyKey, rememberIdempotentAnswer } from '../data/idempotency';
import type { AppEnv } from '../lib/context';
import { ErrorSchema } from '../lib/schemas';
import { AppError } from '../../platform/errors';
import { parseWith } from '../../platform/validation';

/** How long a first request's answer is kept for its repeats. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** How long a first request that never answered (the server stopped under it) holds its key. */
const IN_PROGRESS_LEASE_MS = 5 * 60 * 1000;

/** The header on every create route, for the OpenAPI document and its validation alike. */
export const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x20-\x7E]{1,200}$/, 'An Idempotency-Key is 1 to 200 printable ASCII characters.')
    .optional()
    .openapi({
      description:
        'Optional. A repeat with the same key (yours, for this method and path, within 24 hours) creates nothing and answers ' +
        'the first answer again (header Idempotent-Replayed: true); the same key with another body answers 422 ' +
        'IDEMPOTENCY_KEY_REUSED, and while the first request is still running 409 IDEMPOTENCY_KEY_IN_PROGRESS.',
      example: '7f6c1d0e-2b1a-4c3d-9e8f-0a1b2c3d4e5f',
    }),
});

const errorAnswer = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });

/** The answers Idempotency-Key adds to a create route's, for the OpenAPI document. */
export const idempotencyErrors = {
  409: errorAnswer('A conflict; IDEMPOTENCY_KEY_IN_PROGRESS: the first request with this Idempotency-Key is still running.'),
  422: errorAnswer('IDEMPOTENCY_KEY_REUSED: this Idempotency-Key was used with a different request body.'),
} as const;

/** The body as a stable text: JSON with its keys sorted, so that a retry's key order does not matter. */
function canonicalBody(text: string): string {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
      );
    return value;
  };
  try {
    return JSON.stringify(sorted(JSON.parse(text)));
  } catch {
    return text;
  }
}

const inProgress = () =>
  new AppError(409, 'IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this Idempotency-Key is still running. Try again in a moment.');
const reused = () =>
  new AppError(
    422,
    'IDEMPOTENCY_KEY_REUSED',
    'This Idempotency-Key was already used for a request with a different body. Send a new key for a new request.',
  );

/**
 * Idempotency-Key on a create route (declared after its role check, beside
 * `request.headers: IdempotencyHeaders`): the first request with a key runs and its answer, when
 * below 500, is kept 24 hours; a repeat by the same caller (user or API key) for the same method
 * and path answers that again and runs nothing. Without the header the route runs as ever.
 */
export const idempotent = createMiddleware<AppEnv>(async function idempotent(c, next) {
  const raw = c.req.header('idempotency-key');
  if (raw === undefined) return next();
  const key = parseWith(IdempotencyHeaders, { 'idempotency-key': raw })['idempotency-key']!;
  const { scope, deps } = c.get('ctx');
  const requestHash = createHash('sha256')
    .update(canonicalBody(await c.req.text()))
    .digest('hex');
  const request = { actor: `${scope.actor.type}:${scope.actor.id ?? ''}`, method: c.req.method, path: c.req.path, key, requestHash };
  const startedAt = deps.clock.now();
  const claim = await claimIdempotencyKey(scope, request, startedAt, IN_PROGRESS_LEASE_MS);
  if (claim.kind === 'in_progress') throw inProgress();
  if (claim.kind === 'reused') throw reused();
  if (claim.kind === 'replay') {
    c.header('Idempotent-Replayed', 'true');
    return c.body(claim.body, claim.status as ContentfulStatusCode, { 'Content-Type': 'application/json' });
  }
  try {
    await next();
  } catch (err) {
    await releaseIdempotencyKey(scope, claim.id);
    throw err;
  }
  if (c.res.status >= 500) {
    await releaseIdempotencyKey(scope, claim.id);
    return;
  }
  const answer = { status: c.res.status, body: await c.res.clone().text() };
  await rememberIdempotentAnswer(scope, claim.id, answer, new Date(startedAt.getTime() + IDEMPOTENCY_TTL_MS));
});
