import { z } from '@hono/zod-openapi';
import { LEAD_SOURCES, LEAD_STAGES } from '../../db/schema-crm';
import { email, idSchema, isoDate, multiLine, singleLine } from '../../lib/schemas';
import { money, optionalRef, recordListQuery } from './record-schemas';

export const LeadSchema = z
  .object({
    id: z.string(),
    number: z.string().openapi({ example: 'LED-0001' }),
    title: z.string(),
    contactName: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    companyName: z.string().nullable(),
    source: z.enum(LEAD_SOURCES),
    stage: z.enum(LEAD_STAGES),
    value: z.number().nullable(),
    ownerId: z.string().nullable(),
    lostReason: z.string().nullable(),
    convertedAt: isoDate().nullable(),
    convertedContactId: z.string().nullable(),
    convertedCompanyId: z.string().nullable(),
    convertedDealId: z.string().nullable(),
    createdAt: isoDate(),
    updatedAt: isoDate(),
    deletedAt: isoDate().nullable(),
  })
  .openapi('Lead');

const fields = {
  title: singleLine(200),
  contactName: singleLine(200).nullable().optional(),
  email: email().nullable().optional(),
  phone: singleLine(40).nullable().optional(),
  companyName: singleLine(200).nullable().optional(),
  source: z.enum(LEAD_SOURCES).optional(),
  stage: z.enum(LEAD_STAGES).optional(),
  value: money().nullable().optional(),
  ownerId: optionalRef('usr'),
  lostReason: multiLine(1000).nullable().optional(),
};

export const CreateLead = z.strictObject(fields).openapi('CreateLead');
export const UpdateLead = z
  .strictObject({ ...fields, title: fields.title.optional() })
  .refine((b) => Object.keys(b).length > 0, 'Send at least one field.')
  .openapi('UpdateLead');
export const ListLeads = recordListQuery(['createdAt', 'updatedAt', 'number', 'title'], '-createdAt').extend({
  stage: z.enum(LEAD_STAGES).optional(),
  source: z.enum(LEAD_SOURCES).optional(),
  converted: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const ConvertLead = z
  .strictObject({
    companyId: idSchema('com').optional().openapi({ description: 'Attach to this company instead of finding or creating one by name.' }),
    createDeal: z
      .strictObject({
        title: singleLine(200).optional(),
        value: money().optional(),
        pipelineId: idSchema('pip').optional(),
        stageId: idSchema('stg').optional(),
      })
      .optional()
      .openapi({ description: 'Also open a deal; defaults come from the lead and the default pipeline.' }),
  })
  .openapi('ConvertLead');

export const ConversionSchema = z
  .object({ lead: LeadSchema, contactId: z.string(), companyId: z.string().nullable(), dealId: z.string().nullable() })
  .openapi('LeadConversion');

export type LeadDto = z.infer<typeof LeadSchema>;
export type CreateLeadInput = z.infer<typeof CreateLead>;
export type LeadFilters = z.infer<typeof ListLeads>;
export type ConvertLeadInput = z.infer<typeof ConvertLead>;
