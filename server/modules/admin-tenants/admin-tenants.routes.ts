import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/context';
import { requireOperator } from '../../middleware/require-role';
import {
  bearerSecurity,
  commonErrors,
  email,
  IdParams,
  jsonBody,
  jsonResponse,
  listQuery,
  pageOf,
  password,
  singleLine,
  slug,
} from '../../lib/schemas';
import { validationHook } from '../../../platform/validation';
import { TenantSchema } from '../tenant/tenant.dto';
import { TenantSettingsPatch } from '../tenant/tenant-settings';
import { UserSchema } from '../users/users.dto';
import { operatorContextOf } from '../system/actor-context';
import { changeTenantStatus, createTenant, listAllTenants } from './admin-tenants.service';

const AdminTenant = TenantSchema.extend({ activeUsers: z.number().int() }).openapi('AdminTenant');

const CreateBody = z
  .strictObject({
    slug: slug(),
    name: singleLine(120),
    settings: TenantSettingsPatch.optional(),
    owner: z.strictObject({ email: email(), name: singleLine(120), password: password() }),
  })
  .openapi('CreateTenant');

const ListQuery = listQuery(['createdAt'], 'createdAt').extend({
  includeDeleted: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

const tags = ['Operators'];
const operator = requireOperator();

export const adminTenantsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary: 'All tenants on this instance',
      security: bearerSecurity,
      middleware: [operator] as const,
      request: { query: ListQuery },
      responses: { 200: jsonResponse(pageOf(AdminTenant, 'AdminTenantPage'), 'A page of tenants.'), ...commonErrors },
    }),
    async (c) => c.json(await listAllTenants(operatorContextOf(c.get('ctx')), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      summary: 'Create a tenant with its owner',
      security: bearerSecurity,
      middleware: [operator] as const,
      request: { body: jsonBody(CreateBody) },
      responses: {
        201: jsonResponse(z.object({ tenant: TenantSchema, owner: UserSchema }).openapi('CreatedTenant'), 'Created.'),
        ...commonErrors,
      },
    }),
    async (c) => c.json(await createTenant(operatorContextOf(c.get('ctx')), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/suspend',
      tags,
      summary: 'Suspend: its people can no longer sign in or use tokens and keys',
      security: bearerSecurity,
      middleware: [operator] as const,
      request: { params: IdParams },
      responses: { 200: jsonResponse(TenantSchema, 'Suspended.'), ...commonErrors },
    }),
    async (c) => c.json(await changeTenantStatus(operatorContextOf(c.get('ctx')), c.req.valid('param').id, 'suspended'), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/resume',
      tags,
      summary: 'Resume a suspended tenant',
      security: bearerSecurity,
      middleware: [operator] as const,
      request: { params: IdParams },
      responses: { 200: jsonResponse(TenantSchema, 'Resumed.'), ...commonErrors },
    }),
    async (c) => c.json(await changeTenantStatus(operatorContextOf(c.get('ctx')), c.req.valid('param').id, 'active'), 200),
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      summary: 'Soft-delete a tenant (data kept, access removed)',
      security: bearerSecurity,
      middleware: [operator] as const,
      request: { params: IdParams },
      responses: { 200: jsonResponse(TenantSchema, 'Deleted.'), ...commonErrors },
    }),
    async (c) => c.json(await changeTenantStatus(operatorContextOf(c.get('ctx')), c.req.valid('param').id, 'deleted'), 200),
  );
