import { z } from '@hono/zod-openapi';
import { DEAL_STATUSES, STAGE_KINDS } from '../../db/schema-crm';
import { idSchema, isoDate, multiLine, singleLine } from '../../lib/schemas';
import { calendarDate, currency, money, optionalRef, recordListQuery } from './record-schemas';

export const DealSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    value: z.number(),
    currency: z.string(),
    pipelineId: z.string(),
    stageId: z.string(),
    companyId: z.string().nullable(),
    contactId: z.string().nullable(),
    ownerId: z.string().nullable(),
    expectedCloseDate: z.string().nullable(),
    probability: z.number().int().openapi({ description: "The deal's own, or its stage's when it has none." }),
    status: z.enum(DEAL_STATUSES),
    closedAt: isoDate().nullable(),
    lostReason: z.string().nullable(),
    createdAt: isoDate(),
    updatedAt: isoDate(),
    deletedAt: isoDate().nullable(),
  })
  .openapi('Deal');

const fields = {
  title: singleLine(200),
  value: money().optional(),
  currency: currency().optional(),
  pipelineId: idSchema('pip').optional().openapi({ description: 'Defaults to the default pipeline.' }),
  stageId: idSchema('stg').optional().openapi({ description: "Defaults to the pipeline's first stage." }),
  companyId: optionalRef('com'),
  contactId: optionalRef('con'),
  ownerId: optionalRef('usr'),
  expectedCloseDate: calendarDate().nullable().optional(),
  probability: z.number().int().min(0).max(100).nullable().optional(),
  lostReason: multiLine(1000).nullable().optional(),
};

export const CreateDeal = z.strictObject(fields).openapi('CreateDeal');
export const UpdateDeal = z
  .strictObject({ ...fields, title: fields.title.optional() })
  .refine((b) => Object.keys(b).length > 0, 'Send at least one field.')
  .openapi('UpdateDeal');
export const MoveDeal = z
  .strictObject({
    stageId: idSchema('stg'),
    lostReason: multiLine(1000).optional().openapi({ description: 'Required when the stage is a lost stage.' }),
  })
  .openapi('MoveDeal');
/** A deal list's and the board's status filter: one status, or every deal (`all`). */
const DEAL_STATUS_FILTER = [...DEAL_STATUSES, 'all'] as const;

/** The filters the deal list and the board share: the board's column counts are exactly what the list pages through. */
const sharedFilters = {
  ownerId: idSchema('usr').optional(),
  q: z.string().trim().max(200).optional().openapi({ description: 'Words to find (prefix match), as in the deal list.' }),
  closeFrom: calendarDate()
    .optional()
    .openapi({ description: 'Expected close date on or after this day (YYYY-MM-DD); deals without one are left out.' }),
  closeTo: calendarDate()
    .optional()
    .openapi({ description: 'Expected close date on or before this day (YYYY-MM-DD); deals without one are left out.' }),
};

export const ListDeals = recordListQuery(['createdAt', 'updatedAt', 'title', 'value', 'expectedCloseDate'], '-createdAt').extend({
  pipelineId: idSchema('pip').optional(),
  stageId: idSchema('stg').optional(),
  status: z.enum(DEAL_STATUS_FILTER).optional().openapi({ description: 'One status; `all` (or none) lists every status.' }),
  companyId: idSchema('com').optional(),
  contactId: idSchema('con').optional(),
  closeFrom: sharedFilters.closeFrom,
  closeTo: sharedFilters.closeTo,
});

export const BoardQuery = z.object({
  pipelineId: idSchema('pip'),
  status: z
    .enum(DEAL_STATUS_FILTER)
    .default('open')
    .openapi({ description: 'Which deals are counted: open (the default), won, lost, or all.' }),
  ...sharedFilters,
});

const BoardStage = z.object({
  stageId: z.string(),
  name: z.string(),
  position: z.number().int(),
  kind: z.enum(STAGE_KINDS),
  count: z.number().int().openapi({ description: 'Deals in the stage that meet the filters.' }),
  totals: z
    .array(
      z.object({
        currency: z.string(),
        amount: z.number().openapi({ description: "The sum of their values, in the same units as a deal's `value`." }),
      }),
    )
    .openapi({ description: 'Sums per currency, by currency code; empty for an empty stage.' }),
});

export const DealBoard = z
  .object({
    pipelineId: z.string(),
    stages: z.array(BoardStage).openapi({ description: "Every stage of the pipeline, in the pipeline's order, empty ones too." }),
  })
  .openapi('DealBoard');

export type DealDto = z.infer<typeof DealSchema>;
export type CreateDealInput = z.infer<typeof CreateDeal>;
/** What a deal list selects by (paging and order aside). */
export type DealFilters = Omit<z.infer<typeof ListDeals>, 'limit' | 'cursor' | 'sort'>;
export type BoardQueryInput = z.infer<typeof BoardQuery>;
export type DealBoardDto = z.infer<typeof DealBoard>;
