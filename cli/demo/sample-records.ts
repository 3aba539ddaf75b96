import type { LEAD_STAGES } from '../../server/db/schema-crm';
import type { RequestContext } from '../../server/lib/context';
import { CreateCompany } from '../../server/modules/crm/companies.schemas';
import { companySpec } from '../../server/modules/crm/companies.record';
import { CreateContact } from '../../server/modules/crm/contacts.schemas';
import { contactSpec } from '../../server/modules/crm/contacts.record';
import { CreateDeal, MoveDeal } from '../../server/modules/crm/deals.schemas';
import { moveDeal } from '../../server/modules/crm/deals.service';
import { dealSpec } from '../../server/modules/crm/deals.record';
import { ConvertLead, CreateLead, LeadSchema } from '../../server/modules/crm/leads.schemas';
import { convertLead } from '../../server/modules/crm/leads.service';
import { leadSpec } from '../../server/modules/crm/leads.record';
import { CreatePipeline, type PipelineDto } from '../../server/modules/crm/pipelines.schemas';
import { createPipeline, listPipelines } from '../../server/modules/crm/pipelines.service';
import { createRecord } from '../../server/modules/crm/record-kit';
import {
  at,
  between,
  DAY,
  daysAgo,
  digits,
  emailFor,
  evenly,
  HOUR,
  slugOf,
  spread,
  uniqueCompany,
  uniquePerson,
  valid,
  WRITERS,
  type Seeding,
  type Writer,
} from './sample-kit';
import {
  CITIES,
  DEAL_OFFERINGS,
  INDUSTRIES,
  JOB_TITLES,
  LEAD_NEEDS,
  LOST_REASONS,
  MOBILE_PATTERNS,
  PERSONAL_EMAIL_DOMAINS,
  RENEWAL_OFFERINGS,
  STREETS,
} from './sample-names';
import type { SeededRandom } from './seeded-random';

/* The sample companies, contacts, leads, the second pipeline and the deals, written through the record services. */

type LeadStage = (typeof LEAD_STAGES)[number];
/** The lead sources the API accepts, in their declared order (the seed draws from them by position). */
const LEAD_SOURCES = LeadSchema.shape.source.options;
type LeadSource = (typeof LEAD_SOURCES)[number];
type Currency = 'USD' | 'EUR' | 'GBP' | 'AED';
type DealStatus = 'open' | 'won' | 'lost';

export const COMPANIES = 50;
export const CONTACTS = 300;
// Every stage appears: the board and the funnel chart have something in each column.
export const LEAD_STAGE_MIX: Record<LeadStage, number> = { new: 16, contacted: 16, qualified: 14, proposal: 14, won: 10, lost: 10 };
const SALES_DEALS: Record<DealStatus, number> = { open: 26, won: 8, lost: 6 };
const RENEWAL_DEALS: Record<DealStatus, number> = { open: 12, won: 5, lost: 3 };
const CURRENCY_MIX: Record<Currency, number> = { USD: 22, EUR: 15, GBP: 12, AED: 11 };
/** Deal values are drawn in dollars, then shown in the deal's own currency at a plausible rate. */
const PER_DOLLAR: Record<Currency, number> = { USD: 1, EUR: 0.92, GBP: 0.79, AED: 3.67 };

const RENEWAL_STAGES = [
  { name: 'Upcoming', probability: 30, kind: 'open' },
  { name: 'Contacted', probability: 50, kind: 'open' },
  { name: 'Quote sent', probability: 70, kind: 'open' },
  { name: 'Verbal yes', probability: 90, kind: 'open' },
  { name: 'Renewed', probability: 100, kind: 'won' },
  { name: 'Churned', probability: 0, kind: 'lost' },
] as const;

export interface Company {
  id: string;
  name: string;
  domain: string;
  phone: string;
  owner: Writer;
  createdAt: Date;
  contacts: Contact[];
}
export interface Contact {
  id: string;
  firstName: string;
  fullName: string;
  company: Company | null;
  owner: Writer;
  createdAt: Date;
}
export interface Lead {
  id: string;
  stage: LeadStage;
  firstName: string;
  fullName: string;
  companyName: string;
  topic: string;
  owner: Writer;
  createdAt: Date;
}
export interface Deal {
  id: string;
  status: DealStatus;
  topic: string;
  company: Company;
  contact: Contact | null;
  owner: Writer;
  createdAt: Date;
  closedAt: Date | null;
}

export async function seedCompanies(s: Seeding): Promise<Company[]> {
  const companies: Company[] = [];
  for (let i = 0; i < COMPANIES; i++) companies.push(await createCompany(s));
  return companies;
}

