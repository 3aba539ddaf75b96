import { randomBytes } from 'node:crypto';
import { fixedClock } from '../../platform/clock';
import type { AppDeps, RequestContext } from '../../server/lib/context';
import type { Role } from '../../server/lib/roles';
import { personContext } from '../../server/modules/system/actor-context';
import { getOwnTenant } from '../../server/modules/tenant/tenant.service';
import { createUser } from '../../server/modules/users/users.service';
import { emailFor, endOfLocalDay, uniquePerson, type Seeding, type Writer } from './sample-kit';
import { CONTACTS, LEAD_STAGE_MIX, seedCompanies, seedContacts, seedDeals, seedLeads, seedPipelines } from './sample-records';
import { seedActivities, seedTasks } from './sample-timeline';
import { seedProducts } from './sample-products';
import { seededRandom, type SeededRandom } from './seeded-random';

export interface SamplePerson {
  role: Exclude<Role, 'owner'>;
  name: string;
  email: string;
  /** Random on every run (node:crypto), unlike the records: print or save it, it is stored only hashed. */
  password: string;
}

export interface SampleDataSummary {
  /** Records this call created (the tenant's owner and its default pipeline existed before). */
  counts: {
    users: number;
    companies: number;
    contacts: number;
    leads: number;
    pipelines: number;
    deals: number;
    activities: number;
    tasks: number;
    products: number;
  };
  people: SamplePerson[];
}

const DEFAULT_SEED = 20_261_125;
const REQUEST_ID = 'sample-data';
const DEMO_DOMAIN = 'demo.example';

/**
 * Fills an existing tenant (made by runSetup: owner and default pipeline) with
 * a fictional, deterministic CRM: three more people, companies, contacts, leads,
 * a second pipeline, deals, activities and tasks. Every write goes through the
 * services the API calls, with the API's request validation, so audit rows,
 * the search index, lead numbers and the rules on stages behave as for API
 * writes. Dates are relative to `now`, so the data always looks current.
 * Meant for a fresh tenant: run again, it finds its people there already and
 * fails with a conflict before writing anything.
 */
export async function seedSampleData(
  deps: AppDeps,
  tenantId: string,
  ownerUserId: string,
  options: { now?: Date; seed?: number } = {},
): Promise<SampleDataSummary> {
  const now = options.now ?? deps.clock.now();
  const random = seededRandom(options.seed ?? DEFAULT_SEED);
  const owner = await actingAs(deps, tenantId, ownerUserId);
  const takenPeople = new Set<string>();
  const people = await addPeople(owner, random, takenPeople);
  const timeZone = (await getOwnTenant(owner)).settings.timezone;
  // The records share one transaction: one commit is far faster than a thousand, and a failure leaves no half-made
  // data set. The people come first, outside it: hashing their passwords is asynchronous.
  const counts = await owner.scope.transaction(async () => {
    const clock = fixedClock(now);
    const crewDeps: AppDeps = { ...deps, clock };
    const member = async (id: string) => ({ id, ctx: await actingAs(crewDeps, tenantId, id) });
    const byRole = (role: Writer) => people.find((p) => p.role === role)!.id;
    const crew = { owner: await member(ownerUserId), admin: await member(byRole('admin')), member: await member(byRole('member')) };
    return seedRecords({ random, now, clock, crew, endOfToday: endOfLocalDay(now, timeZone), takenPeople, takenCompanies: new Set() });
  });
  return { counts: { users: people.length, ...counts }, people: people.map(({ id: _id, ...person }) => person) };
}

/** A request context for a user as the authenticate middleware builds one for a signed-in person, minus HTTP. */
function actingAs(deps: AppDeps, tenantId: string, userId: string): Promise<RequestContext> {
  return personContext(deps, tenantId, userId, { requestId: REQUEST_ID });
}

async function addPeople(owner: RequestContext, random: SeededRandom, taken: Set<string>): Promise<(SamplePerson & { id: string })[]> {
  // Names are drawn before any await, so they come out in the same order every run.
  const planned = (['admin', 'member', 'viewer'] as const).map((role) => {
    const { first, last } = uniquePerson(random, taken);
    return {
      role,
      name: `${first} ${last}`,
      email: emailFor(first, last, DEMO_DOMAIN),
      password: `demo-${randomBytes(8).toString('hex')}`,
    };
  });
  // Each password hash takes ~50-100 ms of scrypt; hashing them side by side keeps the seed fast.
  return Promise.all(planned.map(async (person) => ({ ...person, id: (await createUser(owner, person)).id })));
}

async function seedRecords(s: Seeding): Promise<Omit<SampleDataSummary['counts'], 'users'>> {
  const companies = await seedCompanies(s);
  const contacts = await seedContacts(s, companies, CONTACTS - LEAD_STAGE_MIX.won);
  const leads = await seedLeads(s, companies, contacts);
  const pipelines = await seedPipelines(s);
  const deals = await seedDeals(s, companies, pipelines);
  const activities = await seedActivities(s, { companies, contacts, leads, deals });
  const tasks = await seedTasks(s, { companies, contacts, leads, deals });
  const products = await seedProducts(s);
  return {
    companies: companies.length,
    contacts: contacts.length,
    leads: leads.length,
    pipelines: 1,
    deals: deals.length,
    activities,
    tasks,
    products,
  };
}
