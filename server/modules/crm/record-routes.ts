import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BlankSchema, Schema } from 'hono/types';
import type { AppEnv } from '../../lib/context';
import { idempotencyErrors, idempotent, IdempotencyHeaders } from '../../middleware/idempotency';
import { requireRole } from '../../middleware/require-role';
import { bearerSecurity, commonErrors, IdParams, jsonBody, jsonResponse, pageOf } from '../../lib/schemas';
import { validationHook } from '../../../platform/validation';
import {
  createRecord,
  deleteRecord,
  getRecord,
  listRecords,
  purgeRecord,
  restoreRecord,
  updateRecord,
  type AnyRecordSpec,
  type CommonListQuery,
} from './record-kit';
import { bulkBody, BulkResultSchema, canAssign, type BulkInput } from './bulk.schemas';
import { bulkChange } from './bulk.service';

const PurgeQuery = z.object({
  permanent: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .openapi({ description: 'true deletes for good (owners only); otherwise the record goes to the trash.' }),
});

/**
 * The routes every CRM record has: list, create, get, update, delete (to the
 * trash, or for good with ?permanent=true), restore. Entity modules add their
 * own (convert, move, timeline) on the same app; `first` adds those whose
 * fixed path (/duplicates) must come before /{id}, which would take it for an id.
 * A type with `bulk` also gets POST /bulk, before /{id} too.
 */
// The schemas are taken as plain zod objects: generic route definitions defeat
// @hono/zod-openapi's inference, and the runtime validation and OpenAPI
// document are the same either way.
export function recordRoutes<S extends Schema = BlankSchema>(
  spec: AnyRecordSpec,
  first?: (app: OpenAPIHono<AppEnv>) => OpenAPIHono<AppEnv, S, '/'>,
) {
  const opts = { ...spec.schemas, name: spec.label };
  const tags = [spec.tag];
  const member = requireRole('member');
  const label = spec.label.toLowerCase();
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const head = first ? first(app) : (app as unknown as OpenAPIHono<AppEnv, S, '/'>);
  if (spec.bulk)
    head.openapi(bulkRoute(spec), async (c) => c.json(await bulkChange(c.get('ctx'), spec, c.req.valid('json') as BulkInput), 200));
  return head
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags,
        summary: `List ${label} records`,
        security: bearerSecurity,
        request: { query: opts.list },
        responses: { 200: jsonResponse(pageOf(opts.dto, `${opts.name}Page`), 'A page.'), ...commonErrors },
      }),
      async (c) => c.json(await listRecords(c.get('ctx'), spec, c.req.valid('query') as unknown as CommonListQuery), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        tags,
        summary: `Create a ${label}`,
        security: bearerSecurity,
        middleware: [member, idempotent] as const,
        request: { headers: IdempotencyHeaders, body: jsonBody(opts.create) },
        responses: { 201: jsonResponse(opts.dto, 'Created.'), ...commonErrors, ...idempotencyErrors },
      }),
      async (c) => c.json(await createRecord(c.get('ctx'), spec, c.req.valid('json')), 201),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}',
        tags,
        summary: `One ${label}`,
        security: bearerSecurity,
        request: { params: IdParams },
        responses: { 200: jsonResponse(opts.dto, 'The record.'), ...commonErrors },
      }),
      async (c) => c.json(await getRecord(c.get('ctx'), spec, c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/{id}',
        tags,
        summary: `Change a ${label}`,
        security: bearerSecurity,
        middleware: [member] as const,
        request: { params: IdParams, body: jsonBody(opts.update) },
        responses: { 200: jsonResponse(opts.dto, 'Updated.'), ...commonErrors },
      }),
      async (c) => c.json(await updateRecord(c.get('ctx'), spec, c.req.valid('param').id, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/{id}',
        tags,
        summary: `Delete a ${label} (to the trash, or for good)`,
        security: bearerSecurity,
        middleware: [member] as const,
        request: { params: IdParams, query: PurgeQuery },
        responses: { 204: { description: 'Deleted.' }, ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        if (c.req.valid('query').permanent) await purgeRecord(c.get('ctx'), spec, id);
        else await deleteRecord(c.get('ctx'), spec, id);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/restore',
        tags,
        summary: `Restore a ${label} from the trash`,
        security: bearerSecurity,
        middleware: [member] as const,
        request: { params: IdParams },
        responses: { 200: jsonResponse(opts.dto, 'Restored.'), ...commonErrors },
      }),
      async (c) => c.json(await restoreRecord(c.get('ctx'), spec, c.req.valid('param').id), 200),
    );
}

const bulkRoute = (spec: AnyRecordSpec) =>
  createRoute({
    method: 'post',
    path: '/bulk',
    tags: [spec.tag],
    summary: `${canAssign(spec) ? 'Delete, restore or reassign' : 'Delete or restore'} many ${spec.label.toLowerCase()} records`,
    description:
      "Names the records by `ids` (at most 500) or selects them with `filter`, the query of the list: the server finds the records that list would show (all its pages; restore looks in the trash), at most 10,000 (400 above). With `expectedTotal` (the total the caller saw), a different match count answers 409 and nothing changes. Each record is changed as its single-record route would (to the trash, out of it, a new owner: the audit log and search follow), in transactions of 100; one that route would refuse (not found, another organisation's id) is listed in `failed` and the others go on.",
    security: bearerSecurity,
    middleware: [requireRole('member'), idempotent] as const,
    request: { headers: IdempotencyHeaders, body: jsonBody(bulkBody(spec)) },
    responses: {
      200: jsonResponse(BulkResultSchema, 'What was matched, changed and left.'),
      ...commonErrors,
      ...idempotencyErrors,
      409: {
        description:
          'CONFLICT: `expectedTotal` is not the number of records the filter matches now; IDEMPOTENCY_KEY_IN_PROGRESS: the first request with this Idempotency-Key is still running.',
        content: idempotencyErrors[409].content,
      },
    },
  });
