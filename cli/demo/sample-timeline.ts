import type { ACTIVITY_TYPES } from '../../server/db/schema-crm';
import { CreateActivity, CreateTask, UpdateTask } from '../../server/modules/crm/activities.schemas';
import { activitySpec, taskSpec } from '../../server/modules/crm/activities.record';
import { createRecord, updateRecord } from '../../server/modules/crm/record-kit';
import {
  at,
  between,
  clamp,
  DAY,
  daysAgo,
  fill,
  HOUR,
  onTheHour,
  spread,
  valid,
  WRITERS,
  type Seeding,
  type Words,
  type Writer,
} from './sample-kit';
import { ACTIVITY_WORDS, DEAL_OFFERINGS, LEAD_NEEDS, TASK_TITLES } from './sample-names';
import type { Company, Contact, Deal, Lead } from './sample-records';

/* The timelines: activities and tasks on the sample records, written through the activity and task services. */

type ActivityType = (typeof ACTIVITY_TYPES)[number];
type TaskKind = 'overdue' | 'today' | 'later' | 'done';

const ACTIVITY_MIX: Record<ActivityType, number> = { email: 30, call: 25, meeting: 15, note: 18, sms: 12 };
const QUARTER_HOUR = HOUR / 4;
const TASK_MIX: Record<TaskKind, number> = { overdue: 12, today: 8, later: 24, done: 16 };

/** What an activity or task is about: its links, the words its text is filled with, and when it can have happened. */
interface Subject {
  links: { contactId?: string; companyId?: string; leadId?: string; dealId?: string };
  words: Words;
  owner: Writer;
  since: Date;
  until: Date;
}

export interface Records {
  companies: Company[];
  contacts: Contact[];
  leads: Lead[];
  deals: Deal[];
}

export async function seedActivities(s: Seeding, records: Records): Promise<number> {
  const { random } = s;
  let logged = 0;
  for (const deal of records.deals) logged += await logActivities(s, dealSubject(s, deal), random.int(1, 3));
  for (const lead of records.leads) logged += await logActivities(s, leadSubject(s, lead), lead.stage === 'new' ? 0 : random.int(0, 2));
  for (const contact of records.contacts) if (random.chance(0.08)) logged += await logActivities(s, contactSubject(s, contact), 1);
  for (const company of records.companies) if (random.chance(0.2)) logged += await logActivities(s, companySubject(s, company), 1);
  return logged;
}

/** Activities fall in the last 90 days and within the record's life. */
async function logActivities(s: Seeding, subject: Subject, count: number): Promise<number> {
  const from = new Date(Math.max(subject.since.getTime(), s.now.getTime() - 90 * DAY));
  if (from >= subject.until) return 0;
  for (let i = 0; i < count; i++) await logActivity(s, subject, between(s, from, subject.until));
  return count;
}

async function logActivity(s: Seeding, subject: Subject, when: Date): Promise<void> {
  const { random } = s;
  const type = random.weighted(ACTIVITY_MIX);
  const words = ACTIVITY_WORDS[type];
  // Mostly the record's owner; now and then a colleague helps out.
  const author = random.chance(0.8) ? subject.owner : random.pick(WRITERS);
  const input = valid(CreateActivity, {
    type,
    subject: fill(random.pick(words.subjects), subject.words),
    body: random.chance(0.6) ? random.pick(words.bodies) : null,
    occurredAt: when.toISOString(),
    ...subject.links,
  });
  await at(s, when, () => createRecord(s.crew[author].ctx, activitySpec, input));
}

