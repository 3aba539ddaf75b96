import { countActiveUsers, countLiveTenants, findTenantBySlug, insertTenant, withInstanceLimits } from '../../data/instance';
import { TenantScope, type Actor } from '../../data/tenant-scope';
import { users, type TenantSettings } from '../../db/schema';
import type { AppDeps } from '../../lib/context';
import { conflict, validationFailed } from '../../../platform/errors';
import { hashPassword, passwordProblem } from '../../lib/passwords';
import { ensureDefaultPipeline } from '../crm/pipelines.service';
import { DEFAULT_TENANT_SETTINGS } from '../tenant/tenant-settings';

export interface ProvisionInput {
  slug: string;
  name: string;
  settings?: Partial<TenantSettings> | undefined;
  owner: { email: string; name: string; password: string; isOperator?: boolean };
}

/**
 * What every new tenant gets besides its row and its owner, in this order, inside the
 * provisioning transaction: an explicit list, so a step never depends on which module happened
 * to be imported first. A new step is one line here.
 */
export const PROVISIONING_STEPS: readonly { name: string; run: (scope: TenantScope) => Promise<unknown> }[] = [
  { name: 'the default Sales pipeline', run: ensureDefaultPipeline },
];

/**
 * Creates a tenant and its owner in one transaction, checked against the
 * license's tenant and seat limits. Used by the operators' API, setup and the demo.
 */
export async function provisionTenant(deps: AppDeps, input: ProvisionInput, actor: Pick<Actor, 'type' | 'id'>, requestId?: string) {
  const problem = passwordProblem(input.owner.password, input.owner.email);
  if (problem) throw validationFailed([{ path: 'owner.password', message: problem }]);
  const db = deps.data.db('instance');
  if (await findTenantBySlug(db, input.slug))
    throw conflict('That slug is taken. Choose another.', { fields: [{ path: 'slug', message: 'Already in use.' }] });
  const passwordHash = await hashPassword(input.owner.password);
  return withInstanceLimits(deps.data, async () => {
    deps.license.assertCanAddTenant(await countLiveTenants(db));
    deps.license.assertCanAddUser(await countActiveUsers(db));
    const now = deps.clock.now();
    const settings = {
      ...DEFAULT_TENANT_SETTINGS,
      ...input.settings,
      branding: { ...DEFAULT_TENANT_SETTINGS.branding, ...input.settings?.branding },
    };
    const tenant = await insertTenant(db, { slug: input.slug, name: input.name, settings }, now);
    const scope = new TenantScope(deps.data, tenant.id, { ...actor, role: 'owner' }, requestId, deps.clock);
    await scope.audit('create', 'tenants', tenant.id, { slug: tenant.slug, name: tenant.name });
    const owner = await scope.insert(users, 'usr', {
      email: input.owner.email,
      name: input.owner.name,
      passwordHash,
      role: 'owner',
      active: true,
      isOperator: input.owner.isOperator ?? false,
    });
    for (const step of PROVISIONING_STEPS) await step.run(scope);
    return { tenant, owner };
  });
}
