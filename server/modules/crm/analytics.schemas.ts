import { z } from '@hono/zod-openapi';
import { LEAD_SOURCES, LEAD_STAGES } from '../../db/schema-crm';
import { isoDate } from '../../lib/schemas';

export const AnalyticsSchema = z
  .object({
    generatedAt: isoDate(),
    totals: z.object({
      companies: z.number().int(),
      contacts: z.number().int(),
      leads: z.number().int(),
      deals: z.object({ open: z.number().int(), won: z.number().int(), lost: z.number().int() }),
      activities: z.number().int(),
      openTasks: z.number().int(),
      myOpenTasks: z.number().int(),
    }),
    leadsByStage: z.array(z.object({ stage: z.enum(LEAD_STAGES), count: z.number().int() })),
    leadsBySource: z.array(z.object({ source: z.enum(LEAD_SOURCES), count: z.number().int() })),
    leadConversion: z.object({ leads: z.number().int(), won: z.number().int(), converted: z.number().int(), wonRate: z.number() }),
    openPipeline: z.array(
      z.object({
        pipelineId: z.string(),
        stageId: z.string(),
        stage: z.string(),
        currency: z.string(),
        count: z.number().int(),
        value: z.number(),
        weightedValue: z.number(),
      }),
    ),
    wonLostPerMonth: z.array(
      z.object({ month: z.string(), won: z.number().int(), lost: z.number().int(), wonValue: z.record(z.string(), z.number()) }),
    ),
    activitiesPerUserWeek: z.array(
      z.object({ userId: z.string().nullable(), name: z.string().nullable(), week: z.string(), count: z.number().int() }),
    ),
  })
  .openapi('Analytics');
