import type { Printed } from '../../server/data/store';
import { addUser } from '../../server/modules/users/users.service';
import { newId } from '../../platform/ids';
import { PASSWORD, systemScope, type TenantFixture } from './fixtures';
import type { TestApp } from './test-app';

/*
 * One tenant of realistic size, fast: thousands of companies, contacts, deals and leads written
 * straight into the app's own database through its store (one transaction, multi-row INSERTs of
 * prepared statements), on either engine. The rows go in as the API would leave them: the
 * search-index triggers fire (SQLite's FTS5 rows, PostgreSQL's search_documents), the lead-number
 * sequence is raised past the seeded numbers (the next lead created through the API follows on),
 * and on SQLite the commit moves the reader's data_version, so no kept list total goes stale.
 * Nothing is audited (a seed is not anyone's change). Deterministic for a given `seed`, except
 * the ids (newId, as the app makes them).
 */

export interface BigTenantShape {
  contacts: number;
  companies: number;
  deals: number;
  leads: number;
  /** Deals with status open (the newest ones); the older ones are won or lost. Default: half. */
  openDeals?: number;
  /** Activities (calls, emails, meetings…) on contacts, their companies and sometimes a deal. Default 0. */
  activities?: number;
  /** People in the tenant, the owner included; members are added (signed-up users with PASSWORD) up to this. Default 4. */
  people?: number;
  /** Which company and contact `featured` picks, by rank in name order (1-based). Default 900 and 4,000, within the counts. */
  featuredRanks?: { company?: number; contact?: number };
  /** The random seed (names, links, values). Default 1. */
  seed?: number;
}

export interface SeededPerson {
  id: string;
  name: string;
  email: string;
  role: string;
}

export interface SeededCompany {
  id: string;
  name: string;
  domain: string;
  /** 1-based place in the API's `sort=name` order. */
  rank: number;
}

export interface SeededContact {
  id: string;
  firstName: string;
  lastName: string;
  /** "First Last", as the search index labels it. */
  name: string;
  email: string;
  companyId: string;
  /** 1-based place in the API's `sort=lastName` order (last name, then id). */
  rank: number;
}

export interface SeededDeal {
  id: string;
  title: string;
  valueCents: number;
  currency: string;
  stageId: string;
  status: 'open' | 'won' | 'lost';
  contactId: string;
  companyId: string;
  ownerId: string;
}

export interface SeededLead {
  id: string;
  number: number;
  title: string;
}

export interface SeededStage {
  id: string;
  name: string;
  kind: 'open' | 'won' | 'lost';
  position: number;
}

export interface BigTenant {
  tenantId: string;
  /** The tenant's default pipeline, every deal's. */
  pipelineId: string;
  stages: SeededStage[];
  people: SeededPerson[];
  /** In name order (the API's sort=name): companies[i].rank === i + 1. */
  companies: SeededCompany[];
  /** In last-name order (the API's sort=lastName): contacts[i].rank === i + 1. */
  contacts: SeededContact[];
  /** In creation order, oldest first. */
  deals: SeededDeal[];
  leads: SeededLead[];
  counts: { companies: number; contacts: number; deals: number; openDeals: number; leads: number; activities: number };
  /** The n-th company by name (1-based). */
  company(rank: number): SeededCompany;
  /** The n-th contact by last name (1-based). */
  contact(rank: number): SeededContact;
  /** A contact's deals, oldest first (none for some contacts when there are fewer deals than contacts). */
  dealsOf(contactId: string): SeededDeal[];
  /** Landmarks for tests: a company and a contact deep in the lists (featuredRanks), and a deal whose contact is that contact (when there are deals). */
  featured: { company: SeededCompany; contact: SeededContact; deal: SeededDeal };
  /** Seconds the seed took. */
  seconds: number;
}

/** A list written as one string, comma-separated (names with spaces stay whole). */
const list = (text: string) => text.split(', ');

// ---------------------------------------------------------------------------------------------
// Names. ASCII only, so JavaScript's order is the databases' (SQLite's BINARY, the suites'
// PostgreSQL clusters are initdb --no-locale, so C collation).

