import { createRoute } from '@hono/zod-openapi';
import { requireRole } from '../../middleware/require-role';
import { bearerSecurity, commonErrors, IdParams, jsonBody, jsonResponse } from '../../lib/schemas';
import { MoveDeal, DealSchema } from './deals.schemas';
import { moveDeal } from './deals.service';
import { dealSpec } from './deals.record';
import { recordRoutes } from './record-routes';
import { timelineRoute } from './timeline.routes';
import { timeline } from './timeline.service';

export const dealsRoutes = recordRoutes(dealSpec)
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
