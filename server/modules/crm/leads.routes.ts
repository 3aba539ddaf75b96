import { createRoute } from '@hono/zod-openapi';
import { idempotencyErrors, idempotent, IdempotencyHeaders } from '../../middleware/idempotency';
import { requireRole } from '../../middleware/require-role';
import { bearerSecurity, commonErrors, IdParams, jsonBody, jsonResponse } from '../../lib/schemas';
import { ConversionSchema, ConvertLead } from './leads.schemas';
import { convertLead } from './leads.service';
import { leadSpec } from './leads.record';
import { recordRoutes } from './record-routes';
import { timelineRoute } from './timeline.routes';
import { timeline } from './timeline.service';

export const leadsRoutes = recordRoutes(leadSpec)
  .openapi(timelineRoute(leadSpec, 'lead'), async (c) =>
    c.json(await timeline(c.get('ctx'), leadSpec, c.req.valid('param').id, c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/convert',
      tags: ['Leads'],
      summary: 'Convert a lead into a contact, a company and optionally a deal, in one step',
      security: bearerSecurity,
      middleware: [requireRole('member'), idempotent] as const,
      request: { params: IdParams, headers: IdempotencyHeaders, body: jsonBody(ConvertLead) },
      responses: { 200: jsonResponse(ConversionSchema, 'Converted.'), ...commonErrors, ...idempotencyErrors },
    }),
    async (c) => c.json(await convertLead(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200),
  );
