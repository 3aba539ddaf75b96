import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../../server/config';
import { tenants, users } from '../../server/db/schema';
import { TenantScope } from '../../server/data/tenant-scope';
import type { AppDeps, RequestContext } from '../../server/lib/context';
import { createLogger } from '../../platform/logger';
import { createRuntime } from '../../server/runtime';
import { unlicensedGate } from '../../server/license/license-gate';

/**
 * bench/lib/crm-context.ts's ownerContext on PostgreSQL: the server's own runtime over a seeded
 * database (createRuntime with databaseUrl: migrated, then the data layer on a pool) and a request
 * context for one tenant's owner. The data directory is an empty temporary one: on PostgreSQL
 * it holds nothing the runtime reads.
 */
export async function ownerContextPostgres(databaseUrl: string, slug: string): Promise<{ deps: AppDeps; ctx: RequestContext }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'trasealla-bench-pg-'));
  const deps = await createRuntime(loadConfig({ dataDir, databaseUrl }, {}), {
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
