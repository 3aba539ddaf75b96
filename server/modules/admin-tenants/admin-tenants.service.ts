import { findTenantById, findTenantBySlug, listTenants, setTenantStatus, type TenantRow } from '../../data/instance';
import { TenantScope } from '../../data/tenant-scope';
import { conflict, notFound } from '../../../platform/errors';
import type { OperatorContext } from '../system/actor-context';
import { toTenantDto } from '../tenant/tenant.dto';
import { toUserDto } from '../users/users.dto';
import { provisionTenant, type ProvisionInput } from './tenant-provisioning';

/*
 * What instance operators do to tenants, over the API (the signed-in operator) and at the
 * command line (the operator at the server): one implementation for both.
 */

export async function listAllTenants(op: OperatorContext, query: { limit: number; cursor?: string | undefined; includeDeleted: boolean }) {
  const page = await listTenants(op.deps.data.db('instance'), query);
  return { ...page, data: page.data.map((t) => ({ ...toTenantDto(t), activeUsers: t.activeUsers })) };
}

/** The tenant with this slug, or undefined; a deleted one only when asked for (its slug stays taken). */
export async function findTenantForOperator(op: OperatorContext, slug: string, options: { includeDeleted?: boolean } = {}) {
  const tenant = await findTenantBySlug(op.deps.data.db('instance'), slug);
  if (!tenant || (tenant.status === 'deleted' && !options.includeDeleted)) return undefined;
  return toTenantDto(tenant);
}

export async function createTenant(op: OperatorContext, input: ProvisionInput) {
  const { tenant, owner } = await provisionTenant(op.deps, input, op.actor, op.requestId);
  return { tenant: toTenantDto(tenant), owner: toUserDto(owner) };
}

/** Suspend, resume or soft-delete. Data is kept in every case; only access changes. */
export function changeTenantStatus(op: OperatorContext, id: string, status: TenantRow['status']) {
  const { data } = op.deps;
  return data.transaction('instance', async () => {
    const tx = data.db('instance');
    const tenant = await findTenantById(tx, id);
    if (!tenant || (tenant.status === 'deleted' && status !== 'deleted')) throw notFound('Tenant');
    if (id === op.ownTenantId && status !== 'active')
      throw conflict('You cannot suspend or delete the organisation you are signed in to. Use another operator account.');
    if (tenant.status === status) return toTenantDto(tenant);
    const updated = (await setTenantStatus(tx, id, status, op.deps.clock.now()))!;
    const scope = new TenantScope(data, id, { ...op.actor, role: 'owner' }, op.requestId, op.deps.clock);
    await scope.audit(status === 'active' ? 'resume' : status === 'suspended' ? 'suspend' : 'delete', 'tenants', id, {
      status: { from: tenant.status, to: status },
    });
    return toTenantDto(updated);
  });
}
