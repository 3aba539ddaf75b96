import { eq, sql } from 'drizzle-orm';
import { findTenantBySlug, revokeUserSessions, setTenantStatus, type TenantRow } from '../server/data/instance';
import { TenantScope } from '../server/data/tenant-scope';
import { users } from '../server/db/schema';
import type { AppDeps } from '../server/lib/context';
import { validationFailed } from '../server/lib/errors';
import { hashPassword, passwordProblem } from '../server/lib/passwords';
import { CliError } from './exit-codes';

/*
 * What the CLI does as the instance operator, through the same data layer and license gate as
 * the API: every change leaves an audit entry with actor "system".
 */

export function tenantBySlug(deps: AppDeps, slug: string): TenantRow {
  const tenant = findTenantBySlug(deps.database.db, slug);
  if (!tenant || tenant.status === 'deleted') throw new CliError(`There is no organisation "${slug}". See "trasealla tenant list".`);
  return tenant;
}

export function systemScope(deps: AppDeps, tenantId: string): TenantScope {
  return new TenantScope(deps.database.db, tenantId, { type: 'system', id: null, role: 'owner' }, 'cli', deps.clock);
}

export function userByEmail(scope: TenantScope, email: string) {
  const user = scope.list(users, {
    where: eq(users.email, email.trim().toLowerCase()),
    sort: { key: 'createdAt', column: users.createdAt, direction: 'asc' },
    limit: 1,
  }).data[0];
  if (!user) throw new CliError(`There is no user ${email} in this organisation. See "trasealla user list".`);
  return user;
}

export function deactivateByEmail(deps: AppDeps, tenant: TenantRow, email: string) {
  deps.license.assertActivated();
  return systemScope(deps, tenant.id).transaction((scope) => {
    const user = userByEmail(scope, email);
    if (!user.active) return { user, changed: false };
    if (user.role === 'owner' && scope.count(users, eq(users.role, 'owner'), eq(users.active, true), sql`${users.id} <> ${user.id}`) === 0)
      throw new CliError('An organisation needs at least one active owner. Make someone else an owner first.');
    const row = scope.update(users, user.id, 'User', { active: false }, 'deactivate');
    revokeUserSessions(scope.query, tenant.id, user.id, deps.clock.now());
    return { user: row, changed: true };
  });
}

export async function resetPassword(deps: AppDeps, tenant: TenantRow, email: string, password: string) {
  deps.license.assertActivated();
  const scope = systemScope(deps, tenant.id);
  const user = userByEmail(scope, email);
  const problem = passwordProblem(password, user.email);
  if (problem) throw validationFailed([{ path: 'password', message: problem }], 'The new password is too weak.');
  const passwordHash = await hashPassword(password);
  scope.transaction((tx) => {
    tx.update(users, user.id, 'User', { passwordHash }, 'reset_password');
    revokeUserSessions(tx.query, tenant.id, user.id, deps.clock.now());
  });
  return user;
}

/** Suspend or resume; data is kept either way. */
export function changeStatus(deps: AppDeps, tenant: TenantRow, status: 'active' | 'suspended') {
  deps.license.assertActivated();
  if (tenant.status === status) return { tenant, changed: false };
  return deps.database.db.transaction((tx) => {
    const updated = setTenantStatus(tx, tenant.id, status, deps.clock.now())!;
    new TenantScope(tx, tenant.id, { type: 'system', id: null, role: 'owner' }, 'cli', deps.clock).audit(
      status === 'active' ? 'resume' : 'suspend',
      'tenants',
      tenant.id,
      {
        status: { from: tenant.status, to: status },
      },
    );
    return { tenant: updated, changed: true };
  });
}
