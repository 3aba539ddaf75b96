import { createMiddleware } from 'hono/factory';

declare module 'hono' {
  interface ContextVariableMap {
    /** The request's id, set by responseHeaders() first thing: logs, errors and X-Request-Id carry it. */
    requestId: string;
  }
}

const SAFE_ID = /^[A-Za-z0-9._:-]{8,100}$/;

/**
 * Browser hardening, the headers hono's secureHeaders() sets (with the embedder policy off, as the
 * web UI loads nothing cross-origin either way), for an app that serves pages.
 * A route may still set any of them itself (the API reference page sends its own CSP): its value wins.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'SAMEORIGIN',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '0',
});

export interface ResponseHeadersOptions {
  /** Makes the id of a request that brings no well-formed X-Request-Id. */
  newRequestId: () => string;
  /** Set on every response besides X-Request-Id (SECURITY_HEADERS for an app with a web UI). */
  headers?: Readonly<Record<string, string>>;
  /**
   * Paths whose answers no cache may keep (an API's: they are someone's data): Cache-Control:
   * no-store, errors included, unless the route sets a Cache-Control of its own (its value wins,
   * as with the headers above).
   */
  noStore?: (path: string) => boolean;
}

/**
 * Takes a well-formed X-Request-Id from a proxy or makes one, and sets the response headers
 * through Hono. (Writing them straight onto Node's ServerResponse instead saved under 3% of the
 * cheapest API request with @hono/node-server 2, bench/speed-ups.bench.ts: not worth a second way.)
 */
export const responseHeaders = ({ newRequestId, headers = {}, noStore }: ResponseHeadersOptions) => {
  const entries = Object.entries(headers);
  return createMiddleware(async function responseHeaders(c, next) {
    const incoming = c.req.header('x-request-id');
    const id = incoming && SAFE_ID.test(incoming) ? incoming : newRequestId();
    c.set('requestId', id);
    for (const [name, value] of entries) c.header(name, value);
    if (noStore?.(c.req.path)) c.header('Cache-Control', 'no-store');
    c.header('X-Request-Id', id);
    await next();
  });
};
