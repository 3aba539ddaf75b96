import type { z } from '@hono/zod-openapi';
import type { CompanySchema } from '../../../server/modules/crm/companies.schemas';
import type { ContactSchema } from '../../../server/modules/crm/contacts.schemas';
import type { DealSchema } from '../../../server/modules/crm/deals.schemas';
import type { ActivitySchema, TaskSchema } from '../../../server/modules/crm/activities.schemas';
import type { ConversionSchema, LeadSchema } from '../../../server/modules/crm/leads.schemas';
import type { ProductSchema } from '../../../server/modules/crm/products.schemas';
import type { ImportFieldsSchema, ImportReportSchema } from '../../../server/modules/transfer/transfer-schemas';
import type { client } from './api';

// The CRM record routes are typed loosely by the client (generic route factory), so their
// records take their types from the server's own zod schemas: still a compile-time link.
export type Company = z.infer<typeof CompanySchema>;
export type Contact = z.infer<typeof ContactSchema>;
export type Deal = z.infer<typeof DealSchema>;
export type Activity = z.infer<typeof ActivitySchema>;
export type Task = z.infer<typeof TaskSchema>;
export type Lead = z.infer<typeof LeadSchema>;
export type Product = z.infer<typeof ProductSchema>;
export type LeadConversion = z.infer<typeof ConversionSchema>;

type Body<F> = F extends (...args: never[]) => Promise<infer R> ? (R extends { ok: true; json(): Promise<infer T> } ? T : never) : never;
export type Me = Body<typeof client.api.auth.me.$get>;
export type License = Body<typeof client.api.license.$get>;
export type Analytics = Body<typeof client.api.analytics.$get>;
export type Pipeline = Body<(typeof client.api.pipelines)[':id']['$get']>;
export type TimelineEntry = Body<(typeof client.api.contacts)[':id']['timeline']['$get']>['data'][number];
// The import routes are registered one by one (not chained), so the client has no type for them.
export type ImportReport = z.infer<typeof ImportReportSchema>;
export type ImportFields = z.infer<typeof ImportFieldsSchema>;
export type Tenant = Body<typeof client.api.tenant.$get>;
export type AdminTenant = Body<typeof client.api.admin.tenants.$get>['data'][number];
