import { sql } from 'drizzle-orm';
import { countActiveUsers, countLiveTenants } from '../../data/instance';
import { schemaStatus } from '../../db/migrate';
import type { AppDeps } from '../../lib/context';

export interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

/** Ready means: the database answers, its schema is this build's, and the license lets the instance serve. */
export async function readiness(deps: AppDeps): Promise<Readiness> {
  const checks: Readiness['checks'] = {};
  try {
    await deps.data.db('instance').get(sql`SELECT 1`);
    checks.database = { ok: true };
    const schema = schemaStatus(deps.database.sqlite);
    checks.migrations =
      schema.current === schema.latest
        ? { ok: true, detail: `schema version ${schema.current}` }
        : { ok: false, detail: `schema version ${schema.current}, this build needs ${schema.latest}: run "trasealla migrate"` };
  } catch (err) {
    checks.database = { ok: false, detail: err instanceof Error ? err.message : 'unavailable' };
  }
  const licenseProblem = deps.license.notReadyReason();
  checks.license = licenseProblem ? { ok: false, detail: licenseProblem } : { ok: true };
  return { ready: Object.values(checks).every((check) => check.ok), checks };
}

export async function metricsText(deps: AppDeps): Promise<string> {
  const db = deps.data.db('instance');
  return deps.metrics.render({ trasealla_tenants: await countLiveTenants(db), trasealla_active_users: await countActiveUsers(db) });
}
