import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { ROLES } from '../../lib/roles';
import type { AppEnv } from '../../lib/context';
import { idempotencyErrors, idempotent, IdempotencyHeaders } from '../../middleware/idempotency';
import { requireRole } from '../../middleware/require-role';
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
} from '../../lib/schemas';
import { validationHook } from '../../../platform/validation';
import { UserSchema } from './users.dto';
import { createUser, deactivateUser, getUser, listUsers, reactivateUser, updateUser } from './users.service';

const ListQuery = listQuery(['createdAt', 'email', 'name'], 'createdAt').extend({
  role: z.enum(ROLES).optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  q: z.string().trim().max(200).optional().openapi({ description: 'Matches email or name.' }),
});

const CreateBody = z
  .strictObject({ email: email(), name: singleLine(120), password: password(), role: z.enum(ROLES).default('member') })
  .openapi('CreateUser');

const UpdateBody = z
  .strictObject({ name: singleLine(120).optional(), role: z.enum(ROLES).optional() })
  .refine((b) => b.name !== undefined || b.role !== undefined, 'Send at least one of name, role.')
  .openapi('UpdateUser');

const tags = ['Users'];
const admin = requireRole('admin');

export const usersRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary: 'List the people in my organisation',
      security: bearerSecurity,
      middleware: [admin] as const,
      request: { query: ListQuery },
      responses: { 200: jsonResponse(pageOf(UserSchema, 'UserPage'), 'A page of users.'), ...commonErrors },
    }),
    async (c) => c.json(await listUsers(c.get('ctx'), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      summary: 'Add a person (takes a license seat)',
      security: bearerSecurity,
      middleware: [admin, idempotent] as const,
      request: { headers: IdempotencyHeaders, body: jsonBody(CreateBody) },
      responses: { 201: jsonResponse(UserSchema, 'Created.'), ...commonErrors, ...idempotencyErrors },
    }),
    async (c) => c.json(await createUser(c.get('ctx'), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      summary: 'One person',
      security: bearerSecurity,
      middleware: [admin] as const,
      request: { params: IdParams },
      responses: { 200: jsonResponse(UserSchema, 'The user.'), ...commonErrors },
    }),
    async (c) => c.json(await getUser(c.get('ctx'), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      tags,
      summary: 'Rename or change role',
      security: bearerSecurity,
      middleware: [admin] as const,
      request: { params: IdParams, body: jsonBody(UpdateBody) },
      responses: { 200: jsonResponse(UserSchema, 'Updated.'), ...commonErrors },
    }),
    async (c) => c.json(await updateUser(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/deactivate',
      tags,
      summary: 'Deactivate: signs them out and frees the seat',
      security: bearerSecurity,
      middleware: [admin] as const,
      request: { params: IdParams },
      responses: { 200: jsonResponse(UserSchema, 'Deactivated.'), ...commonErrors },
    }),
    async (c) => c.json(await deactivateUser(c.get('ctx'), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/reactivate',
      tags,
      summary: 'Reactivate (takes a seat again)',
      security: bearerSecurity,
      middleware: [admin] as const,
      request: { params: IdParams },
      responses: { 200: jsonResponse(UserSchema, 'Reactivated.'), ...commonErrors },
    }),
    async (c) => c.json(await reactivateUser(c.get('ctx'), c.req.valid('param').id), 200),
  );
