import { Hono } from 'hono';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AppEnv } from '../../lib/context';
import { SEA_ASSET, seaAsset } from '../../lib/sea-assets';

/*
 * The API reference at /api/docs: Swagger UI from the swagger-ui-dist
 * package, served by us (no CDN), with its start-up script in a file of its
 * own so the page runs under a script-src 'self' policy.
 */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

let assetDir: string | undefined;
/** From the single executable's assets when packed there, else from the installed package. */
function swaggerAsset(name: string): Buffer {
  const packed = seaAsset(`${SEA_ASSET.swaggerPrefix}${name}`);
  if (packed) return packed;
  assetDir ??= dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  return readFileSync(join(assetDir, name));
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Trasealla CRM API reference</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/assets/init.js"></script>
</body>
</html>`;

// validatorUrl null: Swagger UI would otherwise send the document to an outside validator.
const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', validatorUrl: null, deepLinking: true, withCredentials: true });`;

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'";
const cache = new Map<string, Buffer>();

export const docsRoutes = new Hono<AppEnv>()
  .get('/api/docs', (c) => c.html(PAGE, 200, { 'Content-Security-Policy': CSP }))
  .get('/api/docs/assets/init.js', (c) => c.body(INIT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }))
  .get('/api/docs/assets/:file', (c) => {
    const file = c.req.param('file');
    const type = ASSETS[file];
    if (!type) return c.notFound();
    let body = cache.get(file);
    if (!body) {
      body = swaggerAsset(file);
      cache.set(file, body);
    }
    return c.body(new Uint8Array(body), 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' });
  });
