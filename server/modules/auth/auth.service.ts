import { findLoginCandidates, findTenantBySlug, insertSession, revokeSession, revokeUserSessions } from '../../data/instance';
import { TenantScope } from '../../data/tenant-scope';
import { users } from '../../db/schema';
import type { AppDeps, RequestContext } from '../../lib/context';
import { AppError, validationFailed } from '../../../platform/errors';
import { burnPasswordCheck, hashPassword, passwordProblem, verifyPassword } from '../../lib/passwords';
import { signAccessToken } from '../../lib/tokens';
import { toUserDto } from '../users/users.dto';

const invalidCredentials = () => new AppError(401, 'INVALID_CREDENTIALS', 'The email or password is not correct.');

export interface LoginInput {
  email: string;
  password: string;
  tenant?: string | undefined;
  ip: string;
  requestId: string;
}

/**
 * Password sign-in. The email may belong to people in several tenants; the
 * password decides which one, and only when it matches more than one is the
 * tenant slug needed. Unknown emails cost the same time as wrong passwords.
 */
export async function login(deps: AppDeps, input: LoginInput) {
  await deps.loginLimiter.check(input.ip, input.email);
  const now = deps.clock.now();
  const instance = deps.data.db('instance');
  let candidates = await findLoginCandidates(instance, input.email);
  if (input.tenant) {
    const tenant = await findTenantBySlug(instance, input.tenant);
    candidates = candidates.filter((c) => c.tenant.id === tenant?.id);
  }
  if (candidates.length === 0) {
    await burnPasswordCheck(input.password);
    await deps.loginLimiter.failed(input.email);
    throw invalidCredentials();
  }
  const matches = [];
  for (const candidate of candidates) {
    if (await verifyPassword(input.password, candidate.user.passwordHash)) matches.push(candidate);
  }
  if (matches.length === 0) {
    await deps.loginLimiter.failed(input.email);
    throw invalidCredentials();
  }
  if (matches.length > 1) {
    throw new AppError(409, 'CONFLICT', 'This email belongs to several organisations. Say which one with "tenant".', {
      tenants: matches.map((m) => ({ slug: m.tenant.slug, name: m.tenant.name })),
    });
  }
  const { user, tenant } = matches[0]!;
  if (tenant.status === 'suspended')
    throw new AppError(403, 'TENANT_SUSPENDED', 'This organisation is suspended. Ask your Trasealla CRM operator to resume it.');
  if (!user.active) throw new AppError(403, 'FORBIDDEN', 'This user has been deactivated. Ask an administrator of your organisation.');
  await deps.loginLimiter.succeeded(input.email);

  const scope = new TenantScope(deps.data, tenant.id, { type: 'user', id: user.id, role: user.role }, input.requestId, deps.clock);
  const sessionExpires = new Date(now.getTime() + deps.config.sessionTtlHours * 3_600_000);
  const session = await scope.transaction(async (tx) => {
    await tx.update(users, user.id, 'User', { lastLoginAt: now }, 'login');
    return insertSession(tx.query, { tenantId: tenant.id, userId: user.id, expiresAt: sessionExpires }, now);
  });
  const tokenExpires = new Date(Math.min(now.getTime() + deps.config.tokenTtlMinutes * 60_000, sessionExpires.getTime()));
  const token = await signAccessToken(deps.tokenKey, { sub: user.id, tid: tenant.id, sid: session.id }, now, tokenExpires);
  return {
    token,
    expiresAt: tokenExpires,
    user: toUserDto({ ...user, lastLoginAt: now }),
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
  };
}

export async function logout(ctx: RequestContext): Promise<void> {
  const { sessionId } = ctx.auth;
  if (sessionId) {
    await ctx.scope.transaction(async (tx) => {
      await revokeSession(tx.query, sessionId, ctx.deps.clock.now());
      await tx.audit('logout', 'users', ctx.auth.user!.id);
    });
  }
}

export async function me(ctx: RequestContext) {
  const { auth } = ctx;
  // GET /api/auth/me describes an HTTP credential; the command line has none to describe.
  if (auth.via === 'cli') throw new AppError(403, 'FORBIDDEN', 'Only API callers have a profile.');
  return {
    user: auth.user ? toUserDto(await ctx.scope.get(users, auth.user.id, 'User')) : null,
    apiKey: auth.apiKey,
    role: auth.role,
    tenant: auth.tenant,
    via: auth.via,
  };
}

function requireUser(ctx: RequestContext) {
  if (!ctx.auth.user) throw new AppError(403, 'FORBIDDEN', 'An API key has no profile; sign in as a person.');
  return ctx.auth.user;
}

export async function updateProfile(ctx: RequestContext, patch: { name?: string | undefined }) {
  const user = requireUser(ctx);
  return toUserDto(await ctx.scope.update(users, user.id, 'User', patch));
}

/** Changing the password signs the person out of every other session. */
export async function changePassword(ctx: RequestContext, input: { currentPassword: string; newPassword: string }) {
  const user = requireUser(ctx);
  const row = await ctx.scope.get(users, user.id, 'User');
  if (!(await verifyPassword(input.currentPassword, row.passwordHash)))
    throw validationFailed([{ path: 'currentPassword', message: 'The current password is not correct.' }]);
  const problem = passwordProblem(input.newPassword, row.email);
  if (problem) throw validationFailed([{ path: 'newPassword', message: problem }]);
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.scope.transaction(async (tx) => {
    await tx.update(users, user.id, 'User', { passwordHash }, 'password_change');
    await revokeUserSessions(tx.query, ctx.auth.tenant.id, user.id, ctx.deps.clock.now(), ctx.auth.sessionId ?? undefined);
  });
}
