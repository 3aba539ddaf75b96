import { getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { findApiKeyPrincipal, findSessionPrincipal, touchApiKey } from '../data/instance';
import { TenantScope } from '../data/tenant-scope';
import { apiKeySecretMatches, parseApiKey } from '../lib/api-key-secret';
import type { AppDeps, AppEnv, AuthInfo } from '../lib/context';
import { AppError, unauthenticated } from '../../platform/errors';
import { roleForApiKey } from '../lib/roles';
import { signAccessToken, verifyAccessToken } from '../lib/tokens';
import { SESSION_COOKIE, sessionCookieOptions } from '../modules/auth/session-cookie';

const API_KEY_TOUCH_INTERVAL_MS = 60_000;

const tenantGone = () => unauthenticated('This account no longer exists.');
const tenantSuspended = () =>
  new AppError(403, 'TENANT_SUSPENDED', 'This organisation is suspended. Ask your Trasealla CRM operator to resume it.');

/**
 * Resolves the caller from a Bearer token, an API key, or the session cookie,
 * and re-checks on every request that the session, user and tenant are still
 * live: signing out, deactivation and suspension take effect at once.
 * It then binds the tenant scope every service works through.
 */
export const authenticate = () =>
  createMiddleware<AppEnv>(async function authenticate(c, next) {
    const deps = c.get('deps');
    const header = c.req.header('authorization');
    let auth: AuthInfo;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw unauthenticated('The Authorization header must be "Bearer <token or API key>".');
      const credential = match[1]!;
      auth = credential.startsWith('tcrm_')
        ? await authenticateApiKey(deps, credential)
        : await authenticateToken(deps, credential, 'bearer');
    } else {
      const cookie = getCookie(c, SESSION_COOKIE);
      if (!cookie) throw unauthenticated();
      auth = await authenticateToken(deps, cookie, 'cookie', async (fresh, expires) => {
        setCookie(c, SESSION_COOKIE, fresh, sessionCookieOptions(c, deps, expires));
      });
      assertSameOrigin(c.req.method, c.req.header('origin'), c.req.header('host'));
    }
    c.set('auth', auth);
    const scope = new TenantScope(
      deps.data,
      auth.tenant.id,
      {
        type: auth.apiKey ? 'api_key' : 'user',
        id: auth.apiKey?.id ?? auth.user?.id ?? null,
        role: auth.role,
      },
      c.get('requestId'),
      deps.clock,
    );
    c.set('scope', scope);
    c.set('ctx', { deps, auth, scope, requestId: c.get('requestId') });
    await next();
  });

async function authenticateToken(
  deps: AppDeps,
  token: string,
  via: 'bearer' | 'cookie',
  renew?: (token: string, expires: Date) => Promise<void>,
): Promise<AuthInfo> {
  const now = deps.clock.now();
  const verified = await verifyAccessToken(deps.tokenKey, token, now);
  if (!verified.ok) {
    throw verified.reason === 'expired'
      ? new AppError(401, 'TOKEN_EXPIRED', 'Your session has expired. Sign in again.')
      : unauthenticated('The token is not valid. Sign in again.');
  }
  const { claims } = verified;
  const found = await findSessionPrincipal(deps.data.db('instance'), claims.sid);
  if (!found || found.session.userId !== claims.sub || found.session.tenantId !== claims.tid)
    throw unauthenticated('The token is not valid. Sign in again.');
  const { session, user, tenant } = found;
  if (session.revokedAt || session.expiresAt.getTime() <= now.getTime())
    throw new AppError(401, 'TOKEN_EXPIRED', 'Your session has ended. Sign in again.');
  if (tenant.status === 'deleted') throw tenantGone();
  if (tenant.status === 'suspended') throw tenantSuspended();
  if (!user.active) throw unauthenticated('This user has been deactivated.');

  // Browser sessions slide: past half of the token's life, hand out a fresh one for the same session.
  if (renew && now.getTime() / 1000 - claims.iat > (claims.exp - claims.iat) / 2) {
    const expires = new Date(Math.min(now.getTime() + deps.config.tokenTtlMinutes * 60_000, session.expiresAt.getTime()));
    await renew(await signAccessToken(deps.tokenKey, { sub: user.id, tid: tenant.id, sid: session.id }, now, expires), expires);
  }
  return {
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
    user: { id: user.id, email: user.email, name: user.name, role: user.role, isOperator: user.isOperator },
    apiKey: null,
    role: user.role,
    isOperator: user.isOperator,
    sessionId: session.id,
    via,
  };
}

async function authenticateApiKey(deps: AppDeps, text: string): Promise<AuthInfo> {
  const invalid = () => unauthenticated('The API key is not valid.');
  const parsed = parseApiKey(text);
  if (!parsed) throw invalid();
  const found = await findApiKeyPrincipal(deps.data.db('instance'), parsed.prefix);
  // Compare even when nothing was found would not help: the prefix lookup already answered in constant-ish time.
  if (!found || !apiKeySecretMatches(parsed.secret, found.key.secretHash)) throw invalid();
  const { key, creator, tenant } = found;
  const now = deps.clock.now();
  if (key.revokedAt) throw unauthenticated('This API key has been revoked.');
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) throw new AppError(401, 'TOKEN_EXPIRED', 'This API key has expired.');
  if (tenant.status === 'deleted') throw tenantGone();
  if (tenant.status === 'suspended') throw tenantSuspended();
  if (!creator.active) throw unauthenticated('The user who created this API key has been deactivated.');
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > API_KEY_TOUCH_INTERVAL_MS) {
    await touchApiKey(deps.data.db('instance'), tenant.id, key.id, now);
  }
  return {
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
    user: null,
    apiKey: { id: key.id, name: key.name },
    role: roleForApiKey(key.scopes, creator.role),
    isOperator: false,
    sessionId: null,
    via: 'api_key',
  };
}

/**
 * Cookie-authenticated writes must come from our own pages. Writes also need
 * Content-Type: application/json, which a cross-site form cannot send, so
 * this is the second of two locks against CSRF.
 */
function assertSameOrigin(method: string, origin: string | undefined, host: string | undefined) {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || !origin) return;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new AppError(403, 'FORBIDDEN', 'Cross-site request refused.');
  }
  if (originHost !== host) throw new AppError(403, 'FORBIDDEN', 'Cross-site request refused.');
}
