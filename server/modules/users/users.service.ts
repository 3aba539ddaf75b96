import { and, eq, or, sql } from 'drizzle-orm';
import { countActiveUsers, revokeUserSessions, withInstanceLimits } from '../../data/instance';
import type { TenantScope } from '../../data/tenant-scope';
import { users } from '../../db/schema';
import type { Role } from '../../lib/roles';
import type { AppDeps, RequestContext } from '../../lib/context';
import { AppError, conflict, forbidden, notFound, validationFailed } from '../../../platform/errors';
import { hashPassword, passwordProblem } from '../../lib/passwords';
import { atLeast, outranks } from '../../lib/roles';
import { parseSort } from '../../lib/schemas';
import { toUserDto } from './users.dto';

const SORTS = { createdAt: users.createdAt, email: users.email, name: users.name } as const;
export type UserSort = keyof typeof SORTS;

export async function listUsers(
  ctx: RequestContext,
  query: {
    limit: number;
    cursor?: string | undefined;
    sort: string;
    role?: Role | undefined;
    active?: boolean | undefined;
    q?: string | undefined;
  },
) {
  const { key, direction } = parseSort<UserSort>(query.sort);
  const pattern = query.q ? `%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : undefined;
  const page = await ctx.scope.list(users, {
    where: and(
      query.role ? eq(users.role, query.role) : undefined,
      query.active === undefined ? undefined : eq(users.active, query.active),
      pattern ? or(sql`${users.email} LIKE ${pattern} ESCAPE '\\'`, sql`${users.name} LIKE ${pattern} ESCAPE '\\'`) : undefined,
    ),
    sort: { key, column: SORTS[key], direction },
    limit: query.limit,
    cursor: query.cursor,
  });
  return { ...page, data: page.data.map(toUserDto) };
}

/** Ids and names only, active or not (records keep the owner they had): for every role. */
export async function listPeople(ctx: RequestContext, query: { limit: number; cursor?: string | undefined; sort: string }) {
  const { direction } = parseSort<'name'>(query.sort);
  const page = await ctx.scope.list(users, {
    sort: { key: 'name', column: users.name, direction },
    limit: query.limit,
    cursor: query.cursor,
  });
  return { ...page, data: page.data.map((u) => ({ id: u.id, name: u.name, active: u.active })) };
}

export async function getUser(ctx: RequestContext, id: string) {
  return toUserDto(await ctx.scope.get(users, id, 'User'));
}

/** The person with this sign-in email in the caller's tenant, or 404 (emails are stored lower case). */
export async function getUserByEmail(ctx: RequestContext, email: string) {
  const row = await ctx.scope.query
    .select()
    .from(users)
    .where(ctx.scope.where(users, eq(users.email, email.trim().toLowerCase())))
    .get();
  if (!row) throw notFound('User');
  return toUserDto(row);
}

export interface NewUserInput {
  email: string;
  name: string;
  password: string;
  role: Role;
  isOperator?: boolean;
}

/**
 * Adds a person to the scope's tenant, counting the seat against the
 * license. Shared by the API, tenant provisioning and the CLI.
 */
export async function addUser(deps: AppDeps, scope: TenantScope, input: NewUserInput) {
  const problem = passwordProblem(input.password, input.email);
  if (problem) throw validationFailed([{ path: 'password', message: problem }]);
  if ((await scope.count(users, eq(users.email, input.email))) > 0)
    throw conflict('A user with this email already exists in this organisation.', {
      fields: [{ path: 'email', message: 'Already in use.' }],
    });
  const passwordHash = await hashPassword(input.password);
  return withInstanceLimits(scope.data, async () => {
    deps.license.assertCanAddUser(await countActiveUsers(scope.data.db('instance')));
    return scope.insert(users, 'usr', {
      email: input.email,
      name: input.name,
      passwordHash,
      role: input.role,
      active: true,
      isOperator: input.isOperator ?? false,
    });
  });
}

/** Owners appoint owners; admins manage members and viewers and other admins. */
function assertMayManage(ctx: RequestContext, target: { role: Role }, newRole?: Role) {
  const actorRole = ctx.auth.role;
  if (outranks(target.role, actorRole)) throw forbidden(`Only an ${target.role} can change an ${target.role}.`);
  if (newRole && outranks(newRole, actorRole)) throw forbidden(`Only an owner can grant the ${newRole} role.`);
}

export async function createUser(ctx: RequestContext, input: NewUserInput) {
  assertMayManage(ctx, { role: 'viewer' }, input.role);
  return toUserDto(await addUser(ctx.deps, ctx.scope, { ...input, isOperator: false }));
}

function activeOwnersBesides(scope: TenantScope, userId: string): Promise<number> {
  return scope.count(users, eq(users.role, 'owner'), eq(users.active, true), sql`${users.id} <> ${userId}`);
}

const lastOwner = () =>
  new AppError(409, 'LAST_OWNER', 'An organisation needs at least one active owner. Make someone else an owner first.');

export function updateUser(ctx: RequestContext, id: string, patch: { name?: string | undefined; role?: Role | undefined }) {
  return ctx.scope.transaction(async (tx) => {
    const target = await tx.get(users, id, 'User');
    assertMayManage(ctx, target, patch.role);
    if (patch.role && patch.role !== 'owner' && target.role === 'owner' && target.active && (await activeOwnersBesides(tx, id)) === 0)
      throw lastOwner();
    return toUserDto(await tx.update(users, id, 'User', patch));
  });
}

export function deactivateUser(ctx: RequestContext, id: string) {
  return ctx.scope.transaction(async (tx) => {
    const target = await tx.get(users, id, 'User');
    assertMayManage(ctx, target);
    if (ctx.auth.user?.id === id) throw conflict('You cannot deactivate yourself. Ask another administrator.');
    if (target.role === 'owner' && target.active && (await activeOwnersBesides(tx, id)) === 0) throw lastOwner();
    const row = await tx.update(users, id, 'User', { active: false }, 'deactivate');
    await revokeUserSessions(tx.query, ctx.auth.tenant.id, id, ctx.deps.clock.now());
    return toUserDto(row);
  });
}

export function reactivateUser(ctx: RequestContext, id: string) {
  return withInstanceLimits(ctx.scope.data, async () => {
    const target = await ctx.scope.get(users, id, 'User');
    assertMayManage(ctx, target);
    if (target.active) return toUserDto(target);
    ctx.deps.license.assertCanAddUser(await countActiveUsers(ctx.deps.data.db('instance')));
    return toUserDto(await ctx.scope.update(users, id, 'User', { active: true }, 'reactivate'));
  });
}

/** Sets someone else's password (they lost theirs) and signs them out everywhere. */
export async function resetUserPassword(ctx: RequestContext, id: string, password: string) {
  const target = await ctx.scope.get(users, id, 'User');
  assertMayManage(ctx, target);
  const problem = passwordProblem(password, target.email);
  if (problem) throw validationFailed([{ path: 'password', message: problem }], 'The new password is too weak.');
  const passwordHash = await hashPassword(password);
  return ctx.scope.transaction(async (tx) => {
    const row = await tx.update(users, id, 'User', { passwordHash }, 'reset_password');
    await revokeUserSessions(tx.query, ctx.auth.tenant.id, id, ctx.deps.clock.now());
    return toUserDto(row);
  });
}

export const canManageUsers = (role: Role) => atLeast(role, 'admin');
