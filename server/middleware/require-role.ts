import { createMiddleware } from 'hono/factory';
import type { Role } from '../lib/roles';
import type { AppEnv } from '../lib/context';
import { forbidden } from '../../platform/errors';
import { atLeast } from '../lib/roles';

/** Route-level role floor, declared next to the route in its createRoute({ middleware }). */
export const requireRole = (minimum: Role) =>
  createMiddleware<AppEnv>(async function requireRole(c, next) {
    if (!atLeast(c.get('auth').role, minimum)) throw forbidden(`This needs the ${minimum} role or higher.`);
    await next();
  });

/** Operators act across tenants; API keys never do. */
export const requireOperator = () =>
  createMiddleware<AppEnv>(async function requireOperator(c, next) {
    const auth = c.get('auth');
    if (!auth.isOperator || auth.apiKey) throw forbidden('Only instance operators can do this.');
    await next();
  });

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Viewers read. Any write by a viewer is refused here, before a route could forget to say so. */
export const viewersReadOnly = (selfService: Set<string>) =>
  createMiddleware<AppEnv>(async function viewersReadOnly(c, next) {
    if (!SAFE.has(c.req.method) && !selfService.has(c.req.path) && !atLeast(c.get('auth').role, 'member'))
      throw forbidden('Viewers can read but not change records.');
    await next();
  });
