import { findTenantById, updateTenantRow } from '../../data/instance';
import type { TenantSettings } from '../../db/schema';
import type { RequestContext } from '../../lib/context';
import { notFound } from '../../../platform/errors';
import { toTenantDto } from './tenant.dto';

/** The caller's own organisation: its id comes from the credential, never from the request. */
export async function getOwnTenant(ctx: RequestContext) {
  const row = await findTenantById(ctx.scope.query, ctx.auth.tenant.id);
  if (!row) throw notFound('Tenant');
  return toTenantDto(row);
}

export function updateOwnTenant(ctx: RequestContext, patch: { name?: string | undefined; settings?: Partial<TenantSettings> | undefined }) {
  return ctx.scope.transaction(async ({ query: tx }) => {
    const before = await findTenantById(tx, ctx.auth.tenant.id);
    if (!before) throw notFound('Tenant');
    const settings = patch.settings
      ? { ...before.settings, ...patch.settings, branding: { ...before.settings.branding, ...patch.settings.branding } }
      : undefined;
    const after = (await updateTenantRow(
      tx,
      before.id,
      { ...(patch.name ? { name: patch.name } : {}), ...(settings ? { settings } : {}) },
      ctx.deps.clock.now(),
    ))!;
    const changes: Record<string, unknown> = {};
    if (patch.name && patch.name !== before.name) changes.name = { from: before.name, to: after.name };
    if (settings && JSON.stringify(settings) !== JSON.stringify(before.settings))
      changes.settings = { from: before.settings, to: after.settings };
    if (Object.keys(changes).length > 0) await ctx.scope.audit('update', 'tenants', before.id, changes);
    return toTenantDto(after);
  });
}
