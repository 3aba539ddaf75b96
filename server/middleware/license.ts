import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../lib/context';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Consults the license on every API request: warning headers always, and a
 * write refused while the instance is read-only. Signing in and out stay
 * open so people can still reach their data.
 */
export const licenseGate = (exempt: Set<string>) =>
  createMiddleware<AppEnv>(async function licenseGate(c, next) {
    const gate = c.get('deps').license;
    for (const [name, value] of Object.entries(gate.warningHeaders())) c.header(name, value);
    if (!SAFE.has(c.req.method) && !exempt.has(c.req.path)) gate.assertWritable();
    await next();
  });
