import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../lib/context';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The API reference stays readable even before setup. */
const ALWAYS_OPEN = (path: string) => path === '/api/openapi.json' || path.startsWith('/api/docs');

/** Before setup there is nobody to authenticate: every API route says what to run (503 LICENSE_REQUIRED). Runs before authentication. */
export const licenseActivated = () =>
  createMiddleware<AppEnv>(async function licenseActivated(c, next) {
    if (!ALWAYS_OPEN(c.req.path)) c.get('deps').license.assertActivated();
    await next();
  });

/**
 * Consults the license on every API request after authentication: warning
 * headers always, and a write refused while the instance is read-only. Signing
 * in and out stay open so people can still reach their data. Integrations
 * signed in with an API key need the license's `api` feature, and so does
 * creating an API key.
 */
export const licenseGate = (exempt: Set<string>) =>
  createMiddleware<AppEnv>(async function licenseGate(c, next) {
    const gate = c.get('deps').license;
    if (ALWAYS_OPEN(c.req.path)) return next();
    for (const [name, value] of Object.entries(gate.warningHeaders())) c.header(name, value);
    if (!SAFE.has(c.req.method) && !exempt.has(c.req.path)) gate.assertWritable();
    if (c.get('auth')?.via === 'api_key' || (c.req.method === 'POST' && c.req.path === '/api/api-keys')) gate.assertFeature('api');
    await next();
  });
