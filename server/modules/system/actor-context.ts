import { findTenantById } from '../../data/instance';
import { TenantScope, type Actor } from '../../data/tenant-scope';
import { users } from '../../db/schema';
import type { AppDeps, RequestContext } from '../../lib/context';
import { notFound } from '../../../platform/errors';

/*
 * The callers that come without an HTTP request, as real contexts the services accept: the
 * operator at the server's command line, and a person of a tenant acting through a job (the
 * demo's sample data). The authenticate middleware builds the same shapes for API callers.
 */

/**
 * Request id of the user and tenant commands: their audit rows say "operator, no account, cli".
 * (Setup, and the demo's activation, write theirs as "system", request id "setup": the instance's
 * own set-up, before any operator exists to name.)
 */
export const COMMAND_LINE_REQUEST_ID = 'cli';

/** Whoever runs `trasealla` on the server: an operator with no account (shell access to the data directory is the credential). */
export const COMMAND_LINE_ACTOR = { type: 'operator', id: null } as const satisfies Pick<Actor, 'type' | 'id'>;

/** Who acts on the instance as a whole (its tenants), audited as this actor in each tenant it touches. */
export interface OperatorContext {
  deps: AppDeps;
  actor: Pick<Actor, 'type' | 'id'>;
  requestId: string;
  /** The organisation an API operator is signed in to (they may not suspend or delete it from inside); none at the command line. */
  ownTenantId: string | null;
}

/** The instance operator signed in to the API (requireOperator has checked the flag). */
export function operatorContextOf(ctx: RequestContext): OperatorContext {
  return {
    deps: ctx.deps,
    actor: { type: 'operator', id: ctx.auth.user?.id ?? null },
    requestId: ctx.requestId,
    ownTenantId: ctx.auth.tenant.id,
  };
}

/** The operator at the command line, acting on the instance. */
export function commandLineOperator(deps: AppDeps): OperatorContext {
  return { deps, actor: COMMAND_LINE_ACTOR, requestId: COMMAND_LINE_REQUEST_ID, ownTenantId: null };
}

/**
 * The operator at the command line acting inside one tenant with its owner's rights (the
 * people of a suspended tenant can still be managed). A deleted or unknown tenant is not found.
 */
export async function commandLineContext(deps: AppDeps, tenantId: string): Promise<RequestContext> {
  const tenant = await findTenantById(deps.data.db('instance'), tenantId);
  if (!tenant || tenant.status === 'deleted') throw notFound('Tenant');
  const scope = new TenantScope(deps.data, tenant.id, { ...COMMAND_LINE_ACTOR, role: 'owner' }, COMMAND_LINE_REQUEST_ID, deps.clock);
  return {
    deps,
    scope,
    requestId: COMMAND_LINE_REQUEST_ID,
    auth: {
      tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
      user: null,
      apiKey: null,
      role: 'owner',
      isOperator: true,
      sessionId: null,
      via: 'cli',
    },
  };
}

/**
 * A person of an active tenant acting without HTTP, as the authenticate middleware would for
 * them signed in: their role, their id on what they create, audited as them. Inside a unit of
 * work (a transaction), it acts inside it.
 */
export async function personContext(
  deps: AppDeps,
  tenantId: string,
  userId: string,
  options: { requestId: string },
): Promise<RequestContext> {
  const tenant = await findTenantById(deps.data.db({ tenantId }), tenantId);
  if (!tenant || tenant.status !== 'active') throw new Error(`Tenant ${tenantId} is not an active organisation.`);
  const user = await new TenantScope(deps.data, tenantId, { type: 'system', id: null, role: 'owner' }, options.requestId, deps.clock).get(
    users,
    userId,
    'User',
  );
  if (!user.active) throw new Error(`User ${user.email} is deactivated.`);
  const scope = new TenantScope(deps.data, tenantId, { type: 'user', id: user.id, role: user.role }, options.requestId, deps.clock);
  return {
    deps,
    scope,
    requestId: options.requestId,
    auth: {
      tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
      user: { id: user.id, email: user.email, name: user.name, role: user.role, isOperator: user.isOperator },
      apiKey: null,
      role: user.role,
      isOperator: user.isOperator,
      sessionId: null,
      via: 'bearer',
    },
  };
}
