import { Hono } from 'hono';
import { countActiveUsers, countLiveTenants } from '../../data/instance';
import { schemaStatus } from '../../db/migrate';
import type { AppEnv } from '../../lib/context';

/**
 * Probes for orchestrators. /healthz answers while the process lives;
 * /readyz only when the database answers, the schema is current and the
 * license lets the instance serve.
 */
export const healthRoutes = new Hono<AppEnv>()
  .get('/healthz', (c) => c.json({ status: 'ok' }, 200))
  .get('/readyz', (c) => {
    const deps = c.get('deps');
    const checks: Record<string, { ok: boolean; detail?: string }> = {};
    try {
      deps.database.sqlite.prepare('SELECT 1').get();
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
    const ready = Object.values(checks).every((check) => check.ok);
    return c.json({ status: ready ? 'ready' : 'not_ready', checks }, ready ? 200 : 503);
  })
  .get('/metrics', (c) => {
    const deps = c.get('deps');
    const db = deps.database.db;
    const body = deps.metrics.render({
      trasealla_tenants: countLiveTenants(db),
      trasealla_active_users: countActiveUsers(db),
    });
    return c.body(body, 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
  });
