import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/context';
import { requireRole } from '../../middleware/require-role';
import { bearerSecurity, commonErrors, jsonBody, jsonResponse, singleLine } from '../../lib/schemas';
import { validationHook } from '../../../platform/validation';
import { TenantSchema } from './tenant.dto';
import { getOwnTenant, updateOwnTenant } from './tenant.service';
import { TenantSettingsPatch } from './tenant-settings';

const UpdateBody = z
  .strictObject({ name: singleLine(120).optional(), settings: TenantSettingsPatch.optional() })
  .refine((b) => b.name !== undefined || b.settings !== undefined, 'Send at least one of name, settings.')
  .openapi('UpdateTenant');

const tags = ['Tenant'];

export const tenantRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary: 'My organisation and its settings',
      security: bearerSecurity,
      responses: { 200: jsonResponse(TenantSchema, 'The tenant.'), ...commonErrors },
    }),
    async (c) => c.json(await getOwnTenant(c.get('ctx')), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/',
      tags,
      summary: 'Rename my organisation or change its settings',
      security: bearerSecurity,
      middleware: [requireRole('admin')] as const,
      request: { body: jsonBody(UpdateBody) },
      responses: { 200: jsonResponse(TenantSchema, 'Updated.'), ...commonErrors },
    }),
    async (c) => c.json(await updateOwnTenant(c.get('ctx'), c.req.valid('json')), 200),
  );
