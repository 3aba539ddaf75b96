import { companySpec } from './companies.record';
import { recordRoutes } from './record-routes';
import { timelineRoute } from './timeline.routes';
import { timeline } from './timeline.service';

export const companiesRoutes = recordRoutes(companySpec).openapi(
  timelineRoute(companySpec, "company (with its contacts' and deals' activity)"),
  async (c) => c.json(await timeline(c.get('ctx'), companySpec, c.req.valid('param').id, c.req.valid('query')), 200),
);
