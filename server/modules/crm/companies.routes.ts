import { CompanySchema, CreateCompany, ListCompanies, UpdateCompany } from './companies.schemas';
import { companySpec } from './companies.record';
import { recordRoutes } from './record-routes';
import { timelineRoute } from './timeline.routes';
import { timeline } from './timeline.service';

export const companiesRoutes = recordRoutes({
  tag: 'Companies',
  name: 'Company',
  spec: companySpec,
  dto: CompanySchema,
  create: CreateCompany,
  update: UpdateCompany,
  list: ListCompanies,
}).openapi(timelineRoute('Companies', "company (with its contacts' and deals' activity)"), (c) =>
  c.json(timeline(c.get('ctx'), 'companies', c.req.valid('param').id, c.req.valid('query')), 200),
);
