import { Hono } from 'hono';
import type { AppEnv } from '../../lib/context';
import { metricsText, readiness } from './system.service';

/**
 * Probes for orchestrators. /healthz answers while the process lives;
 * /readyz only when the instance can do its work.
 */
export const healthRoutes = new Hono<AppEnv>()
  .get('/healthz', (c) => c.json({ status: 'ok' }, 200))
  .get('/readyz', async (c) => {
    const { ready, checks } = await readiness(c.get('deps'));
    return c.json({ status: ready ? 'ready' : 'not_ready', checks }, ready ? 200 : 503);
  })
  .get('/metrics', async (c) =>
    c.body(await metricsText(c.get('deps')), 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }),
  );
