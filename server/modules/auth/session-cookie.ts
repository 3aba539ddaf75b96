import type { Context } from 'hono';
import type { CookieOptions } from 'hono/utils/cookie';
import type { AppDeps } from '../../lib/context';

export const SESSION_COOKIE = 'tras_session';

/** httpOnly so scripts cannot read it, SameSite=Lax so other sites cannot send it with their writes. */
export function sessionCookieOptions(c: Context, deps: AppDeps, expires: Date): CookieOptions {
  const https = c.req.url.startsWith('https:') || (deps.config.trustProxy && c.req.header('x-forwarded-proto') === 'https');
  const secure = deps.config.cookieSecure === 'auto' ? https : deps.config.cookieSecure === 'true';
  return { httpOnly: true, sameSite: 'Lax', path: '/', secure, expires };
}
