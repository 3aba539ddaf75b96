import { z } from '@hono/zod-openapi';
import { idSchema } from '../../lib/schemas';

/*
 * Possible duplicates of a contact or company (GET /api/{contacts,companies}/duplicates): live
 * records of the caller's organisation whose email, name or domain is the same as the one given,
 * ignoring case. What the web UI asks before or after a create to show a "possible duplicate".
 */

export const DUPLICATES_LIMIT = 10;

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .transform((s) => s.replace(/\s+/g, ' '))
    .optional();

export const ContactDuplicatesQuery = z
  .object({
    email: text(254).openapi({ description: 'Same email, ignoring case.', example: 'ana@example.com' }),
    name: text(201).openapi({ description: 'Same full name (first and last), ignoring case.', example: 'Ana Lima' }),
    excludeId: idSchema('con').optional().openapi({ description: 'Leave this contact out (the one just created or being edited).' }),
  })
  .refine((q) => Boolean(q.email || q.name), { message: 'Give an email or a name.', path: ['email'] });

export const CompanyDuplicatesQuery = z
  .object({
    name: text(200).openapi({ description: 'Same name, ignoring case.', example: 'Globex' }),
    domain: text(253).openapi({ description: 'Same domain, ignoring case.', example: 'globex.example.com' }),
    excludeId: idSchema('com').optional().openapi({ description: 'Leave this company out (the one just created or being edited).' }),
  })
  .refine((q) => Boolean(q.name || q.domain), { message: 'Give a name or a domain.', path: ['name'] });

export const ContactDuplicates = z
  .object({
    data: z.array(
      z.object({
        id: z.string(),
        name: z.string().openapi({ description: 'First and last name.' }),
        email: z.string().nullable(),
        matchedOn: z.enum(['email', 'name']),
      }),
    ),
  })
  .openapi('ContactDuplicates');

export const CompanyDuplicates = z
  .object({
    data: z.array(z.object({ id: z.string(), name: z.string(), domain: z.string().nullable(), matchedOn: z.enum(['domain', 'name']) })),
  })
  .openapi('CompanyDuplicates');

export type ContactDuplicatesInput = z.infer<typeof ContactDuplicatesQuery>;
export type CompanyDuplicatesInput = z.infer<typeof CompanyDuplicatesQuery>;
