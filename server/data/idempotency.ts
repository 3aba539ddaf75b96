import { eq, lte } from 'drizzle-orm';
import { newId } from '../../platform/ids';
import { idempotencyKeys } from '../db/schema';
import type { TenantScope } from './tenant-scope';

/*
 * The rows behind Idempotency-Key (server/middleware/idempotency.ts), one per key a caller sent
 * for one method and path. Claiming a key is one INSERT that a unique index lets only one request
 * win, on both engines; the others read the winner's row. A row whose `expires_at` has passed is
 * dead: a finished answer after 24 hours, or a first request that never finished (its lease).
 */

/** Who sent a key and where: a key is the caller's own, for one method and path. */
export interface IdempotentRequest {
  actor: string;
  method: string;
  path: string;
  key: string;
  requestHash: string;
}

export type IdempotencyClaim =
  | { kind: 'claimed'; id: string }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'in_progress' }
  | { kind: 'reused' };

/**
 * Claims the key for this request, or says what became of the earlier one: its answer to replay,
 * still running, or sent with another body. Expired rows of the tenant are deleted on the way.
 */
export async function claimIdempotencyKey(
  scope: TenantScope,
  request: IdempotentRequest,
  now: Date,
  leaseMs: number,
): Promise<IdempotencyClaim> {
  const t = idempotencyKeys;
  const same = scope.where(t, eq(t.actor, request.actor), eq(t.method, request.method), eq(t.path, request.path), eq(t.key, request.key));
  // A few tries: a dead row in the way is deleted, and a row released meanwhile leaves room.
  for (let attempt = 0; attempt < 3; attempt++) {
    const claimed = await scope.query
      .insert(t)
      .values({ ...request, tenantId: scope.tenantId, id: newId('idk', now.getTime()), createdAt: now, expiresAt: new Date(now.getTime() + leaseMs) })
      .onConflictDoNothing()
      .returning({ id: t.id })
      .get();
    if (claimed) {
      await scope.query
        .delete(t)
        .where(scope.where(t, lte(t.expiresAt, now)))
        .run();
      return { kind: 'claimed', id: claimed.id };
    }
    const existing = await scope.query.select().from(t).where(same).get();
    if (!existing) continue;
    if (existing.expiresAt.getTime() <= now.getTime()) {
      await scope.query
        .delete(t)
        .where(scope.where(t, eq(t.id, existing.id), lte(t.expiresAt, now)))
        .run();
      continue;
    }
    if (existing.requestHash !== request.requestHash) return { kind: 'reused' };
    if (existing.status === null || existing.response === null) return { kind: 'in_progress' };
    return { kind: 'replay', status: existing.status, body: existing.response };
  }
  return { kind: 'in_progress' };
}

/** The first request's answer, kept until `expiresAt` for its repeats. */
export async function rememberIdempotentAnswer(
  scope: TenantScope,
  id: string,
  answer: { status: number; body: string },
  expiresAt: Date,
): Promise<void> {
  await scope.query
    .update(idempotencyKeys)
    .set({ status: answer.status, response: answer.body, expiresAt })
    .where(scope.where(idempotencyKeys, eq(idempotencyKeys.id, id)))
    .run();
}

/** Gives the key up (the request failed with a server error): a repeat runs again. */
export async function releaseIdempotencyKey(scope: TenantScope, id: string): Promise<void> {
  await scope.query
    .delete(idempotencyKeys)
    .where(scope.where(idempotencyKeys, eq(idempotencyKeys.id, id)))
    .run();
}
