import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/context';
import { bearerSecurity, commonErrors, jsonResponse, listQuery, pageOf } from '../../lib/schemas';
import { validationHook } from '../../../platform/validation';
import { listPeople } from './users.service';

/**
 * Who is who, for everyone in the organisation: owner names on records, owner
 * filters and pickers. Names and ids only; the user directory with emails,
 * roles and sign-in times (/api/users) stays with admins.
 */
const PersonSchema = z.object({ id: z.string(), name: z.string(), active: z.boolean() }).openapi('Person');

export const peopleRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  createRoute({
    method: 'get',
    path: '/',
    tags: ['Users'],
    summary: 'The people in my organisation, by name (any role)',
    security: bearerSecurity,
    request: { query: listQuery(['name'], 'name') },
    responses: { 200: jsonResponse(pageOf(PersonSchema, 'PersonPage'), 'A page of people.'), ...commonErrors },
  }),
  async (c) => c.json(await listPeople(c.get('ctx'), c.req.valid('query')), 200),
);
