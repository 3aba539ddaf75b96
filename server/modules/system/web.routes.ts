import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppEnv } from '../../lib/context';

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Trasealla CRM</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>Trasealla CRM</h1>
<p>The server is running. This build has no web interface bundled yet; the API is complete.</p>
<p><a href="/api/docs">API reference</a> · <a href="/api/openapi.json">OpenAPI document</a> · <a href="/readyz">readiness</a></p>
</body></html>`;

/**
 * The web UI's static files at /, with the SPA's index.html for any other
 * non-API path. Without a built UI, a small page says where the API is.
 */
export function webRoutes(webDir: string | undefined) {
  const web = new Hono<AppEnv>();
  if (webDir && existsSync(join(webDir, 'index.html'))) {
    web.use('/*', serveStatic({ root: webDir }));
    web.get('*', async (c, next) => {
      if (c.req.path.startsWith('/api/')) return next();
      return serveStatic({ root: webDir, path: 'index.html' })(c, next);
    });
  } else {
    web.get('/', (c) => c.html(PLACEHOLDER));
  }
  return web;
}