export async function seedTasks(s: Seeding, records: Records): Promise<number> {
  const pools = {
    deal: records.deals.filter((d) => d.status === 'open').map((d) => dealSubject(s, d)),
    lead: records.leads.filter((l) => l.stage !== 'won' && l.stage !== 'lost').map((l) => leadSubject(s, l)),
    contact: records.contacts.map((c) => contactSubject(s, c)),
    company: records.companies.map((c) => companySubject(s, c)),
  };
  const kinds = spread(s.random, TASK_MIX);
  for (const kind of kinds)
    await createTask(s, kind, s.random.pick(pools[s.random.weighted({ deal: 40, lead: 25, contact: 20, company: 15 })]));
  return kinds.length;
}

async function createTask(s: Seeding, kind: TaskKind, subject: Subject): Promise<void> {
  const { random } = s;
  const dueAt = dueFor(s, kind);
  const createdAt = clamp(between(s, new Date(dueAt.getTime() - 10 * DAY), new Date(dueAt.getTime() - HOUR)), subject.since, s.now);
  const assignee = s.crew[random.chance(0.75) ? subject.owner : random.pick(WRITERS)];
  const input = valid(CreateTask, {
    title: fill(random.pick(TASK_TITLES), subject.words),
    notes: random.chance(0.3) ? `About: ${subject.words.topic}.` : null,
    dueAt: dueAt.toISOString(),
    ...subject.links,
  });
  const { id } = await at(s, createdAt, () => createRecord(assignee.ctx, taskSpec, input));
  if (kind !== 'done') return;
  const doneAt = clamp(between(s, createdAt, new Date(dueAt.getTime() + 2 * DAY)), createdAt, s.now);
  await at(s, doneAt, () => updateRecord(assignee.ctx, taskSpec, id, valid(UpdateTask, { done: true })));
}

/** "Due today" lands between now and the end of the tenant's day, which is what the today view counts. */
function dueFor(s: Seeding, kind: TaskKind): Date {
  const { endOfToday } = s;
  switch (kind) {
    case 'overdue':
      return onTheHour(daysAgo(s, 14, 1));
    case 'done':
      return onTheHour(daysAgo(s, 40, 1));
    case 'later':
      return onTheHour(between(s, new Date(endOfToday.getTime() + HOUR), new Date(s.now.getTime() + 30 * DAY)));
    case 'today': {
      // On a quarter hour like a person would set it, unless that would spill into tomorrow.
      const due = between(s, s.now, endOfToday);
      const tidy = new Date(Math.ceil(due.getTime() / QUARTER_HOUR) * QUARTER_HOUR);
      return tidy < endOfToday ? tidy : due;
    }
  }
}

function dealSubject(s: Seeding, deal: Deal): Subject {
  return {
    links: { dealId: deal.id, companyId: deal.company.id, ...(deal.contact ? { contactId: deal.contact.id } : {}) },
    words: { first: deal.contact?.firstName ?? deal.company.name, company: deal.company.name, topic: deal.topic.toLowerCase() },
    owner: deal.owner,
    since: deal.createdAt,
    until: deal.closedAt ?? s.now,
  };
}

function leadSubject(s: Seeding, lead: Lead): Subject {
  return {
    links: { leadId: lead.id },
    words: { first: lead.firstName, company: lead.companyName, topic: lead.topic.toLowerCase() },
    owner: lead.owner,
    since: lead.createdAt,
    until: s.now,
  };
}

function contactSubject(s: Seeding, contact: Contact): Subject {
  return {
    links: { contactId: contact.id, ...(contact.company ? { companyId: contact.company.id } : {}) },
    words: { first: contact.firstName, company: contact.company?.name ?? contact.fullName, topic: s.random.pick(LEAD_NEEDS).toLowerCase() },
    owner: contact.owner,
    since: contact.createdAt,
    until: s.now,
  };
}

function companySubject(s: Seeding, company: Company): Subject {
  return {
    links: { companyId: company.id },
    words: {
      first: company.contacts[0]?.firstName ?? 'the team',
      company: company.name,
      topic: s.random.pick(DEAL_OFFERINGS).toLowerCase(),
    },
    owner: company.owner,
    since: company.createdAt,
    until: s.now,
  };
}
