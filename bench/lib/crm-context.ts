import { eq } from 'drizzle-orm';
import { loadConfig } from '../../server/config';
import { tenants, users } from '../../server/db/schema';
import { TenantScope } from '../../server/data/tenant-scope';
import type { AppDeps, RequestContext } from '../../server/lib/context';
import { createLogger } from '../../platform/logger';
import { createRuntime } from '../../server/runtime';
import { unlicensedGate } from '../../server/license/license-gate';

/**
 * The server's own runtime over a seeded data directory (or, with `databaseUrl`, a seeded
 * PostgreSQL database: the data directory then holds nothing the runtime reads), and a request
 * context for one tenant's owner: services run exactly as a request would run them, minus HTTP.
 */
export async function ownerContext(dataDir: string, slug: string, databaseUrl?: string): Promise<{ deps: AppDeps; ctx: RequestContext }> {
  const deps = await createRuntime(loadConfig({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) }, {}), {
    logger: createLogger({ level: 'silent' }),
    license: unlicensedGate,
  });
  const db = deps.data.db('instance');
  const tenant = (await db.select().from(tenants).where(eq(tenants.slug, slug)).get())!;
  const owner = (await db.select().from(users).where(eq(users.tenantId, tenant.id)).get())!;
  const scope = new TenantScope(deps.data, tenant.id, { type: 'user', id: owner.id, role: 'owner' }, 'bench', deps.clock);
  const ctx: RequestContext = {
    deps,
    scope,
    requestId: 'bench',
    auth: {
      tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
      user: { id: owner.id, email: owner.email, name: owner.name, role: 'owner', isOperator: false },
      apiKey: null,
      role: 'owner',
      isOperator: false,
      sessionId: null,
      via: 'bearer',
    },
  };
  return { deps, ctx };
}
