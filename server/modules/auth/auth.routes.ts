import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { deleteCookie, setCookie } from 'hono/cookie';
import { clientAddress } from '../../../platform/http/client-address';
import type { AppEnv } from '../../lib/context';
import { ROLES } from '../../lib/roles';
import { bearerSecurity, commonErrors, email, isoDate, jsonBody, jsonResponse, password, singleLine, slug } from '../../lib/schemas';
import { validationHook } from '../../../platform/validation';
import { UserSchema } from '../users/users.dto';
import { changePassword, login, logout, me, updateProfile } from './auth.service';
import { SESSION_COOKIE, sessionCookieOptions } from './session-cookie';

const TenantRef = z.object({ id: z.string(), slug: z.string(), name: z.string() }).openapi('TenantRef');

const LoginBody = z
  .strictObject({
    email: email(),
    password: password(),
    tenant: slug().optional().openapi({ description: 'Tenant slug; needed only when the email exists in several tenants.' }),
  })
  .openapi('LoginRequest');

const LoginResponse = z.object({ token: z.string(), expiresAt: isoDate(), user: UserSchema, tenant: TenantRef }).openapi('LoginResponse');

const MeResponse = z
  .object({
    user: UserSchema.nullable(),
    apiKey: z.object({ id: z.string(), name: z.string() }).nullable(),
    role: z.enum(ROLES),
    tenant: TenantRef,
    via: z.enum(['cookie', 'bearer', 'api_key']),
  })
  .openapi('Me');

const ProfileBody = z.strictObject({ name: singleLine(120) }).openapi('ProfileUpdate');
const PasswordBody = z.strictObject({ currentPassword: password(), newPassword: password() }).openapi('PasswordChange');

/** Paths a signed-in viewer may still write to (their own session and profile), and that stay open in read-only mode. */
export const SELF_SERVICE_PATHS = new Set(['/api/auth/login', '/api/auth/logout', '/api/auth/me', '/api/auth/password']);

export const authRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    createRoute({
      method: 'post',
      path: '/login',
      tags: ['Auth'],
      summary: 'Sign in with email and password',
      description:
        'Answers a short-lived JWT for the Authorization header and sets the same token as an httpOnly cookie for browsers. Rate limited per address and per email.',
      request: { body: jsonBody(LoginBody) },
      responses: { 200: jsonResponse(LoginResponse, 'Signed in.'), ...commonErrors },
    }),
    async (c) => {
      const deps = c.get('deps');
      const body = c.req.valid('json');
      const tenant = body.tenant ?? tenantFromHost(c.req.header('host'), deps.config.baseDomain);
      const result = await login(deps, { ...body, tenant, ip: clientAddress(c, deps.config.trustProxy), requestId: c.get('requestId') });
      setCookie(c, SESSION_COOKIE, result.token, sessionCookieOptions(c, deps, result.expiresAt));
      return c.json({ ...result, expiresAt: result.expiresAt.toISOString() }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/logout',
      tags: ['Auth'],
      summary: 'Sign out: ends this session everywhere the token was copied',
      security: bearerSecurity,
      responses: { 204: { description: 'Signed out.' }, ...commonErrors },
    }),
    async (c) => {
      await logout(c.get('ctx'));
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/me',
      tags: ['Auth'],
      summary: 'Who am I: the user (or API key), role and tenant',
      security: bearerSecurity,
      responses: { 200: jsonResponse(MeResponse, 'The caller.'), ...commonErrors },
    }),
    async (c) => c.json(await me(c.get('ctx')), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/me',
      tags: ['Auth'],
      summary: 'Update my profile',
      security: bearerSecurity,
      request: { body: jsonBody(ProfileBody) },
      responses: { 200: jsonResponse(UserSchema, 'Updated.'), ...commonErrors },
    }),
    async (c) => c.json(await updateProfile(c.get('ctx'), c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/password',
      tags: ['Auth'],
      summary: 'Change my password (signs out my other sessions)',
      security: bearerSecurity,
      request: { body: jsonBody(PasswordBody) },
      responses: { 204: { description: 'Changed.' }, ...commonErrors },
    }),
    async (c) => {
      await changePassword(c.get('ctx'), c.req.valid('json'));
      return c.body(null, 204);
    },
  );

/** acme.crm.example.com → "acme" when the base domain is crm.example.com. */
function tenantFromHost(host: string | undefined, baseDomain: string | undefined): string | undefined {
  if (!host || !baseDomain) return undefined;
  const name = host.split(':')[0]!.toLowerCase();
  const suffix = `.${baseDomain.toLowerCase()}`;
  if (!name.endsWith(suffix)) return undefined;
  const sub = name.slice(0, -suffix.length);
  return /^[a-z0-9-]+$/.test(sub) ? sub : undefined;
}
