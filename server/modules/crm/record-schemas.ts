import { z } from '@hono/zod-openapi';
import { idSchema, listQuery } from '../../lib/schemas';

const dateTime = () => z.iso.datetime({ offset: true, message: 'An ISO 8601 date-time, e.g. 2026-11-25T09:30:00Z.' });
const bool = () => z.enum(['true', 'false']).transform((v) => v === 'true');

/** The query every record list takes: paging, sort, q, owner, created and updated ranges, and the trash. */
export function recordListQuery<const K extends string>(sortable: readonly [K, ...K[]], defaultSort: `${'' | '-'}${K}`) {
  return listQuery(sortable, defaultSort).extend({
    q: z.string().trim().max(200).optional().openapi({ description: 'Words to find (prefix match).' }),
    ownerId: idSchema('usr').optional(),
    createdFrom: dateTime().optional(),
    createdTo: dateTime().optional(),
    updatedFrom: dateTime().optional(),
    updatedTo: dateTime().optional(),
    trash: bool().optional().openapi({
      description:
        'true lists the trash instead: only the soft-deleted records, the most recently deleted first (by deletedAt, then id; `sort` does not apply). Restore with POST /{id}/restore, delete for good with DELETE /{id}?permanent=true.',
    }),
    deleted: bool().optional().openapi({ description: 'The same as `trash` (its older name).', deprecated: true }),
  });
}

export const optionalRef = (prefix: string) => idSchema(prefix).nullable().optional();
export const money = () => z.number().min(0).max(1e12).multipleOf(0.01, 'At most two decimals.');
export const currency = () => z.string().regex(/^[A-Z]{3}$/, 'A three-letter ISO 4217 code, e.g. EUR.');
export const calendarDate = () =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'A date like 2026-12-31.')
    .refine(
      (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
      'Not a real date.',
    );
export { bool as boolQuery, dateTime };
