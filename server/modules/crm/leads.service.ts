import { isNull, sql } from 'drizzle-orm';
import { companies, contacts, deals, leads } from '../../db/schema-crm';
import type { RequestContext } from '../../lib/context';
import { conflict } from '../../../platform/errors';
import { contactSpec } from './contacts.record';
import { insertValues } from './deals.record';
import type { ConvertLeadInput } from './leads.schemas';
import { toLeadDto } from './leads.record';
import { getLive } from './record-kit';

function splitName(full: string | null, fallback: string): { firstName: string; lastName: string } {
  const parts = (full ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { firstName: fallback, lastName: '-' };
  if (parts.length === 1) return { firstName: parts[0]!, lastName: '-' };
  return { firstName: parts.slice(0, -1).join(' '), lastName: parts[parts.length - 1]! };
}

/**
 * A lead becomes a contact, a company (the one named, or found by name, or
 * created) and optionally a deal, in one transaction: if any step fails,
 * nothing is left behind. The lead keeps links to what it became.
 */
export function convertLead(ctx: RequestContext, id: string, input: ConvertLeadInput) {
  return ctx.scope.transaction(async (tx) => {
    const lead = await getLive(tx, leads, id, 'Lead');
    if (lead.convertedAt) throw conflict(`${lead.title} was already converted.`, { contactId: lead.convertedContactId });

    let companyId: string | null = null;
    if (input.companyId) {
      companyId = (await getLive(tx, companies, input.companyId, 'Company')).id;
    } else if (lead.companyName) {
      const existing = await tx.query
        .select({ id: companies.id })
        .from(companies)
        .where(tx.where(companies, isNull(companies.deletedAt), sql`lower(${companies.name}) = lower(${lead.companyName})`))
        .get();
      companyId = existing?.id ?? (await tx.insert(companies, 'com', { name: lead.companyName, ownerId: lead.ownerId })).id;
    }

    const contact = await tx.insert(contacts, contactSpec.prefix, {
      ...splitName(lead.contactName, lead.title),
      email: lead.email,
      phone: lead.phone,
      companyId,
      ownerId: lead.ownerId,
    });

    let dealId: string | null = null;
    if (input.createDeal) {
      const values = await insertValues(ctx, tx, {
        title: input.createDeal.title ?? lead.title,
        value: input.createDeal.value ?? (lead.valueCents === null ? undefined : lead.valueCents / 100),
        pipelineId: input.createDeal.pipelineId,
        stageId: input.createDeal.stageId,
        companyId,
        contactId: contact.id,
        ownerId: lead.ownerId,
      });
      dealId = (await tx.insert(deals, 'dea', values)).id;
    }

    const updated = await tx.update(
      leads,
      id,
      'Lead',
      {
        convertedAt: ctx.deps.clock.now(),
        convertedContactId: contact.id,
        convertedCompanyId: companyId,
        convertedDealId: dealId,
        stage: lead.stage === 'new' || lead.stage === 'contacted' ? 'qualified' : lead.stage,
      },
      'convert',
    );
    return { lead: toLeadDto(updated), contactId: contact.id, companyId, dealId };
  });
}
