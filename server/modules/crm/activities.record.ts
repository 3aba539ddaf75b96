import { and, eq, gte, lt } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { findTenantById } from '../../data/instance';
import type { TenantScope } from '../../data/tenant-scope';
import { users } from '../../db/schema';
import { activities, companies, contacts, deals, leads, tasks } from '../../db/schema-crm';
import type { RequestContext } from '../../lib/context';
import { iso } from '../../lib/schemas';
import {
  ActivitySchema,
  CreateActivity,
  CreateTask,
  ListActivities,
  ListTasks,
  TaskSchema,
  UpdateActivity,
  UpdateTask,
  type ActivityDto,
  type ActivityFilters,
  type CreateActivityInput,
  type CreateTaskInput,
  type TaskDto,
  type TaskFilters,
} from './activities.schemas';
import { dateOrNull, type Remap } from './record-transfer';
import { assertRefs, type RecordSpec } from './record-kit';
import { RecordNames } from './record-names';
import { isoTime } from '../../lib/iso-time';

type Links = {
  contactId?: string | null | undefined;
  companyId?: string | null | undefined;
  leadId?: string | null | undefined;
  dealId?: string | null | undefined;
};

function assertLinks(scope: TenantScope, input: Links): Promise<void> {
  return assertRefs(scope, [
    { id: input.contactId, table: contacts, label: 'Contact' },
    { id: input.companyId, table: companies, label: 'Company' },
    { id: input.leadId, table: leads, label: 'Lead' },
    { id: input.dealId, table: deals, label: 'Deal' },
  ]);
}

const links = (input: Links) => ({
  contactId: input.contactId ?? null,
  companyId: input.companyId ?? null,
  leadId: input.leadId ?? null,
  dealId: input.dealId ?? null,
});

/** Links in a whole-tenant document, remapped to the recreated records. */
const restoredLinks = (r: Record<string, unknown>, remap: Remap) => ({
  contactId: remap.ref('contacts', r.contactId as string | null),
  companyId: remap.ref('companies', r.companyId as string | null),
  leadId: remap.ref('leads', r.leadId as string | null),
  dealId: remap.ref('deals', r.dealId as string | null),
});

type LinkColumns = { contactId: SQLiteColumn; companyId: SQLiteColumn; leadId: SQLiteColumn; dealId: SQLiteColumn };
const linkFilters = (table: LinkColumns, f: Links) => [
  f.contactId ? eq(table.contactId, f.contactId) : undefined,
  f.companyId ? eq(table.companyId, f.companyId) : undefined,
  f.leadId ? eq(table.leadId, f.leadId) : undefined,
  f.dealId ? eq(table.dealId, f.dealId) : undefined,
];

type ActivityRow = typeof activities.$inferSelect;
type TaskRow = typeof tasks.$inferSelect;

/** The names an activity shows: its author's. */
export const wantActivityNames = (names: RecordNames, row: ActivityRow) => names.want('user', row.authorId);

/** An activity as the API answers it; `names` has loaded what wantActivityNames asked for. */
export const toActivityDto = (row: ActivityRow, names: RecordNames): ActivityDto => ({
  id: row.id,
  type: row.type,
  subject: row.subject,
  body: row.body,
  occurredAt: isoTime(row.occurredAt),
  authorId: row.authorId,
  authorName: names.name('user', row.authorId),
  ...links(row),
  createdAt: isoTime(row.createdAt),
  updatedAt: isoTime(row.updatedAt),
  deletedAt: iso(row.deletedAt),
});

export const activitySpec = {
  table: activities,
  prefix: 'act',
  label: 'Activity',
  tag: 'Activities',
  schemas: { dto: ActivitySchema, create: CreateActivity, update: UpdateActivity, list: ListActivities },
  likeColumns: [activities.subject, activities.body],
  sorts: { occurredAt: activities.occurredAt, createdAt: activities.createdAt },
  derivedFields: ['authorName'],
  toDto: async (row, scope) => toActivityDto(row, await wantActivityNames(new RecordNames(), row).load(scope)),
  toDtos: async (rows, scope) => {
    const names = new RecordNames();
    for (const row of rows) wantActivityNames(names, row);
    await names.load(scope);
    return rows.map((row) => toActivityDto(row, names));
  },
  filters: (_ctx, f) => [
    f.type ? eq(activities.type, f.type) : undefined,
    f.authorId ? eq(activities.authorId, f.authorId) : undefined,
    ...linkFilters(activities, f),
  ],
  toInsert: async (ctx, scope, input) => {
    await assertLinks(scope, input);
    return {
      type: input.type,
      subject: input.subject,
      body: input.body ?? null,
      occurredAt: input.occurredAt ? new Date(input.occurredAt) : ctx.deps.clock.now(),
      authorId: ctx.auth.user?.id ?? null,
      ...links(input),
    };
  },
  toPatch: async (_ctx, scope, input) => {
    await assertLinks(scope, input);
    const { occurredAt, ...rest } = input;
    return occurredAt ? { ...rest, occurredAt: new Date(occurredAt) } : rest;
  },
  referencedBy: [],
  transfer: {
    exportNames: [],
    restore: (records, remap) =>
      records.map((r) => ({
        type: r.type,
        subject: r.subject,
        body: r.body,
        occurredAt: new Date(r.occurredAt as string),
        authorId: remap.user(r.authorId as string | null),
        ...restoredLinks(r, remap),
        deletedAt: dateOrNull(r.deletedAt),
      })),
  },
} satisfies RecordSpec<typeof activities, ActivityDto, CreateActivityInput, Partial<CreateActivityInput>, ActivityFilters>;

