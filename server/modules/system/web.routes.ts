import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context, type MiddlewareHandler, type Next } from 'hono';
import { compress } from 'hono/compress';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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
 *
 * One exception, index.html only: a <style> element carrying that answer's nonce. The dialogs'
 * scroll lock (Radix → react-remove-scroll) can only work by inserting one; the UI reads the nonce
 * from <meta name="csp-nonce"> and gives it to that element. Scripts never get a nonce, and a
 * nonce allows no style="" attribute. Static files answer with the nonce-less policy.
 */
export function webContentSecurityPolicy(styleNonce?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    styleNonce ? `style-src 'self' 'nonce-${styleNonce}'` : "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

export const WEB_CONTENT_SECURITY_POLICY = webContentSecurityPolicy();

/** Where web/index.html holds the nonce (<meta name="csp-nonce" content="…">); the server puts each answer's own there. */
export const CSP_NONCE_PLACEHOLDER = '__CSP_NONCE__';

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
/** index.html names the current hashes (and carries a nonce of its own), so browsers must fetch it each time. */
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
 * index.html with a fresh nonce for its <style> elements, in the page and in this answer's policy.
 * Read from disk each time (it is small): a rebuild while the server runs names new hashes.
 */
async function indexWithNonce(c: Context, webDir: string): Promise<Response> {
  const nonce = randomBytes(16).toString('base64');
  const html = await readFile(join(webDir, 'index.html'), 'utf8');
  c.header('Content-Security-Policy', webContentSecurityPolicy(nonce));
  c.header('Cache-Control', REVALIDATE);
  return c.html(html.replaceAll(CSP_NONCE_PLACEHOLDER, nonce));
}

/**
 * The web UI's static files at /, with the SPA's index.html (its nonce filled in) for / and any
 * other non-API path that is not a file. Files come precompressed (.br, .gz written by the build)
 * when the browser accepts it, else compressed on the fly; index.html is compressed on the fly,
 * being different each time. Without a built UI, a small page says where the API is.
 */
export function webRoutes(webDir: string | undefined) {
  const web = new Hono<AppEnv>();
  if (webDir && existsSync(join(webDir, 'index.html'))) {
    const onTheFly = compress();
    const files = withCacheControl(serveStatic({ root: webDir, precompressed: true }), (c) =>
      c.req.path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE,
    );
    web.get(WEB_PATHS, async function webFiles(c, next) {
      webHeaders(c);
      // compress() reads c.res after its next(): the file's response is handed over there.
      await onTheFly(c, async () => {
        // The page itself never comes from serveStatic, which would send it without its nonce.
        if (c.req.path === '/' || c.req.path === '/index.html') {
          c.res = await indexWithNonce(c, webDir);
          return;
        }
        const found = await files(c, async () => {
          // Not a file: the app's index.html for its own routes (SPA fallback), but a missing
          // hashed asset stays a 404, or the browser would parse HTML as a script.
          if (c.req.path.startsWith('/assets/')) return next();
          c.res = await indexWithNonce(c, webDir);
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
