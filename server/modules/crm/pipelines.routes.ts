import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/context';
import { idempotencyErrors, idempotent, IdempotencyHeaders } from '../../middleware/idempotency';
import { requireRole } from '../../middleware/require-role';
import { bearerSecurity, commonErrors, IdParams, jsonBody, jsonResponse, pageOf } from '../../lib/schemas';
import { validationHook } from '../../../platform/validation';
import { CreatePipeline, ListPipelines, PipelineSchema, UpdatePipeline } from './pipelines.schemas';
import { createPipeline, deletePipeline, getPipeline, listPipelines, updatePipeline } from './pipelines.service';

const tags = ['Pipelines'];
const admin = requireRole('admin');

export const pipelinesRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary: 'Pipelines with their stages, in board order',
      security: bearerSecurity,
      request: { query: ListPipelines },
      responses: { 200: jsonResponse(pageOf(PipelineSchema, 'PipelinePage'), 'A page.'), ...commonErrors },
    }),
    async (c) => c.json(await listPipelines(c.get('ctx'), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      summary: 'Create a pipeline',
      security: bearerSecurity,
      middleware: [admin, idempotent] as const,
      request: { headers: IdempotencyHeaders, body: jsonBody(CreatePipeline) },
      responses: { 201: jsonResponse(PipelineSchema, 'Created.'), ...commonErrors, ...idempotencyErrors },
    }),
    async (c) => c.json(await createPipeline(c.get('ctx'), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      summary: 'One pipeline',
      security: bearerSecurity,
      request: { params: IdParams },
      responses: { 200: jsonResponse(PipelineSchema, 'The pipeline.'), ...commonErrors },
    }),
    async (c) => c.json(await getPipeline(c.get('ctx'), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      tags,
      summary: 'Rename, make default, or edit stages (add, rename, reorder, remove)',
      security: bearerSecurity,
      middleware: [admin] as const,
      request: { params: IdParams, body: jsonBody(UpdatePipeline) },
      responses: { 200: jsonResponse(PipelineSchema, 'Updated.'), ...commonErrors },
    }),
    async (c) => c.json(await updatePipeline(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      summary: 'Delete a pipeline no deal uses',
      security: bearerSecurity,
      middleware: [admin] as const,
      request: { params: IdParams },
      responses: { 204: { description: 'Deleted.' }, ...commonErrors },
    }),
    async (c) => {
      await deletePipeline(c.get('ctx'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
