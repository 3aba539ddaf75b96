import { z } from '@hono/zod-openapi';
import { email, idSchema, isoDate, singleLine } from '../../lib/schemas';
import { optionalRef, recordListQuery } from './record-schemas';

export const ContactSchema = z
  .object({
    id: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    title: z.string().nullable(),
    companyId: z.string().nullable(),
    ownerId: z.string().nullable(),
    createdAt: isoDate(),
    updatedAt: isoDate(),
    deletedAt: isoDate().nullable(),
  })
  .openapi('Contact');

const fields = {
  firstName: singleLine(100),
  lastName: singleLine(100),
  email: email().nullable().optional(),
  phone: singleLine(40).nullable().optional(),
  title: singleLine(120).nullable().optional(),
  companyId: optionalRef('com'),
  ownerId: optionalRef('usr'),
};

export const CreateContact = z.strictObject(fields).openapi('CreateContact');
export const UpdateContact = z
  .strictObject({ ...fields, firstName: fields.firstName.optional(), lastName: fields.lastName.optional() })
  .refine((b) => Object.keys(b).length > 0, 'Send at least one field.')
  .openapi('UpdateContact');
export const ListContacts = recordListQuery(['createdAt', 'updatedAt', 'lastName'], '-createdAt').extend({
  companyId: idSchema('com').optional(),
  email: z.string().trim().toLowerCase().max(254).optional(),
});

export type ContactDto = z.infer<typeof ContactSchema>;
export type CreateContactInput = z.infer<typeof CreateContact>;
export type ContactFilters = z.infer<typeof ListContacts>;
