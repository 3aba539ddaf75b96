import { z } from '@hono/zod-openapi';
import { ACTIVITY_TYPES } from '../../db/schema-crm';
import { idSchema, isoDate, multiLine, singleLine } from '../../lib/schemas';
import { dateTime, optionalRef, recordListQuery } from './record-schemas';

const linkFields = {
  contactId: optionalRef('con'),
  companyId: optionalRef('com'),
  leadId: optionalRef('led'),
  dealId: optionalRef('dea'),
};
const linkSchema = {
  contactId: z.string().nullable(),
  companyId: z.string().nullable(),
  leadId: z.string().nullable(),
  dealId: z.string().nullable(),
};
const hasLink = (b: Record<string, unknown>) => ['contactId', 'companyId', 'leadId', 'dealId'].some((k) => typeof b[k] === 'string');
const linkFilters = {
  contactId: idSchema('con').optional(),
  companyId: idSchema('com').optional(),
  leadId: idSchema('led').optional(),
  dealId: idSchema('dea').optional(),
};

export const ActivitySchema = z
  .object({
    id: z.string(),
    type: z.enum(ACTIVITY_TYPES),
    subject: z.string(),
    body: z.string().nullable(),
    occurredAt: isoDate().openapi({ description: 'When it happened: now unless given (a call logged afterwards is dated in the past).' }),
    authorId: z.string().nullable().openapi({ description: 'Who logged it (null when an API key or the system did).' }),
    authorName: z.string().nullable().openapi({ description: "The author's name (read only)." }),
    ...linkSchema,
    createdAt: isoDate(),
    updatedAt: isoDate(),
    deletedAt: isoDate().nullable(),
  })
  .openapi('Activity');

export const CreateActivity = z
  .strictObject({
    type: z.enum(ACTIVITY_TYPES),
    subject: singleLine(300),
    body: multiLine(20_000).nullable().optional(),
    occurredAt: dateTime().optional().openapi({ description: 'When it happened, past or future; defaults to now.' }),
    ...linkFields,
  })
  .refine(hasLink, 'Link the activity to a contact, company, lead or deal.')
  .openapi('CreateActivity');
export const UpdateActivity = z
  .strictObject({
    type: z.enum(ACTIVITY_TYPES).optional(),
    subject: singleLine(300).optional(),
    body: multiLine(20_000).nullable().optional(),
    occurredAt: dateTime().optional(),
    ...linkFields,
  })
  .refine((b) => Object.keys(b).length > 0, 'Send at least one field.')
  .openapi('UpdateActivity');
export const ListActivities = recordListQuery(['occurredAt', 'createdAt'], '-occurredAt').extend({
  type: z.enum(ACTIVITY_TYPES).optional(),
  authorId: idSchema('usr').optional(),
  ...linkFilters,
});

export const TaskRecord = z
  .object({ type: z.enum(['deal', 'lead', 'contact', 'company']), id: z.string(), name: z.string().nullable() })
  .openapi('TaskRecord');

export const TaskSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    notes: z.string().nullable(),
    dueAt: isoDate().nullable(),
    assigneeId: z.string().nullable(),
    assigneeName: z.string().nullable().openapi({ description: "The assignee's name (read only)." }),
    done: z.boolean(),
    doneAt: isoDate().nullable(),
    ...linkSchema,
    record: TaskRecord.nullable().openapi({
      description:
        'The record the task is about (read only): its deal, else its lead, else its contact, else its company; null when it has no link. A record in the trash is still named.',
    }),
    createdAt: isoDate(),
    updatedAt: isoDate(),
    deletedAt: isoDate().nullable(),
  })
  .openapi('Task');

const taskFields = {
  title: singleLine(300),
  notes: multiLine(20_000).nullable().optional(),
  dueAt: dateTime().nullable().optional(),
  assigneeId: optionalRef('usr'),
  done: z.boolean().optional(),
  ...linkFields,
};
export const CreateTask = z.strictObject(taskFields).openapi('CreateTask');
export const UpdateTask = z
  .strictObject({ ...taskFields, title: taskFields.title.optional() })
  .refine((b) => Object.keys(b).length > 0, 'Send at least one field.')
  .openapi('UpdateTask');
export const ListTasks = recordListQuery(['dueAt', 'createdAt', 'updatedAt'], 'dueAt').extend({
  view: z.enum(['mine', 'overdue', 'today']).optional().openapi({
    description:
      "mine: assigned to me and open; overdue: open and past due; today: due today (the tenant's time zone). With the default sort (dueAt) the overdue come first, then by due date, those without one last.",
  }),
  assigneeId: idSchema('usr').optional(),
  done: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  ...linkFilters,
});

export type ActivityDto = z.infer<typeof ActivitySchema>;
export type CreateActivityInput = z.infer<typeof CreateActivity>;
export type ActivityFilters = z.infer<typeof ListActivities>;
export type TaskDto = z.infer<typeof TaskSchema>;
export type CreateTaskInput = z.infer<typeof CreateTask>;
export type TaskFilters = z.infer<typeof ListTasks>;
