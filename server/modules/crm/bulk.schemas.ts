import { z } from '@hono/zod-openapi';
import { getTableName } from 'drizzle-orm';
import { idSchema } from '../../lib/schemas';
import { ownerColumnOf, type AnyRecordSpec } from './record-kit';

/** At most this many ids in one request. */
export const BULK_MAX_IDS = 500;
/** At most this many records one filter may change. */
export const BULK_MAX_MATCHES = 10_000;

export type BulkAction = 'delete' | 'restore' | 'assign';

/** Whether a type's records have an owner to assign. */
export const canAssign = (spec: AnyRecordSpec) => ownerColumnOf(spec.table) !== undefined;

/**
 * The body of POST /api/<type>/bulk. `filter` is the type's list query (GET /api/<type>) without
 * limit, cursor, sort and trash, its values written as in the list's URL ("true", ISO dates):
 * delete and assign take the live records it matches, restore those in the trash.
 */
export function bulkBody(spec: AnyRecordSpec) {
  const actions: [BulkAction, ...BulkAction[]] = canAssign(spec) ? ['delete', 'restore', 'assign'] : ['delete', 'restore'];
  const filter = spec.schemas.list
    .omit({ limit: true, cursor: true, sort: true, trash: true, deleted: true } as never)
    .strict()
    .openapi({
      description: `The query of GET /api/${getTableName(spec.table)} without limit, cursor, sort and trash, values as written in its URL. delete and assign select among the live records, restore among the trash.`,
    });
  return z
    .strictObject({
      action: z.enum(actions).openapi({
        description: 'delete: to the trash; restore: out of the trash; assign: a new owner (ownerId).',
      }),
      ownerId: idSchema('usr').optional().openapi({ description: 'The new owner, for assign (and only for it).' }),
      ids: z
        .array(idSchema(spec.prefix))
        .min(1)
        .max(BULK_MAX_IDS, `At most ${BULK_MAX_IDS} ids; use a filter for more.`)
        .optional()
        .openapi({ description: `The records, at most ${BULK_MAX_IDS}. Give ids or filter, not both.` }),
      filter: filter.optional(),
      expectedTotal: z.number().int().min(0).max(1e9).optional().openapi({
        description:
          "With filter: the match count the caller saw (the list's total). If the records matching now are another number, 409 and nothing changes.",
      }),
    })
    .superRefine((body, issues) => {
      if ((body.ids === undefined) === (body.filter === undefined))
        issues.addIssue({ code: 'custom', path: ['ids'], message: 'Give either ids or filter (one of them).' });
      if (body.action === 'assign' && body.ownerId === undefined)
        issues.addIssue({ code: 'custom', path: ['ownerId'], message: 'Say who the new owner is.' });
      if (body.action !== 'assign' && body.ownerId !== undefined)
        issues.addIssue({ code: 'custom', path: ['ownerId'], message: 'ownerId goes with assign only.' });
      if (body.expectedTotal !== undefined && body.filter === undefined)
        issues.addIssue({ code: 'custom', path: ['expectedTotal'], message: 'expectedTotal goes with filter only.' });
    })
    .openapi(`${spec.label}Bulk`);
}

export interface BulkInput {
  action: BulkAction;
  ownerId?: string | undefined;
  ids?: string[] | undefined;
  filter?: Record<string, unknown> | undefined;
  expectedTotal?: number | undefined;
}

export const BulkResultSchema = z
  .object({
    matched: z.number().int().openapi({ description: 'How many records the ids or the filter named.' }),
    changed: z.array(z.string()).openapi({ description: 'The ids of the records changed.' }),
    failed: z
      .array(
        z.object({
          id: z.string(),
          name: z.string().nullable().openapi({ description: "The record's name; null when it is not one of yours." }),
          code: z.string().openapi({ example: 'NOT_FOUND' }),
          message: z.string(),
        }),
      )
      .openapi({ description: 'The records left as they were, each with the error its single-record route would give.' }),
  })
  .openapi('BulkResult');

export type BulkResult = z.infer<typeof BulkResultSchema>;
