import { createRoute } from '@hono/zod-openapi';
import { requireRole } from '../../middleware/require-role';
import { bearerSecurity, commonErrors, IdParams, jsonBody, jsonResponse } from '../../lib/schemas';
import { BoardQuery, DealBoard, MoveDeal, DealSchema } from './deals.schemas';
import { dealBoard, moveDeal } from './deals.service';
import { dealSpec } from './deals.record';
import { recordRoutes } from './record-routes';
import { timelineRoute } from './timeline.routes';
import { timeline } from './timeline.service';

// Before GET /{id}, which would take /board for a deal's id.
const boardRoute = createRoute({
  method: 'get',
  path: '/board',
  tags: ['Deals'],
  summary: "A pipeline's board: each stage's deal count and totals per currency",
  description:
    'Every stage of the pipeline, empty ones too, with the live deals that meet the filters: open ones unless `status` says otherwise. Each column pages lazily with GET /api/deals?pipelineId=…&stageId=… and the same filters.',
  security: bearerSecurity,
  request: { query: BoardQuery },
  responses: { 200: jsonResponse(DealBoard, 'The board.'), ...commonErrors },
});

export const dealsRoutes = recordRoutes(dealSpec, (app) =>
  app.openapi(boardRoute, async (c) => c.json(await dealBoard(c.get('ctx'), c.req.valid('query')), 200)),
)
  .openapi(timelineRoute(dealSpec, 'deal'), async (c) =>
    c.json(await timeline(c.get('ctx'), dealSpec, c.req.valid('param').id, c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/move',
      tags: ['Deals'],
      summary: 'Move a deal to another stage of its pipeline (won and lost stages close it)',
      security: bearerSecurity,
      middleware: [requireRole('member')] as const,
      request: { params: IdParams, body: jsonBody(MoveDeal) },
      responses: { 200: jsonResponse(DealSchema, 'Moved.'), ...commonErrors },
    }),
    async (c) => c.json(await moveDeal(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200),
  );
