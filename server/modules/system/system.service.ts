import { sql } from 'drizzle-orm';
import { countActiveUsers, countLiveTenants } from '../../data/instance';
import { schemaStatus, type SchemaStatus } from '../../db/migrate';
import { loadPgMigrations } from '../../db/migrate-pg';
import type { AppDeps } from '../../lib/context';

export interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

/** The migrations this build carries: read once, not on every probe. */
let latestPostgres: number | undefined;

/** Another replica may have migrated the shared database past this build: then this one is not ready. */
async function postgresSchemaStatus(deps: AppDeps): Promise<SchemaStatus> {
  const row = await deps.data.db('instance').get<{ version: number | null }>(sql`SELECT max(version) AS version FROM schema_migrations`);
  const current = row?.version ?? 0;
  latestPostgres ??= loadPgMigrations().length;
  const latest = latestPostgres;
  return { current, latest, pending: Math.max(0, latest - current) };
}

/** Ready means: the database answers, its schema is this build's, and the license lets the instance serve. */
export async function readiness(deps: AppDeps): Promise<Readiness> {
  const checks: Readiness['checks'] = {};
  try {
    await deps.data.db('instance').get(sql`SELECT 1`);
    checks.database = { ok: true };
    const schema = deps.database ? schemaStatus(deps.database.sqlite) : await postgresSchemaStatus(deps);
    checks.migrations =
      schema.current === schema.latest
        ? { ok: true, detail: `schema version ${schema.current}` }
        : schema.current > schema.latest && deps.data.engine === 'postgres'
          ? // A rolling upgrade: the new release migrated the shared database while this replica
            // still serves. Migrations between consecutive releases only add (docs/postgresql.md).
            { ok: true, detail: `schema version ${schema.current}, migrated by a newer release (this one knows ${schema.latest})` }
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