const FIRST_NAMES = list(
  'Aaron, Adriana, Agnes, Aiko, Alba, Alejandro, Alice, Amara, Ana, Anders, Andrea, Anja, Arjun, Astrid, Beatriz, Ben, Bianca, Bruno, Camille, Carla, Carlos, Chen, Chloe, Clara, Daniel, David, Diego, Elena, Elif, Emil, Emma, Erik, Fatima, Felix, Fiona, Francesca, Gabriel, Greta, Hannah, Hugo, Ines, Isabel, Ivan, Jakob, James, Javier, Johanna, Jonas, Julia, Karim, Katarina, Laura, Leon, Lina, Lucas, Lucia, Luis, Maja, Marco, Maria, Marta, Mateo, Mei, Mia, Mikael, Nadia, Naomi, Nico, Nina, Noah, Olga, Oliver, Omar, Pablo, Paula, Pedro, Priya, Rafael, Raquel, Rosa, Ruben, Sara, Sebastian, Sofia, Sven, Tariq, Teresa, Thomas, Tobias, Valentina, Victor, Yara, Yusuf, Zoe, Hiroshi, Ingrid, Kofi, Leila, Matteo, Selin',
);
const LAST_NAMES = list(
  'Abbott, Achterberg, Alonso, Andersson, Arnaud, Bauer, Becker, Bellini, Bergstrom, Blanco, Brennan, Brooks, Castillo, Chen, Costa, Dalton, Delgado, Dubois, Eriksen, Esposito, Fernandez, Fischer, Fontaine, Gallagher, Garcia, Gomez, Greco, Haas, Hansen, Hartmann, Herrera, Hughes, Ibarra, Ivanova, Jansen, Jimenez, Kaur, Keller, Kowalski, Kruger, Lambert, Larsen, Laurent, Lindqvist, Lopez, Lorenz, Marino, Martin, Meyer, Molina, Moreau, Morales, Muller, Nakamura, Navarro, Nielsen, Novak, Nowak, OConnor, Olsen, Ortega, Ortiz, Patel, Peeters, Perez, Petrov, Quinn, Ramos, Reyes, Ricci, Richter, Rivera, Romano, Rossi, Ruiz, Russo, Sanchez, Santos, Schmidt, Schneider, Schulz, Silva, Smith, Sorensen, Suarez, Svensson, Tanaka, Torres, Vargas, Vasquez, Vega, Visser, Vogel, Wagner, Walsh, Weber, Wolf, Yilmaz, Zimmermann, Zhang, Moreno, Dominguez, Iglesias, Kovacs, Lehmann, Mendes, Okafor, Popescu, Sato, Wojcik',
);
const COMPANY_STEMS = list(
  'Acme, Aegis, Alder, Alpine, Altura, Amber, Anchor, Apex, Arbor, Arcadia, Atlas, Aurora, Azure, Baltic, Beacon, Birch, Blue Harbor, Boreal, Brightwater, Cascade, Cedar, Cobalt, Copper, Coral, Crescent, Delta, Ember, Evergreen, Falcon, Fjord, Galileo, Granite, Harbor, Helix, Horizon, Iberia, Indigo, Ironwood, Juniper, Keystone, Lighthouse, Linden, Lumen, Magnolia, Meridian, Mistral, Monarch, Nimbus, Northwind, Oakridge, Onyx, Orion, Pacific, Pinnacle, Polaris, Quartz, Redwood, Riverside, Saffron, Sierra, Silverline, Solstice, Summit, Tidewater, Titan, Trident, Vantage, Vertex, Willow, Zenith',
);
const COMPANY_SECTORS = list(
  'Analytics, Biotech, Brands, Capital, Chemicals, Consulting, Dynamics, Energy, Engineering, Foods, Freight, Health, Holdings, Hospitality, Industries, Insurance, Labs, Logistics, Machinery, Media, Medical, Metals, Mobility, Networks, Pharma, Retail, Robotics, Software, Solutions, Systems, Textiles, Ventures',
);
const COMPANY_SUFFIXES = list('Ltd, GmbH, S.L., Inc., B.V., SAS, AG, Oy, S.p.A., AB');
const INDUSTRIES = list('Software, Manufacturing, Retail, Logistics, Healthcare, Finance, Energy, Hospitality, Education, Media');
const TITLES = [
  'CEO',
  'CFO',
  'CTO',
  'Head of Sales',
  'Head of Procurement',
  'Operations Manager',
  'IT Director',
  'Buyer',
  'Account Manager',
  'Marketing Director',
  'Office Manager',
  'Founder',
  'Product Manager',
  'Finance Controller',
  null,
  null,
];
const DEAL_WORDS = list(
  'Annual licence, Renewal, Pilot project, Expansion, Support plan, Onboarding package, Hardware refresh, Consulting days, Multi-year agreement, Upgrade, Training programme, Integration, Framework contract, Seat top-up',
);
const LEAD_SOURCES = ['website', 'referral', 'event', 'cold_call', 'email', 'social', 'partner', 'advertising', 'other'] as const;
const LEAD_STAGES = ['new', 'new', 'new', 'contacted', 'contacted', 'qualified', 'proposal', 'lost'] as const;
const ACTIVITY_TYPES = ['call', 'email', 'email', 'meeting', 'note', 'sms'] as const;
const ACTIVITY_SUBJECTS = {
  call: ['Discovery call', 'Follow-up call', 'Pricing call', 'Check-in call'],
  email: ['Sent proposal', 'Sent pricing sheet', 'Replied to questions', 'Intro email'],
  meeting: ['Demo meeting', 'On-site visit', 'Quarterly review', 'Contract walkthrough'],
  note: ['Budget approved for next quarter', 'Decision maker is the CFO', 'Prefers email over calls', 'Evaluating two competitors'],
  sms: ['Confirmed meeting time', 'Sent directions', 'Quick reminder'],
} as const;
/** Currencies with their share of deals. */
const CURRENCIES: [string, number][] = [
  ['EUR', 0.45],
  ['USD', 0.3],
  ['GBP', 0.15],
  ['CHF', 0.1],
];
/** How the open deals spread over the open stages, earliest first. */
const OPEN_STAGE_WEIGHTS = [0.35, 0.3, 0.2, 0.15];
const MEMBER_NAMES = list('Maya Lindqvist, Tomas Ortega, Priya Raman, Jonas Weber, Lea Moreau, Samuel Okafor, Hana Sato, Diego Ferreira');

