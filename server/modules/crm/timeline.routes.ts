import { createRoute, z } from '@hono/zod-openapi';
import { bearerSecurity, commonErrors, IdParams, isoDate, jsonResponse } from '../../lib/schemas';
import { ActivitySchema, TaskSchema } from './activities.schemas';
import type { AnyRecordSpec } from './record-kit';

export const TimelineQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const TimelinePage = z
  .object({
    data: z.array(
      z.object({
        kind: z.enum(['activity', 'task', 'change']),
        at: isoDate(),
        activity: ActivitySchema.optional(),
        task: TaskSchema.optional(),
        change: z.object({ action: z.string(), actorType: z.string(), actorId: z.string().nullable(), changes: z.unknown() }).optional(),
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
