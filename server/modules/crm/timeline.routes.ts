import { createRoute, z } from '@hono/zod-openapi';
import { bearerSecurity, commonErrors, IdParams, isoDate, jsonResponse } from '../../lib/schemas';
import { ActivitySchema, TaskSchema } from './activities.schemas';
import type { AnyRecordSpec } from './record-kit';

export const TimelineQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const TimelineVia = z
  .object({ type: z.enum(['contact', 'deal']), id: z.string(), name: z.string().nullable() })
  .openapi('TimelineVia');

export const TimelinePage = z
  .object({
    data: z.array(
      z.object({
        kind: z.enum(['activity', 'task', 'change']),
        at: isoDate(),
        activity: ActivitySchema.optional(),
        task: TaskSchema.optional(),
        via: TimelineVia.nullable().optional().openapi({
          description:
            "On activity and task entries: the contact or deal a company's timeline gathered the entry through; null when it is linked to the record itself (and on every other record's timeline).",
        }),
        change: z
          .object({
            action: z.string(),
            actorType: z.string(),
            actorId: z.string().nullable(),
            actorName: z.string().nullable().openapi({ description: "The person's or API key's name; null for the system." }),
            changes: z.unknown().openapi({
              description:
                'What changed: `{ field: { from, to } }` for an update (a field that refers to another record, e.g. stageId, ownerId or companyId, also has `fromName` and `toName`, null when the record is gone), the new record for a create.',
            }),
          })
          .optional(),
      }),
    ),
    nextCursor: z.string().nullable(),
    total: z.number().int().openapi({
      description: "Entries in the record's whole timeline (activities, tasks and changes), whichever page this is.",
    }),
  })
  .openapi('TimelinePage');

export const timelineRoute = (spec: AnyRecordSpec, what: string) =>
  createRoute({
    method: 'get',
    path: '/{id}/timeline',
    tags: [spec.tag],
    summary: `The ${what}'s history, newest first: activities, tasks and field changes`,
    security: bearerSecurity,
    request: { params: IdParams, query: TimelineQuery },
    responses: { 200: jsonResponse(TimelinePage, 'A page of the timeline.'), ...commonErrors },
  });