// ---------------------------------------------------------------------------------------------

/** mulberry32: small, fast, reproducible. */
function random(seed: number) {
  let a = seed >>> 0 || 1;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const weighted = <T>(list: readonly (readonly [T, number])[]): T => {
    let r = next();
    for (const [value, weight] of list) if ((r -= weight) < 0) return value;
    return list[list.length - 1]![0];
  };
  const shuffle = <T>(list: T[]): T[] => {
    for (let i = list.length - 1; i > 0; i--) {
      const j = int(i + 1);
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    return list;
  };
  return { next, int, pick, weighted, shuffle };
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const DAY = 86_400_000;

/** Rows per INSERT: many rows per statement is several times faster than one (server/data/bulk.ts does the same). */
const ROWS_PER_STATEMENT = 100;

type Engine = 'sqlite' | 'postgres';
type Value = string | number | null;
/** A timestamp column's value: milliseconds, as SQLite keeps them; an ISO string for PostgreSQL's timestamptz. */
const TIME = Symbol('time');
type Cell = Value | { [TIME]: number };
const time = (ms: number): Cell => ({ [TIME]: ms });

/** `?` (SQLite) or `$n` (PostgreSQL) placeholders for `rows` tuples of `width`. */
function tuples(engine: Engine, rows: number, width: number): string {
  let n = 0;
  const one = () => `(${Array.from({ length: width }, () => (engine === 'sqlite' ? '?' : `$${++n}`)).join(', ')})`;
  return Array.from({ length: rows }, one).join(', ');
}

function encode(engine: Engine, cell: Cell): Value {
  if (cell !== null && typeof cell === 'object') return engine === 'sqlite' ? cell[TIME] : new Date(cell[TIME]).toISOString();
  return cell;
}

/** INSERTs of many rows into one table, ROWS_PER_STATEMENT per statement (each statement text prepared once). */
function insertStatements(engine: Engine, table: string, columns: string[], rows: Cell[][]): Printed[] {
  const out: Printed[] = [];
  const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const batch = rows.slice(i, i + ROWS_PER_STATEMENT);
    out.push({ sql: head + tuples(engine, batch.length, columns.length), params: batch.flatMap((r) => r.map((c) => encode(engine, c))) });
  }
  return out;
}

/**
 * PostgreSQL's planner statistics brought up to date: autovacuum would analyze the tables some
 * time after a bulk load, and until then a plan made for empty tables can be far off (a contacts
 * list with ?q= took 11 s on 5,000 contacts before, milliseconds after). SQLite plans without.
 */
async function analyze(t: TestApp): Promise<void> {
  if (t.raw.engine === 'postgres') await t.raw.run('ANALYZE companies, contacts, deals, leads, activities, search_documents');
}

interface DealPlan {
  /** Where the deal sits while open, and where it ended when closed. */
  openStage: SeededStage;
  closedStage: SeededStage;
  closedAt: number;
}

/** What setOpenDeals needs to move a seed's deals between open and closed. */
const plans = new WeakMap<BigTenant, { engine: Engine; plan: DealPlan[] }>();

/** Open deals are the newest `open`: deal i (creation order) is open when i >= total - open. */
const isOpen = (i: number, total: number, open: number) => i >= total - open;

async function ensurePeople(t: TestApp, tenant: TenantFixture, wanted: number): Promise<SeededPerson[]> {
  const read = async () =>
    (
      await t.raw.all<{ id: string; name: string; email: string; role: string; active: number }>(
        'SELECT id, name, email, role, active FROM users WHERE tenant_id = ? ORDER BY created_at, id',
        tenant.tenantId,
      )
    ).filter((u) => u.active === 1);
  let people = await read();
  if (people.length < wanted) {
    const scope = systemScope(t.deps, tenant.tenantId);
    const tag = tenant.slug.replace(/[^a-z0-9]/g, '');
    for (let i = people.length; i < wanted; i++) {
      const name = MEMBER_NAMES[(i - 1) % MEMBER_NAMES.length]!;
      await addUser(t.deps, scope, {
        email: `${slug(name).replace('-', '.')}.${i}@${tag}.example.com`,
        name,
        password: PASSWORD,
        role: i === 1 ? 'admin' : 'member',
      });
    }
    people = await read();
  }
  return people.map(({ id, name, email, role }) => ({ id, name, email, role }));
}

/**
 * Gives `tenant` (made by createTenant, on the running test app `t`) a realistic load of
 * records: see BigTenantShape. Deals all sit in the tenant's default pipeline, spread over its
 * stages (open ones weighted to the early stages), in four currencies, owned by the tenant's
 * people; each deal's contact works at the deal's company. A few seconds on SQLite for 10,000
 * contacts and 10,000 deals.
 */
export async function seedBigTenant(t: TestApp, tenant: TenantFixture, shape: BigTenantShape): Promise<BigTenant> {
  const started = performance.now();
  const engine: Engine = t.deps.data.engine;
  const tenantId = tenant.tenantId;
  const rnd = random(shape.seed ?? 1);
  const now = t.deps.clock.now().getTime();
  const openDeals = Math.min(shape.deals, shape.openDeals ?? Math.ceil(shape.deals / 2));
  const activityCount = shape.activities ?? 0;

  const people = await ensurePeople(t, tenant, Math.max(1, shape.people ?? 4));
  const pipeline = await t.raw.get<{ id: string }>(
    'SELECT id FROM pipelines WHERE tenant_id = ? AND deleted_at IS NULL ORDER BY is_default DESC, created_at LIMIT 1',
    tenantId,
  );
  if (!pipeline) throw new Error(`tenant ${tenantId} has no pipeline`);
  const stages = await t.raw.all<SeededStage>(
    'SELECT id, name, kind, position FROM pipeline_stages WHERE tenant_id = ? AND pipeline_id = ? ORDER BY position',
    tenantId,
    pipeline.id,
  );
  const openStages = stages.filter((s) => s.kind === 'open');
  const won = stages.find((s) => s.kind === 'won');
  const lost = stages.find((s) => s.kind === 'lost');
  if (openStages.length === 0 || !won || !lost) throw new Error('the default pipeline needs open, won and lost stages');
  const leadCounter = await t.raw.get<{ value: number }>(
    "SELECT value FROM tenant_counters WHERE tenant_id = ? AND name = 'lead'",
    tenantId,
  );
  const firstLeadNumber = Number(leadCounter?.value ?? 0) + 1;

  // Records are spread over the last three years, oldest first; each kind on its own clock.
  const span = 3 * 365 * DAY;
  const createdAt = (i: number, n: number) => now - span + Math.floor(((i + rnd.next()) / Math.max(1, n)) * span);
  const ownerOf = () => rnd.pick(people).id;
  /** Last changed up to `days` after `at`, never after now. */
  const later = (at: number, days: number) => Math.min(now, at + rnd.int(days) * DAY);

  // Companies: distinct "<Stem> <Sector> <Suffix>" names, in random order of creation.
  const companyNames = new Set<string>();
  const room = COMPANY_STEMS.length * COMPANY_SECTORS.length * COMPANY_SUFFIXES.length;
  while (companyNames.size < Math.min(shape.companies, room))
    companyNames.add(`${rnd.pick(COMPANY_STEMS)} ${rnd.pick(COMPANY_SECTORS)} ${rnd.pick(COMPANY_SUFFIXES)}`);
  const names = [...companyNames];
  for (let i = names.length; i < shape.companies; i++) names.push(`${names[i % names.length]} ${Math.floor(i / names.length) + 1}`);
  const companies: (SeededCompany & { createdAt: number })[] = names.map((name, i) => ({
    id: newId('com'),
    name,
    domain: `${slug(name)}.example.com`,
    rank: 0,
    createdAt: createdAt(i, shape.companies),
  }));
  const companyRows: Cell[][] = companies.map((c) => [
    tenantId,
    c.id,
    c.name,
    c.domain,
    rnd.pick(INDUSTRIES),
    `+${rnd.pick(['34 91', '44 20', '49 30', '33 1', '1 415'])} ${String(1_000_000 + rnd.int(8_999_999))}`,
    `https://www.${c.domain}`,
    ownerOf(),
    time(c.createdAt),
    time(later(c.createdAt, 90)),
  ]);

  // Contacts: distinct full names while the combinations last; every company gets one before any gets a second.
  const combos = FIRST_NAMES.length * LAST_NAMES.length;
  const nameSlots = rnd.shuffle(Array.from({ length: Math.min(combos, shape.contacts) }, (_, k) => k));
  const companyOrder = rnd.shuffle(companies.map((_, i) => i));
  const contacts: (SeededContact & { createdAt: number })[] = [];
  const contactRows: Cell[][] = [];
  for (let i = 0; i < shape.contacts; i++) {
    const slot = nameSlots[i % nameSlots.length]!;
    const firstName = FIRST_NAMES[slot % FIRST_NAMES.length]!;
    const lastName = LAST_NAMES[Math.floor(slot / FIRST_NAMES.length) % LAST_NAMES.length]!;
    // Skewed: a few companies with many contacts, most with a handful.
    const companyIndex =
      companies.length === 0 ? -1 : i < companies.length ? companyOrder[i]! : Math.floor(rnd.next() ** 2 * companies.length);
    const company = companies[companyIndex];
    const email = `${firstName}.${lastName}${i >= combos ? i : ''}@${company?.domain ?? 'example.com'}`.toLowerCase();
    const at = createdAt(i, shape.contacts);
    const contact = {
      id: newId('con'),
      firstName,
      lastName,
      name: `${firstName} ${lastName}`,
      email,
      companyId: company?.id ?? '',
      rank: 0,
      createdAt: at,
    };
    contacts.push(contact);
    contactRows.push([
      tenantId,
      contact.id,
      firstName,
      lastName,
      email,
      `+${rnd.pick(['34 6', '44 7', '49 15', '33 6', '1 212'])}${String(10_000_000 + rnd.int(89_999_999))}`,
      rnd.pick(TITLES),
      company?.id ?? null,
      ownerOf(),
      time(at),
      time(later(at, 60)),
    ]);
  }

  const sortedCompanies = [...companies].sort((a, b) => byText(a.name, b.name) || byText(a.id, b.id));
  sortedCompanies.forEach((c, i) => (c.rank = i + 1));
  const sortedContacts = [...contacts].sort((a, b) => byText(a.lastName, b.lastName) || byText(a.id, b.id));
  sortedContacts.forEach((c, i) => (c.rank = i + 1));
  const clampRank = (rank: number, n: number) => Math.max(1, Math.min(n, rank));
  const featuredContact = sortedContacts[clampRank(shape.featuredRanks?.contact ?? 4000, sortedContacts.length) - 1];
  const featuredCompany = sortedCompanies[clampRank(shape.featuredRanks?.company ?? 900, sortedCompanies.length) - 1];

  // Deals: each on a contact (all of them in turn when there are enough deals; else a random
  // sample, the featured contact first) and that contact's company.
  const dealContacts = rnd.shuffle(contacts.map((_, i) => i));
  if (featuredContact) {
    const at = dealContacts.indexOf(contacts.indexOf(featuredContact));
    [dealContacts[0], dealContacts[at]] = [dealContacts[at]!, dealContacts[0]!];
  }
  if (shape.deals > 0 && contacts.length === 0) throw new Error('deals need contacts');
  const companyById = new Map(companies.map((c) => [c.id, c]));
  const deals: SeededDeal[] = [];
  const dealPlan: DealPlan[] = [];
  const dealRows: Cell[][] = [];
  // The featured contact's deal at a random place in creation order.
  const assigned = Array.from({ length: shape.deals }, (_, i) => dealContacts[i % Math.max(1, dealContacts.length)]!);
  const featuredDealAt = rnd.int(Math.max(1, shape.deals));
  if (shape.deals > 0) [assigned[0], assigned[featuredDealAt]] = [assigned[featuredDealAt]!, assigned[0]!];
  for (let i = 0; i < shape.deals; i++) {
    const contact = contacts[assigned[i]!]!;
    const company = companyById.get(contact.companyId);
    const at = createdAt(i, shape.deals);
    const open = openStages[Math.min(openStages.length - 1, rnd.weighted(OPEN_STAGE_WEIGHTS.map((w, k) => [k, w] as const)))]!;
    const closedStage = rnd.next() < 0.6 ? won : lost;
    const closedAt = Math.max(at, Math.min(now - DAY, at + (7 + rnd.int(120)) * DAY));
    const status = isOpen(i, shape.deals, openDeals) ? 'open' : closedStage.kind;
    const stage = status === 'open' ? open : closedStage;
    const currency = rnd.weighted(CURRENCIES);
    // Log-uniform from 1,000 to 250,000, in round fifties.
    const valueCents = Math.round((1_000 * Math.exp(rnd.next() * Math.log(250))) / 50) * 50 * 100;
    const deal: SeededDeal = {
      id: newId('dea'),
      title: `${company ? company.name.split(' ').slice(0, -1).join(' ') : contact.name} - ${rnd.pick(DEAL_WORDS)}`,
      valueCents,
      currency,
      stageId: stage.id,
      status: stage.kind,
      contactId: contact.id,
      companyId: company?.id ?? '',
      ownerId: ownerOf(),
    };
    deals.push(deal);
    dealPlan.push({ openStage: open, closedStage, closedAt });
    const expected = new Date(now + (rnd.int(150) - 20) * DAY).toISOString().slice(0, 10);
    dealRows.push([
      tenantId,
      deal.id,
      deal.title,
      valueCents,
      currency,
      pipeline.id,
      stage.id,
      company?.id ?? null,
      contact.id,
      deal.ownerId,
      status === 'open' ? expected : null,
      status,
      status === 'open' ? null : time(closedAt),
      status === 'lost' ? rnd.pick(['Price too high', 'Chose a competitor', 'No budget this year', 'Project cancelled']) : null,
      time(at),
      time(status === 'open' ? later(at, 30) : closedAt),
    ]);
  }

  // Leads: numbered on from the tenant's sequence; people and companies of their own (not yet contacts).
  const leads: SeededLead[] = [];
  const leadRows: Cell[][] = [];
  for (let i = 0; i < shape.leads; i++) {
    const first = rnd.pick(FIRST_NAMES);
    const last = rnd.pick(LAST_NAMES);
    const companyName = `${rnd.pick(COMPANY_STEMS)} ${rnd.pick(COMPANY_SECTORS)}`;
    const stage = rnd.pick(LEAD_STAGES);
    const at = createdAt(i, shape.leads);
    const lead = { id: newId('led'), number: firstLeadNumber + i, title: `${companyName}: ${rnd.pick(DEAL_WORDS).toLowerCase()}` };
    leads.push(lead);
    leadRows.push([
      tenantId,
      lead.id,
      lead.number,
      lead.title,
      `${first} ${last}`,
      `${first}.${last}@${slug(companyName)}.example.org`.toLowerCase(),
      `+34 6${String(10_000_000 + rnd.int(89_999_999))}`,
      companyName,
      rnd.pick(LEAD_SOURCES),
      stage,
      rnd.next() < 0.7 ? Math.round((500 + rnd.int(60_000)) / 50) * 50 * 100 : null,
      ownerOf(),
      stage === 'lost' ? 'No reply after three follow-ups' : null,
      time(at),
      time(later(at, 20)),
    ]);
  }

  // Activities: on a contact and its company, a third of them on one of the contact's deals too; the featured contact gets a dozen.
  const dealsByContact = new Map<string, SeededDeal[]>();
  for (const d of deals) {
    const list = dealsByContact.get(d.contactId);
    if (list) list.push(d);
    else dealsByContact.set(d.contactId, [d]);
  }
  const activityRows: Cell[][] = [];
  for (let i = 0; i < activityCount && contacts.length > 0; i++) {
    const contact = i < 12 && featuredContact ? featuredContact : rnd.pick(contacts);
    const type = rnd.pick(ACTIVITY_TYPES);
    const deal = rnd.next() < 0.33 ? dealsByContact.get(contact.id)?.[0] : undefined;
    const at = Math.max(contact.createdAt, now - rnd.int(365) * DAY - rnd.int(DAY));
    activityRows.push([
      tenantId,
      newId('act'),
      type,
      rnd.pick(ACTIVITY_SUBJECTS[type]),
      type === 'note'
        ? null
        : `${rnd.pick(['Spoke with', 'Wrote to', 'Met'])} ${contact.firstName} about ${rnd.pick(DEAL_WORDS).toLowerCase()}.`,
      time(at),
      ownerOf(),
      contact.id,
      contact.companyId || null,
      deal?.id ?? null,
      time(at),
      time(at),
    ]);
  }

  const statements = [
    ...insertStatements(
      engine,
      'companies',
      ['tenant_id', 'id', 'name', 'domain', 'industry', 'phone', 'website', 'owner_id', 'created_at', 'updated_at'],
      companyRows,
    ),
    ...insertStatements(
      engine,
      'contacts',
      ['tenant_id', 'id', 'first_name', 'last_name', 'email', 'phone', 'title', 'company_id', 'owner_id', 'created_at', 'updated_at'],
      contactRows,
    ),
    ...insertStatements(
      engine,
      'deals',
      [
        'tenant_id',
        'id',
        'title',
        'value_cents',
        'currency',
        'pipeline_id',
        'stage_id',
        'company_id',
        'contact_id',
        'owner_id',
        'expected_close_date',
        'status',
        'closed_at',
        'lost_reason',
        'created_at',
        'updated_at',
      ],
      dealRows,
    ),
    ...insertStatements(
      engine,
      'leads',
      [
        'tenant_id',
        'id',
        'number',
        'title',
        'contact_name',
        'email',
        'phone',
        'company_name',
        'source',
        'stage',
        'value_cents',
        'owner_id',
        'lost_reason',
        'created_at',
        'updated_at',
      ],
      leadRows,
    ),
    ...insertStatements(
      engine,
      'activities',
      [
        'tenant_id',
        'id',
        'type',
        'subject',
        'body',
        'occurred_at',
        'author_id',
        'contact_id',
        'company_id',
        'deal_id',
        'created_at',
        'updated_at',
      ],
      activityRows,
    ),
  ];
  if (leads.length > 0) {
    const last = firstLeadNumber + leads.length - 1;
    const larger = engine === 'sqlite' ? 'max(tenant_counters.value, excluded.value)' : 'greatest(tenant_counters.value, excluded.value)';
    const [a, b] = engine === 'sqlite' ? ['?', '?'] : ['$1', '$2'];
    statements.push({
      sql: `INSERT INTO tenant_counters (tenant_id, name, value) VALUES (${a}, 'lead', ${b}) ON CONFLICT (tenant_id, name) DO UPDATE SET value = ${larger}`,
      params: [tenantId, last],
    });
  }
  // The app's own store: on SQLite its writer connection (the search functions registered, turns
  // taken with the app's own transactions); on PostgreSQL a pooled connection acting for the
  // tenant, under row-level security like any request.
  await t.deps.data.store.transaction({ tenantId }, async (db) => {
    for (const statement of statements) await db.execute(statement);
  });
  await analyze(t);

  const strip = <T extends { createdAt: number }>({ createdAt: _c, ...rest }: T) => rest;
  const outCompanies = sortedCompanies.map(strip);
  const outContacts = sortedContacts.map(strip);
  const contactById = new Map(outContacts.map((c) => [c.id, c]));
  const result: BigTenant = {
    tenantId,
    pipelineId: pipeline.id,
    stages,
    people,
    companies: outCompanies,
    contacts: outContacts,
    deals,
    leads,
    counts: {
      companies: companies.length,
      contacts: contacts.length,
      deals: deals.length,
      openDeals,
      leads: leads.length,
      activities: activityRows.length,
    },
    company: (rank) => {
      const c = outCompanies[rank - 1];
      if (!c) throw new Error(`no company at rank ${rank} of ${outCompanies.length}`);
      return c;
    },
    contact: (rank) => {
      const c = outContacts[rank - 1];
      if (!c) throw new Error(`no contact at rank ${rank} of ${outContacts.length}`);
      return c;
    },
    dealsOf: (contactId) => dealsByContact.get(contactId) ?? [],
    featured: {
      company: outCompanies[(featuredCompany?.rank ?? 1) - 1]!,
      contact: contactById.get(featuredContact?.id ?? '')!,
      deal: dealsByContact.get(featuredContact?.id ?? '')?.[0] as SeededDeal,
    },
    seconds: (performance.now() - started) / 1000,
  };
  plans.set(result, { engine, plan: dealPlan });
  return result;
}

/**
 * Moves a seed's deals so that exactly `open` of them are open (the newest), the rest won or lost
 * in the stage each was planned to end in: a bench measures the board at two sizes over one seed.
 * Through the app's store in one transaction (the search index re-indexes each moved deal);
 * `big.deals` and `big.counts.openDeals` follow. Answers how many deals moved.
 */
export async function setOpenDeals(t: TestApp, big: BigTenant, open: number): Promise<number> {
  const kept = plans.get(big);
  if (!kept) throw new Error('setOpenDeals takes what seedBigTenant answered');
  const { engine, plan } = kept;
  const total = big.deals.length;
  const wanted = Math.max(0, Math.min(total, open));
  const now = t.deps.clock.now().getTime();
  const moves: { deal: SeededDeal; stage: SeededStage; closedAt: number | null }[] = [];
  big.deals.forEach((deal, i) => {
    const p = plan[i]!;
    const stage = isOpen(i, total, wanted) ? p.openStage : p.closedStage;
    if (stage.id !== deal.stageId) moves.push({ deal, stage, closedAt: stage.kind === 'open' ? null : p.closedAt });
  });
  const width = 4;
  const perStatement = 500;
  const statements: Printed[] = [];
  for (let i = 0; i < moves.length; i += perStatement) {
    const batch = moves.slice(i, i + perStatement);
    const values = tuples(engine, batch.length, width);
    const [updatedAt, tenant] = engine === 'sqlite' ? ['?', '?'] : [`$${batch.length * width + 1}`, `$${batch.length * width + 2}`];
    const closedAt = engine === 'sqlite' ? 'v.closed_at' : 'cast(v.closed_at AS timestamptz)';
    const expected = new Date(now + 30 * DAY).toISOString().slice(0, 10);
    statements.push({
      sql: `WITH v(id, stage_id, status, closed_at) AS (VALUES ${values})
        UPDATE deals SET stage_id = v.stage_id, status = v.status, closed_at = ${closedAt},
          expected_close_date = CASE WHEN v.status = 'open' THEN coalesce(deals.expected_close_date, '${expected}') ELSE deals.expected_close_date END,
          lost_reason = CASE WHEN v.status = 'lost' THEN coalesce(deals.lost_reason, 'Chose a competitor') ELSE NULL END,
          updated_at = ${updatedAt}
        FROM v WHERE deals.tenant_id = ${tenant} AND deals.id = v.id`,
      params: [
        ...batch.flatMap((m) => [m.deal.id, m.stage.id, m.stage.kind, m.closedAt === null ? null : encode(engine, time(m.closedAt))]),
        encode(engine, time(now)),
        big.tenantId,
      ],
    });
  }
  await t.deps.data.store.transaction({ tenantId: big.tenantId }, async (db) => {
    for (const statement of statements) await db.execute(statement);
  });
  await analyze(t);
  for (const m of moves) {
    m.deal.stageId = m.stage.id;
    m.deal.status = m.stage.kind;
  }
  big.counts.openDeals = wanted;
  return moves.length;
}
