import type { HttpBindings } from '@hono/node-server';
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
}

/**
 * Takes a well-formed X-Request-Id from a proxy or makes one, and sets the response headers.
 * Served by Node, they go straight onto the ServerResponse: a header set through Hono makes it
 * build a fetch Headers object for the response and convert it back for Node, which cost about a
 * fifth of a small request. In process (app.request) there is no ServerResponse, so Hono sets them.
 */
export const responseHeaders = ({ newRequestId, headers = {} }: ResponseHeadersOptions) => {
  const entries = Object.entries(headers);
  return createMiddleware<{ Bindings: Partial<HttpBindings> }>(async function responseHeaders(c, next) {
    const incoming = c.req.header('x-request-id');
    const id = incoming && SAFE_ID.test(incoming) ? incoming : newRequestId();
    c.set('requestId', id);
    const outgoing = c.env?.outgoing;
    if (outgoing) {
      for (const [name, value] of entries) outgoing.setHeader(name, value);
      outgoing.setHeader('X-Request-Id', id);
    } else {
      for (const [name, value] of entries) c.header(name, value);
      c.header('X-Request-Id', id);
    }
    await next();
  });
};