/** The record a task is about: the most specific of its links. */
function taskRecord(row: Links): { type: 'deal' | 'lead' | 'contact' | 'company'; id: string } | null {
  if (row.dealId) return { type: 'deal', id: row.dealId };
  if (row.leadId) return { type: 'lead', id: row.leadId };
  if (row.contactId) return { type: 'contact', id: row.contactId };
  if (row.companyId) return { type: 'company', id: row.companyId };
  return null;
}

/** The names a task shows: its assignee's and its record's. */
export function wantTaskNames(names: RecordNames, row: TaskRow): RecordNames {
  const record = taskRecord(row);
  if (record) names.want(record.type, record.id);
  return names.want('user', row.assigneeId);
}

/** A task as the API answers it; `names` has loaded what wantTaskNames asked for. */
export function toTaskDto(row: TaskRow, names: RecordNames): TaskDto {
  const record = taskRecord(row);
  return {
    id: row.id,
    title: row.title,
    notes: row.notes,
    dueAt: iso(row.dueAt),
    assigneeId: row.assigneeId,
    assigneeName: names.name('user', row.assigneeId),
    done: row.done,
    doneAt: iso(row.doneAt),
    ...links(row),
    record: record ? { ...record, name: names.name(record.type, record.id) } : null,
    createdAt: isoTime(row.createdAt),
    updatedAt: isoTime(row.updatedAt),
    deletedAt: iso(row.deletedAt),
  };
}

/** Start and end of "today" in the tenant's time zone, as instants. */
async function todayBounds(ctx: RequestContext): Promise<[Date, Date]> {
  const timeZone = (await findTenantById(ctx.scope.query, ctx.scope.tenantId))?.settings.timezone ?? 'UTC';
  const now = ctx.deps.clock.now();
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const offsetMs = (date: Date) => {
    const local = new Date(date.toLocaleString('en-US', { timeZone }));
    const utc = new Date(date.toLocaleString('en-US', { timeZone: 'UTC' }));
    return local.getTime() - utc.getTime();
  };
  const midnightUtc = new Date(`${day}T00:00:00Z`);
  const start = new Date(midnightUtc.getTime() - offsetMs(midnightUtc));
  return [start, new Date(start.getTime() + 86_400_000)];
}

export const taskSpec = {
  table: tasks,
  prefix: 'tsk',
  label: 'Task',
  tag: 'Tasks',
  schemas: { dto: TaskSchema, create: CreateTask, update: UpdateTask, list: ListTasks },
  likeColumns: [tasks.title, tasks.notes],
  sorts: { dueAt: tasks.dueAt, createdAt: tasks.createdAt, updatedAt: tasks.updatedAt },
  derivedFields: ['assigneeName', 'record'],
  toDto: async (row, scope) => toTaskDto(row, await wantTaskNames(new RecordNames(), row).load(scope)),
  toDtos: async (rows, scope) => {
    const names = new RecordNames();
    for (const row of rows) wantTaskNames(names, row);
    await names.load(scope);
    return rows.map((row) => toTaskDto(row, names));
  },
  filters: async (ctx, f) => {
    const now = ctx.deps.clock.now();
    const today = f.view === 'today' ? await todayBounds(ctx) : undefined;
    const view =
      f.view === 'mine'
        ? and(eq(tasks.assigneeId, ctx.auth.user?.id ?? ''), eq(tasks.done, false))
        : f.view === 'overdue'
          ? and(eq(tasks.done, false), lt(tasks.dueAt, now))
          : today
            ? and(gte(tasks.dueAt, today[0]), lt(tasks.dueAt, today[1]))
            : undefined;
    return [
      view,
      f.assigneeId ? eq(tasks.assigneeId, f.assigneeId) : undefined,
      f.done === undefined ? undefined : eq(tasks.done, f.done),
      ...linkFilters(tasks, f),
    ];
  },
  toInsert: async (ctx, scope, input) => {
    await assertLinks(scope, input);
    await assertRefs(scope, [{ id: input.assigneeId, table: users, label: 'Assignee' }]);
    return {
      title: input.title,
      notes: input.notes ?? null,
      dueAt: input.dueAt ? new Date(input.dueAt) : null,
      assigneeId: input.assigneeId ?? ctx.auth.user?.id ?? null,
      done: input.done ?? false,
      doneAt: input.done ? ctx.deps.clock.now() : null,
      ...links(input),
    };
  },
  toPatch: async (ctx, scope, input, existing) => {
    await assertLinks(scope, input);
    await assertRefs(scope, [{ id: input.assigneeId, table: users, label: 'Assignee' }]);
    const { dueAt, done, ...rest } = input;
    const patch: Record<string, unknown> = { ...rest };
    if (dueAt !== undefined) patch.dueAt = dueAt ? new Date(dueAt) : null;
    if (done !== undefined && done !== existing.done) {
      patch.done = done;
      patch.doneAt = done ? ctx.deps.clock.now() : null;
    }
    return patch;
  },
  referencedBy: [],
  transfer: {
    exportNames: [],
    restore: (records, remap) =>
      records.map((r) => ({
        title: r.title,
        notes: r.notes,
        dueAt: dateOrNull(r.dueAt),
        assigneeId: remap.user(r.assigneeId as string | null),
        done: r.done,
        doneAt: dateOrNull(r.doneAt),
        ...restoredLinks(r, remap),
        deletedAt: dateOrNull(r.deletedAt),
      })),
  },
} satisfies RecordSpec<typeof tasks, TaskDto, CreateTaskInput, Partial<CreateTaskInput>, TaskFilters>;
