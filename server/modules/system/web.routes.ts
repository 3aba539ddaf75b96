import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context, type MiddlewareHandler, type Next } from 'hono';
import { compress } from 'hono/compress';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppEnv } from '../../lib/context';

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Trasealla CRM</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<h1>Trasealla CRM</h1>
<p>The server is running, but it has no web interface to show: the folder it serves the UI from has no built files.</p>
<p>In a source checkout, build it with <code>npm run build:web</code> (or start with <code>npm run demo</code>, which builds it first), then reload this page. The single executable and the Docker image have it built in; <code>TRASEALLA_WEB_DIR</code> names another folder.</p>
<p><a href="/api/docs">API reference</a> · <a href="/api/openapi.json">OpenAPI document</a> · <a href="/readyz">readiness</a></p>
</body></html>`;

/**
 * The web UI's policy: every script, style, font and request from this server, images also as
 * data: URLs, nothing inline (no <script> or <style> blocks, no style="" attributes: the
 * placeholder page below has none either; styles a script sets through the DOM are fine), no
 * plugins, no <base>, no framing, forms only to here. The API reference at /api/docs sends its own.
 */
export const WEB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** On every answer of the web UI's paths, over the server-wide security headers. */
export const WEB_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': WEB_CONTENT_SECURITY_POLICY,
  'Referrer-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
});

function webHeaders(c: Context) {
  for (const [name, value] of Object.entries(WEB_HEADERS)) c.header(name, value);
}

/** Vite names every file under assets/ by its content hash: a new build means new names. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the current hashes, so browsers must check it each time. */
const REVALIDATE = 'no-cache';

/**
 * Every path but the server's own (/api, the probes). A pattern rather than a
 * catch-all with a check inside: the request log and metrics label a request
 * with the last route that matched its path, and a catch-all would match all.
 */
const WEB_PATHS = '/:path{(?!api(?:/|$)|healthz$|readyz$|metrics$).*}';

function withCacheControl(serve: MiddlewareHandler, value: (c: Context) => string): MiddlewareHandler {
  return async function cacheControlled(c: Context, next: Next) {
    const res = await serve(c, next);
    if (res instanceof Response && res.status < 400) res.headers.set('Cache-Control', value(c));
    return res;
  };
}

/**
 * The web UI's static files at /, with the SPA's index.html for any other
 * non-API path. Files come precompressed (.br, .gz written by the build) when
 * the browser accepts it, else compressed on the fly. Without a built UI, a
 * small page says where the API is.
 */
export function webRoutes(webDir: string | undefined) {
  const web = new Hono<AppEnv>();
  if (webDir && existsSync(join(webDir, 'index.html'))) {
    const onTheFly = compress();
    const files = withCacheControl(serveStatic({ root: webDir, precompressed: true }), (c) =>
      c.req.path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE,
    );
    const index = withCacheControl(serveStatic({ root: webDir, path: 'index.html', precompressed: true }), () => REVALIDATE);
    web.get(WEB_PATHS, async function webFiles(c, next) {
      webHeaders(c);
      // compress() reads c.res after its next(): the file's response is handed over there.
      await onTheFly(c, async () => {
        const found = await files(c, async () => {
          // Not a file: the app's index.html for its own routes (SPA fallback), but a missing
          // hashed asset stays a 404, or the browser would parse HTML as a script.
          if (c.req.path.startsWith('/assets/')) return next();
          const res = await index(c, next);
          if (res instanceof Response) c.res = res;
        });
        if (found instanceof Response) c.res = found;
      });
    });
  } else {
    web.get('/', (c) => {
      webHeaders(c);
      return c.html(PLACEHOLDER);
    });
  }
  return web;
}
