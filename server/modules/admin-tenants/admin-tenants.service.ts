import { findTenantById, listTenants, setTenantStatus, type TenantRow } from '../../data/instance';
import { TenantScope } from '../../data/tenant-scope';
import type { RequestContext } from '../../lib/context';
import { conflict, notFound } from '../../lib/errors';
import { toTenantDto } from '../tenant/tenant.dto';
import { toUserDto } from '../users/users.dto';
import { provisionTenant, type ProvisionInput } from './tenant-provisioning';

export function listAllTenants(ctx: RequestContext, query: { limit: number; cursor?: string | undefined; includeDeleted: boolean }) {
  const page = listTenants(ctx.deps.database.db, query);
  return { ...page, data: page.data.map((t) => ({ ...toTenantDto(t), activeUsers: t.activeUsers })) };
}

export async function createTenant(ctx: RequestContext, input: ProvisionInput) {
  const { tenant, owner } = await provisionTenant(ctx.deps, input, { type: 'operator', id: ctx.auth.user!.id }, ctx.requestId);
  return { tenant: toTenantDto(tenant), owner: toUserDto(owner) };
}

/** Suspend, resume or soft-delete. Data is kept in every case; only access changes. */
export function changeTenantStatus(ctx: RequestContext, id: string, status: TenantRow['status']) {
  const db = ctx.deps.database.db;
  return db.transaction((tx) => {
    const tenant = findTenantById(tx, id);
    if (!tenant || (tenant.status === 'deleted' && status !== 'deleted')) throw notFound('Tenant');
    if (id === ctx.auth.tenant.id && status !== 'active')
      throw conflict('You cannot suspend or delete the organisation you are signed in to. Use another operator account.');
    if (tenant.status === status) return toTenantDto(tenant);
    const updated = setTenantStatus(tx, id, status, ctx.deps.clock.now())!;
    const scope = new TenantScope(tx, id, { type: 'operator', id: ctx.auth.user!.id, role: 'owner' }, ctx.requestId, ctx.deps.clock);
    scope.audit(status === 'active' ? 'resume' : status === 'suspended' ? 'suspend' : 'delete', 'tenants', id, {
      status: { from: tenant.status, to: status },
    });
    return toTenantDto(updated);
  });
}
