import { z } from '@hono/zod-openapi';
import { isoDate, singleLine } from '../../lib/schemas';
import { optionalRef, recordListQuery } from './record-schemas';

export const CompanySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    domain: z.string().nullable(),
    industry: z.string().nullable(),
    phone: z.string().nullable(),
    website: z.string().nullable(),
    address: z.string().nullable(),
    ownerId: z.string().nullable(),
    createdAt: isoDate(),
    updatedAt: isoDate(),
    deletedAt: isoDate().nullable(),
  })
  .openapi('Company');

const domain = () =>
  z
    .string()
    .trim()
    .toLowerCase()
    .max(253)
    .regex(/^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'A domain like example.com.');

const fields = {
  name: singleLine(200),
  domain: domain().nullable().optional(),
  industry: singleLine(100).nullable().optional(),
  phone: singleLine(40).nullable().optional(),
  website: singleLine(300).nullable().optional(),
  address: singleLine(500).nullable().optional(),
  ownerId: optionalRef('usr'),
};

export const CreateCompany = z.strictObject(fields).openapi('CreateCompany');
export const UpdateCompany = z
  .strictObject({ ...fields, name: fields.name.optional() })
  .refine((b) => Object.keys(b).length > 0, 'Send at least one field.')
  .openapi('UpdateCompany');
export const ListCompanies = recordListQuery(['createdAt', 'updatedAt', 'name'], '-createdAt').extend({
  domain: z.string().trim().toLowerCase().max(253).optional(),
});

export type CreateCompanyInput = z.infer<typeof CreateCompany>;
export type CompanyFilters = z.infer<typeof ListCompanies>;
