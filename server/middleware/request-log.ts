import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import type { AppEnv } from '../lib/context';
import type { Logger } from '../lib/logger';

/** One JSON log line and one metrics sample per request. Paths only: query strings can carry search terms. */
export const requestLog = (logger: Logger) => {
  // The access line's fields are chosen here (no bodies, headers or query strings): redaction
  // would find nothing in them, and checking every field against its wildcard paths doubled the cost of a line.
  const accessLog = logger.child({}, { redact: [] });
  return createMiddleware<AppEnv>(async function requestLog(c, next) {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const deps = c.get('deps');
    const route = routePath(c, -1) || 'unmatched';
    deps.metrics.observe(c.req.method, route, c.res.status, seconds);
    const auth = c.get('auth');
    const level = c.res.status >= 500 ? 'error' : 'info';
    accessLog[level]({
      msg: 'request',
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      route,
      status: c.res.status,
      ms: Math.round(seconds * 10_000) / 10,
      tenantId: auth?.tenant.id,
      userId: auth?.user?.id,
      apiKeyId: auth?.apiKey?.id,
    });
  });
};
