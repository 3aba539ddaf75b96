import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { API_KEY_SCOPES } from '../../lib/roles';
import type { AppEnv } from '../../lib/context';
import { requireRole } from '../../middleware/require-role';
import { bearerSecurity, commonErrors, IdParams, isoDate, jsonBody, jsonResponse, listQuery, pageOf, singleLine } from '../../lib/schemas';
import { validationHook } from '../../../platform/validation';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.service';

const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ description: 'The public start of the key, to recognise it.' }),
    scopes: z.array(z.enum(API_KEY_SCOPES)),
    createdBy: z.string(),
    lastUsedAt: isoDate().nullable(),
    expiresAt: isoDate().nullable(),
    revokedAt: isoDate().nullable(),
    createdAt: isoDate(),
  })
  .openapi('ApiKey');

const CreatedApiKey = ApiKeySchema.extend({
  secret: z.string().openapi({ description: 'The whole key, `tcrm_<prefix>_<secret>`. Shown once: store it now.' }),
}).openapi('CreatedApiKey');

const CreateBody = z
  .strictObject({
    name: singleLine(100),
    scopes: z
      .array(z.enum(API_KEY_SCOPES))
      .min(1, 'Give at least one scope.')
      .max(3)
      .openapi({ description: 'read: like a viewer; write: like a member; admin: like an admin (never above your own role).' }),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .openapi('CreateApiKey');

const ListQuery = listQuery(['createdAt'], '-createdAt').extend({
  includeRevoked: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

const tags = ['API keys'];
const admin = requireRole('admin');

export const apiKeysRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary: 'List API keys (never their secrets)',
      security: bearerSecurity,
      middleware: [admin] as const,
      request: { query: ListQuery },
      responses: { 200: jsonResponse(pageOf(ApiKeySchema, 'ApiKeyPage'), 'A page of keys.'), ...commonErrors },
    }),
    async (c) => c.json(await listApiKeys(c.get('ctx'), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      summary: 'Create an API key; the secret is shown once',
      security: bearerSecurity,
      middleware: [admin] as const,
      request: { body: jsonBody(CreateBody) },
      responses: { 201: jsonResponse(CreatedApiKey, 'Created.'), ...commonErrors },
    }),
    async (c) => c.json(await createApiKey(c.get('ctx'), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      summary: 'Revoke an API key',
      security: bearerSecurity,
      middleware: [admin] as const,
      request: { params: IdParams },
      responses: { 204: { description: 'Revoked.' }, ...commonErrors },
    }),
    async (c) => {
      await revokeApiKey(c.get('ctx'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
