import { companySpec } from './companies.record';
import { CompanyDuplicates, CompanyDuplicatesQuery } from './duplicates.schemas';
import { companyDuplicates } from './duplicates.service';
import { duplicatesRoute, mergeRoute } from './merge.routes';
import { mergeRecords } from './merge.service';
import { recordRoutes } from './record-routes';
import { timelineRoute } from './timeline.routes';
import { timeline } from './timeline.service';

export const companiesRoutes = recordRoutes(companySpec, (app) =>
  app.openapi(duplicatesRoute(companySpec, CompanyDuplicatesQuery, CompanyDuplicates, 'domain or name'), async (c) =>
    c.json(await companyDuplicates(c.get('ctx'), c.req.valid('query')), 200),
  ),
)
  .openapi(timelineRoute(companySpec, "company (with its contacts' and deals' activity)"), async (c) =>
    c.json(await timeline(c.get('ctx'), companySpec, c.req.valid('param').id, c.req.valid('query')), 200),
  )
  .openapi(mergeRoute(companySpec), async (c) =>
    c.json(await mergeRecords(c.get('ctx'), companySpec, c.req.valid('param').id, c.req.valid('json')), 200),
  );
