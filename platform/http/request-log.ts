import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import type { Logger } from '../logger';

export interface RequestLogOptions {
  /** Who asked, added to the line (ids only: the line is written without redaction). */
  fields?: (c: Context) => Record<string, unknown>;
  /** Each request's method, route template, status and duration, e.g. for metrics. */
  observe?: (method: string, route: string, status: number, seconds: number) => void;
}

/**
 * One JSON log line per request, at error level for a 5xx. Method, path, route and status only:
 * never headers (tokens), bodies or query strings (search terms).
 */
export const requestLog = (logger: Logger, { fields, observe }: RequestLogOptions = {}) => {
  // The access line's fields are chosen here: redaction would find nothing in them, and checking
  // every field against its wildcard paths doubled the cost of a line.
  const accessLog = logger.child({}, { redact: [] });
  return createMiddleware(async function requestLog(c, next) {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const route = routePath(c, -1) || 'unmatched';
    observe?.(c.req.method, route, c.res.status, seconds);
    const line = {
      msg: 'request',
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      route,
      status: c.res.status,
      ms: Math.round(seconds * 10_000) / 10,
    };
    accessLog[c.res.status >= 500 ? 'error' : 'info'](fields ? Object.assign(line, fields(c)) : line);
  });
};
