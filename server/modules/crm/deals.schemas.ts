import { z } from '@hono/zod-openapi';
import { DEAL_STATUSES } from '../../db/schema-crm';
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
export const ListDeals = recordListQuery(['createdAt', 'updatedAt', 'title', 'value', 'expectedCloseDate'], '-createdAt').extend({
  pipelineId: idSchema('pip').optional(),
  stageId: idSchema('stg').optional(),
  status: z.enum(DEAL_STATUSES).optional(),
  companyId: idSchema('com').optional(),
  contactId: idSchema('con').optional(),
});

export type DealDto = z.infer<typeof DealSchema>;
export type CreateDealInput = z.infer<typeof CreateDeal>;
export type DealFilters = z.infer<typeof ListDeals>;