async function createCompany(s: Seeding): Promise<Company> {
  const { random } = s;
  const industry = random.pick(INDUSTRIES);
  const name = uniqueCompany(s, industry.suffixes);
  const place = random.pick(CITIES);
  const domain = `${slugOf(name)}.example`;
  const owner = random.pick(WRITERS);
  // Customers for a while already: their contacts and deals come later.
  const createdAt = daysAgo(s, 400, 200);
  const input = valid(CreateCompany, {
    name,
    domain,
    industry: industry.name,
    phone: digits(random, place.phone),
    website: `https://www.${domain}`,
    address: `${random.int(1, 240)} ${random.pick(STREETS)}, ${place.city}, ${place.country}`,
  });
  const { id } = await at(s, createdAt, () => createRecord(s.crew[owner].ctx, companySpec, input));
  return { id, name, domain, phone: place.phone, owner, createdAt, contacts: [] };
}

/** One contact at every company first, so each has someone to call; the rest cluster around a few key accounts. */
export async function seedContacts(s: Seeding, companies: Company[], count: number): Promise<Contact[]> {
  const keyAccounts = companies.slice(0, 10);
  const contacts: Contact[] = [];
  for (let i = 0; i < count; i++) {
    if (i < companies.length) contacts.push(await createContact(s, companies[i]!));
    else if (s.random.chance(0.15)) contacts.push(await createContact(s, null));
    else contacts.push(await createContact(s, s.random.pick(s.random.chance(0.3) ? keyAccounts : companies)));
  }
  return contacts;
}

async function createContact(s: Seeding, company: Company | null): Promise<Contact> {
  const { random } = s;
  const { first, last } = uniquePerson(random, s.takenPeople);
  const owner = company && random.chance(0.8) ? company.owner : random.pick(WRITERS);
  const createdAt = company ? between(s, company.createdAt, new Date(company.createdAt.getTime() + 30 * DAY)) : daysAgo(s, 300, 100);
  const input = valid(CreateContact, {
    firstName: first,
    lastName: last,
    email: emailFor(first, last, company?.domain ?? random.pick(PERSONAL_EMAIL_DOMAINS)),
    phone: digits(random, company ? company.phone : random.pick(MOBILE_PATTERNS)),
    title: random.chance(0.9) ? random.pick(JOB_TITLES) : null,
    companyId: company?.id ?? null,
  });
  const { id } = await at(s, createdAt, () => createRecord(s.crew[owner].ctx, contactSpec, input));
  const contact = { id, firstName: first, fullName: `${first} ${last}`, company, owner, createdAt };
  company?.contacts.push(contact);
  return contact;
}

interface LeadPlan {
  stage: LeadStage;
  source: LeadSource;
  owner: Writer;
  createdAt: Date;
}

/** Won leads are converted into contacts at existing companies, so `contacts` grows by one per won lead. */
export async function seedLeads(s: Seeding, companies: Company[], contacts: Contact[]): Promise<Lead[]> {
  const stages = spread(s.random, LEAD_STAGE_MIX);
  const sources = evenly<LeadSource>(s.random, LEAD_SOURCES, stages.length);
  const owners = evenly<Writer>(s.random, WRITERS, stages.length);
  // Fresh leads are recent; the ones further along have had time to move.
  const plans = stages.map((stage, i): LeadPlan => ({
    stage,
    source: sources[i]!,
    owner: owners[i]!,
    createdAt: stage === 'new' ? daysAgo(s, 21, 0) : daysAgo(s, 90, 10),
  }));
  // Created oldest first, so LED numbers rise with the creation date as they would have.
  plans.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const leads: Lead[] = [];
  for (const plan of plans) {
    const customer = plan.stage === 'won' ? s.random.pick(companies) : null;
    const lead = await createLead(s, plan, customer);
    if (customer) contacts.push(await convertWonLead(s, lead, customer));
    leads.push(lead);
  }
  return leads;
}

async function createLead(s: Seeding, { stage, source, owner, createdAt }: LeadPlan, customer: Company | null): Promise<Lead> {
  const { random } = s;
  const { first, last } = uniquePerson(random, s.takenPeople);
  const companyName = customer?.name ?? uniqueCompany(s, random.pick(INDUSTRIES).suffixes);
  const topic = random.pick(LEAD_NEEDS);
  const input = valid(CreateLead, {
    title: `${topic} – ${companyName}`,
    contactName: `${first} ${last}`,
    email: emailFor(first, last, customer?.domain ?? `${slugOf(companyName)}.example`),
    phone: digits(random, random.pick(MOBILE_PATTERNS)),
    companyName,
    source,
    // Created at the stage it is at now: a stage change per lead would cost a write each, for little to see.
    stage,
    ...(stage === 'lost' ? { lostReason: random.pick(LOST_REASONS) } : {}),
    value: random.chance(0.85) ? random.int(15, 900) * 100 : null,
  });
  const { id } = await at(s, createdAt, () => createRecord(s.crew[owner].ctx, leadSpec, input));
  return { id, stage, firstName: first, fullName: `${first} ${last}`, companyName, topic, owner, createdAt };
}

async function convertWonLead(s: Seeding, lead: Lead, customer: Company): Promise<Contact> {
  const convertedAt = between(s, lead.createdAt, s.now);
  const { contactId } = await at(s, convertedAt, () =>
    convertLead(s.crew[lead.owner].ctx, lead.id, valid(ConvertLead, { companyId: customer.id })),
  );
  const contact = {
    id: contactId,
    firstName: lead.firstName,
    fullName: lead.fullName,
    company: customer,
    owner: lead.owner,
    createdAt: convertedAt,
  };
  customer.contacts.push(contact);
  return contact;
}

