import { z } from '@hono/zod-openapi';
import { idSchema, listQuery } from '../../lib/schemas';

const dateTime = () => z.iso.datetime({ offset: true, message: 'An ISO 8601 date-time, e.g. 2026-11-25T09:30:00Z.' });
const bool = () => z.enum(['true', 'false']).transform((v) => v === 'true');

/** At most this many ids in one list's `ids`: a page's worth (the list's limit goes to 200, but one URL stays short). */
export const LIST_MAX_IDS = 100;

/**
 * `ids=a,b,c` as an array of ids. Any kind's prefix passes here (this schema is shared by every
 * type): an id of another kind, like one of another tenant, simply matches nothing.
 */
const idList = () =>
  z
    .string()
    .min(1, 'Give at least one id.')
    .transform((s) => s.split(','))
    .pipe(
      z
        .array(z.string().min(1, 'An empty id: a comma too many in ids.').pipe(idSchema()))
        .max(LIST_MAX_IDS, `At most ${LIST_MAX_IDS} ids in one list; ask for them in parts.`),
    );

/** The query every record list takes: paging, sort, q, owner, ids, created and updated ranges, and the trash. */
export function recordListQuery<const K extends string>(sortable: readonly [K, ...K[]], defaultSort: `${'' | '-'}${K}`) {
  return listQuery(sortable, defaultSort).extend({
    q: z.string().trim().max(200).optional().openapi({ description: 'Words to find (prefix match).' }),
    ownerId: idSchema('usr').optional(),
    ids: idList()
      .optional()
      .openapi({
        description: `Only these records: 1 to ${LIST_MAX_IDS} ids, comma-separated (ids=com_…,com_…), in the list's order; the other filters still apply. Ids not found (another organisation's, in the trash unless trash=true, or deleted for good) are simply left out.`,
        example: 'com_01JD0000000000000000000000,com_01JD0000000000000000000001',
      }),
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
