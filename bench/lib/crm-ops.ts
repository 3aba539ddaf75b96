import { and, eq, isNull } from 'drizzle-orm';
import { companies, contacts } from '../../server/db/schema-crm';
import { searchRecords } from '../../server/data/search';
import type { RequestContext } from '../../server/lib/context';
import { analytics, computeAnalytics } from '../../server/modules/crm/analytics.service';
import { contactSpec } from '../../server/modules/crm/contacts.record';
import { companySpec } from '../../server/modules/crm/companies.record';
import { SEARCH_KINDS } from '../../server/modules/crm/record-types';
import { createRecord, getRecord, listRecords } from '../../server/modules/crm/record-kit';
import { timeline } from '../../server/modules/crm/timeline.service';

export type Op = { name: string; run: (ctx: RequestContext) => unknown };

/**
 * bench/crm-scale.bench.ts's service calls (the same names, arguments and records aimed at), for
 * one tenant's context on whichever engine: the contact halfway down the tenant's list and the
 * company a twentieth of the way.
 */
export async function crmOps(ctx: RequestContext, contactsPerTenant: number): Promise<Op[]> {
  const q = ctx.scope.query;
  const someContact = (await q
    .select({ id: contacts.id })
    .from(contacts)
    .where(ctx.scope.where(contacts, isNull(contacts.deletedAt)))
    .limit(1)
    .offset(Math.floor(contactsPerTenant / 2))
    .get())!.id;
  const someCompany = (await q
    .select({ id: companies.id })
    .from(companies)
    .where(ctx.scope.where(companies, and(isNull(companies.deletedAt), eq(companies.name, companies.name))))
    .limit(1)
    .offset(Math.floor(contactsPerTenant / 20))
    .get())!.id;
  let n = 0;
  return [
    { name: 'list contacts (50, sorted by last name)', run: (c) => listRecords(c, contactSpec, { limit: 50, sort: 'lastName' } as never) },
    { name: 'get one contact', run: (c) => getRecord(c, contactSpec, someContact) },
    { name: 'search by name prefix ("Gar")', run: (c) => searchRecords(c.scope, 'Gar', SEARCH_KINDS, 20) },
    { name: 'create a contact', run: (c) => createRecord(c, contactSpec, { firstName: 'Bench', lastName: `Created ${n++}` }) },
    { name: 'analytics (computed)', run: (c) => computeAnalytics(c) },
    { name: 'analytics (kept answer)', run: (c) => analytics(c) },
    { name: 'company timeline (50)', run: (c) => timeline(c, companySpec, someCompany, { limit: 50 }) },
  ];
}
