import { isNull } from 'drizzle-orm';
import { apiKeys } from '../../db/schema';
import type { ApiKeyScope } from '../../lib/roles';
import type { RequestContext } from '../../lib/context';
import { AppError } from '../../../platform/errors';
import { generateApiKey } from '../../lib/api-key-secret';
import { iso, parseSort } from '../../lib/schemas';

type ApiKeyRow = typeof apiKeys.$inferSelect;

export function toApiKeyDto(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: `tcrm_${row.prefix}`,
    scopes: row.scopes,
    createdBy: row.createdBy,
    lastUsedAt: iso(row.lastUsedAt),
    expiresAt: iso(row.expiresAt),
    revokedAt: iso(row.revokedAt),
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listApiKeys(
  ctx: RequestContext,
  query: { limit: number; cursor?: string | undefined; sort: string; includeRevoked: boolean },
) {
  const { direction } = parseSort(query.sort);
  const page = await ctx.scope.list(apiKeys, {
    where: query.includeRevoked ? undefined : isNull(apiKeys.revokedAt),
    sort: { key: 'createdAt', column: apiKeys.createdAt, direction },
    limit: query.limit,
    cursor: query.cursor,
  });
  return { ...page, data: page.data.map(toApiKeyDto) };
}

/** The secret is in this answer and never again: only its hash is stored. */
export async function createApiKey(
  ctx: RequestContext,
  input: { name: string; scopes: ApiKeyScope[]; expiresInDays?: number | undefined },
) {
  const creator = ctx.auth.user;
  if (!creator) throw new AppError(403, 'FORBIDDEN', 'API keys are created by a signed-in person, not by another API key.');
  const key = generateApiKey();
  const now = ctx.deps.clock.now();
  const row = await ctx.scope.insert(apiKeys, 'key', {
    name: input.name,
    prefix: key.prefix,
    secretHash: key.hash,
    scopes: [...new Set(input.scopes)],
    createdBy: creator.id,
    expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
  });
  return { ...toApiKeyDto(row), secret: key.text };
}

/** Revoking keeps the row (for the audit trail and the list of revoked keys); a second revoke changes nothing. */
export async function revokeApiKey(ctx: RequestContext, id: string): Promise<void> {
  const row = await ctx.scope.get(apiKeys, id, 'API key', undefined);
  if (row.revokedAt) return;
  await ctx.scope.update(apiKeys, id, 'API key', { revokedAt: ctx.deps.clock.now() }, 'revoke');
}