export interface Pipelines {
  sales: PipelineDto;
  renewals: PipelineDto;
}

export async function seedPipelines(s: Seeding): Promise<Pipelines> {
  const { ctx } = s.crew.owner;
  // Made now, after the default one: lists ordered by creation keep Sales first.
  const renewals = await at(s, s.now, () => createPipeline(ctx, valid(CreatePipeline, { name: 'Renewals', stages: [...RENEWAL_STAGES] })));
  const sales = (await listPipelines(ctx, { limit: 10, sort: 'createdAt' })).data.find((p) => p.isDefault);
  if (!sales) throw new Error('The tenant has no default pipeline: create it with runSetup first.');
  return { sales, renewals };
}

export async function seedDeals(s: Seeding, companies: Company[], pipelines: Pipelines): Promise<Deal[]> {
  const plan = [
    ...spread(s.random, SALES_DEALS).map((status) => ({
      status,
      pipeline: pipelines.sales,
      offerings: DEAL_OFFERINGS,
      dollars: [2_000, 150_000] as const,
    })),
    ...spread(s.random, RENEWAL_DEALS).map((status) => ({
      status,
      pipeline: pipelines.renewals,
      offerings: RENEWAL_OFFERINGS,
      dollars: [1_500, 60_000] as const,
    })),
  ];
  const currencies = spread(s.random, CURRENCY_MIX);
  const owners = evenly<Writer>(s.random, WRITERS, plan.length);
  const deals: Deal[] = [];
  for (const [i, deal] of plan.entries()) {
    const topic = s.random.pick(deal.offerings);
    const value = dealValue(s.random, deal.dollars, currencies[i]!);
    deals.push(
      await createDeal(s, { ...deal, topic, value, currency: currencies[i]!, owner: owners[i]!, company: s.random.pick(companies) }),
    );
  }
  return deals;
}

interface DealPlan {
  status: DealStatus;
  pipeline: PipelineDto;
  topic: string;
  value: number;
  currency: Currency;
  owner: Writer;
  company: Company;
}

async function createDeal(s: Seeding, plan: DealPlan): Promise<Deal> {
  const { random } = s;
  const open = plan.pipeline.stages.filter((st) => st.kind === 'open');
  // Closed deals were opened earlier and closed within the last three months, so the won/lost chart has a history.
  const createdAt = plan.status === 'open' ? daysAgo(s, 100, 2) : daysAgo(s, 160, 20);
  const closedAt =
    plan.status === 'open'
      ? null
      : between(s, new Date(Math.max(createdAt.getTime() + 7 * DAY, s.now.getTime() - 85 * DAY)), new Date(s.now.getTime() - HOUR));
  // Open deals thin out towards the later stages, as on a real board.
  const stage = open[Math.min(random.int(0, open.length - 1), random.int(0, open.length - 1))]!;
  // Only people already known when the deal was opened.
  const known = plan.company.contacts.filter((c) => c.createdAt <= createdAt);
  const contact = known.length > 0 ? random.pick(known) : null;
  const expected = closedAt
    ? between(s, new Date(closedAt.getTime() - 14 * DAY), new Date(closedAt.getTime() + 14 * DAY))
    : daysAgo(s, 20, -120);
  const owner = s.crew[plan.owner];
  const input = valid(CreateDeal, {
    title: `${plan.company.name} – ${plan.topic}`,
    value: plan.value,
    currency: plan.currency,
    pipelineId: plan.pipeline.id,
    stageId: stage.id,
    companyId: plan.company.id,
    contactId: contact?.id ?? null,
    expectedCloseDate: expected.toISOString().slice(0, 10),
  });
  const { id } = await at(s, createdAt, () => createRecord(owner.ctx, dealSpec, input));
  if (closedAt) await at(s, closedAt, () => closeDeal(s, owner.ctx, id, plan));
  return { id, status: plan.status, topic: plan.topic, company: plan.company, contact, owner: plan.owner, createdAt, closedAt };
}

async function closeDeal(s: Seeding, ctx: RequestContext, id: string, plan: DealPlan): Promise<void> {
  const stage = plan.pipeline.stages.find((st) => st.kind === plan.status);
  if (!stage) throw new Error(`Pipeline ${plan.pipeline.name} has no ${plan.status} stage.`);
  await moveDeal(
    ctx,
    id,
    valid(MoveDeal, { stageId: stage.id, ...(plan.status === 'lost' ? { lostReason: s.random.pick(LOST_REASONS) } : {}) }),
  );
}

function dealValue(random: SeededRandom, [min, max]: readonly [number, number], currency: Currency): number {
  // Squaring the draw gives many modest deals and a few large ones.
  const dollars = min + (max - min) * random.next() ** 2;
  return Math.max(100, Math.round((dollars * PER_DOLLAR[currency]) / 100) * 100);
}
