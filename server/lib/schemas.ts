import { z } from '@hono/zod-openapi';
import { ID_PATTERN } from '../../platform/ids';
import { isoTime } from './iso-time';

/*
 * Building blocks for request and response schemas. Text is trimmed and
 * refuses control characters; single-line fields also refuse line breaks.
 * Bodies are strict objects: an unknown field is an error, not silently dropped.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// eslint-disable-next-line no-control-regex
const LINE_BREAK_OR_CONTROL = /[\u0000-\u001F\u007F\u2028\u2029]/;

export const singleLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'Required.')
    .max(max, `At most ${max} characters.`)
    .refine((s) => !LINE_BREAK_OR_CONTROL.test(s), 'Control characters and line breaks are not allowed.');

export const multiLine = (max: number) =>
  z
    .string()
    .max(max, `At most ${max} characters.`)
    .refine((s) => !CONTROL.test(s), 'Control characters are not allowed.');

export const email = () =>
  z
    .string()
    .trim()
    .max(254, 'At most 254 characters.')
    .pipe(z.email('Not a valid email address.'))
    .transform((s) => s.toLowerCase())
    .openapi({ example: 'ana@example.com', format: 'email' });

export const password = () =>
  z
    .string()
    .min(1, 'Required.')
    .max(200, 'At most 200 characters.')
    .refine((s) => !LINE_BREAK_OR_CONTROL.test(s), 'Control characters are not allowed.')
    .openapi({ format: 'password' });

export const idSchema = (prefix?: string) =>
  z
    .string()
    .regex(ID_PATTERN, 'Not a valid id.')
    .refine((s) => !prefix || s.startsWith(`${prefix}_`), 'Not a valid id for this kind of record.')
    .openapi({ example: `${prefix ?? 'usr'}_01JD0000000000000000000000` });

export const IdParams = z.object({
  id: idSchema().openapi({ param: { name: 'id', in: 'path' } }),
});

export const slug = () =>
  z
    .string()
    .trim()
    .min(2, 'At least 2 characters.')
    .max(40, 'At most 40 characters.')
    .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'Lowercase letters, digits and dashes; no dash at either end.');

export const isoDate = () => z.string().openapi({ format: 'date-time', example: '2026-11-25T09:30:00.000Z' });

/** `limit`, `cursor` and `sort` (`field` or `-field`) for any list, over the given sortable fields. */
export function listQuery<const K extends string>(sortable: readonly [K, ...K[]], defaultSort: `${'' | '-'}${K}`) {
  const sortValues = sortable.flatMap((k) => [k, `-${k}`]) as [string, ...string[]];
  return z.object({
    limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
    cursor: z.string().max(500).optional().openapi({ description: 'nextCursor from the previous page.' }),
    sort: z.enum(sortValues).default(defaultSort).openapi({ description: 'A field name, or -field for descending.' }),
  });
}

export function parseSort<K extends string>(sort: string): { key: K; direction: 'asc' | 'desc' } {
  return sort.startsWith('-') ? { key: sort.slice(1) as K, direction: 'desc' } : { key: sort as K, direction: 'asc' };
}

export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      data: z.array(item),
      nextCursor: z.string().nullable(),
      total: z.number().int(),
    })
    .openapi(name);

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'VALIDATION_FAILED' }),
      message: z.string(),
      details: z.unknown().optional(),
      requestId: z.string(),
    }),
  })
  .openapi('Error');

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });

/** The error responses every authenticated route can give, for the OpenAPI document. */
export const commonErrors = {
  400: errorResponse('Invalid input: see error.details.fields.'),
  401: errorResponse('Not signed in, or the token or API key is not valid.'),
  403: errorResponse('The role, tenant state or license does not allow this.'),
  404: errorResponse('No such record in your organisation.'),
  429: errorResponse('Too many requests; see Retry-After.'),
} as const;

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const bearerSecurity: Record<string, string[]>[] = [{ bearer: [] }, { cookie: [] }];

/** Dates out as ISO strings, the way the OpenAPI document declares them. */
export const iso = (d: Date | null | undefined): string | null => (d ? isoTime(d) : null);
