import { and } from 'drizzle-orm';
import { scanPages } from '../../data/bulk';
import { users } from '../../db/schema';
import type { RequestContext } from '../../lib/context';
import { AppError, conflict, validationFailed } from '../../../platform/errors';
import { BULK_MAX_MATCHES, canAssign, type BulkInput, type BulkResult } from './bulk.schemas';
import {
  assertRefs,
  deleteRecord,
  getLive,
  listConditions,
  restoreRecord,
  updateRecord,
  type AnyRecordSpec,
  type CommonListQuery,
} from './record-kit';

/** Records changed per transaction: a failure rolls back its batch only, and other writers get their turn between batches. */
const BATCH = 100;

/**
 * POST /api/<type>/bulk: one action on many records, named by id or selected by the list's own
 * conditions. Each record goes through the single-record route's function (to the trash, out of
 * it, a new owner), so the audit log and the search index follow as they do one at a time; a
 * record that route would refuse is reported in `failed`, with its error, and the rest go on.
 */
export async function bulkChange(ctx: RequestContext, spec: AnyRecordSpec, input: BulkInput): Promise<BulkResult> {
  if (input.action === 'assign') {
    if (!canAssign(spec)) throw validationFailed([{ path: 'action', message: `A ${spec.label.toLowerCase()} has no owner.` }]);
    await assertRefs(ctx.scope, [{ id: input.ownerId, table: users, label: 'Owner' }]);
  }
  const ids = input.ids ? [...new Set(input.ids)] : await matchingIds(ctx, spec, input);
  const changed: string[] = [];
  const refused: { id: string; error: AppError }[] = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    await ctx.scope.transaction(async () => {
      for (const id of ids.slice(i, i + BATCH)) {
        try {
          if (await applyTo(ctx, spec, input, id)) changed.push(id);
        } catch (err) {
          // Refusals happen before anything of the record is written; anything else undoes the batch.
          if (!(err instanceof AppError)) throw err;
          refused.push({ id, error: err });
        }
      }
    });
  }
  const failed = [];
  for (const { id, error } of refused) failed.push({ id, name: await nameOf(ctx, spec, id), code: error.code, message: error.message });
  return { matched: ids.length, changed, failed };
}

/** Applies the action to one record; false when there was nothing to change (already that owner's). */
async function applyTo(ctx: RequestContext, spec: AnyRecordSpec, input: BulkInput, id: string): Promise<boolean> {
  switch (input.action) {
    case 'delete':
      await deleteRecord(ctx, spec, id);
      return true;
    case 'restore':
      await restoreRecord(ctx, spec, id);
      return true;
    case 'assign': {
      const existing = (await getLive(ctx.scope, spec.table, id, spec.label)) as { ownerId?: string | null };
      if (existing.ownerId === input.ownerId) return false;
      await updateRecord(ctx, spec, id, { ownerId: input.ownerId });
      return true;
    }
  }
}

/** The ids the filter selects now, by the list's conditions: live records, or the trash to restore from. */
async function matchingIds(ctx: RequestContext, spec: AnyRecordSpec, input: BulkInput): Promise<string[]> {
  const query = { ...input.filter, trash: input.action === 'restore' } as Omit<CommonListQuery, 'limit' | 'cursor' | 'sort'>;
  const where = and(...(await listConditions(ctx, spec, query)));
  const total = await ctx.scope.count(spec.table, where);
  if (input.expectedTotal !== undefined && input.expectedTotal !== total)
    throw conflict(
      `The filter matches ${total} records now, not ${input.expectedTotal}: the records changed since. Look again and resend.`,
      { expectedTotal: input.expectedTotal, total },
    );
  if (total > BULK_MAX_MATCHES) throw tooMany(total);
  const ids: string[] = [];
  for await (const page of scanPages(ctx.scope, spec.table, where, 1000)) for (const row of page) ids.push(String(row.id));
  // Records that arrived between the count and the scan count too.
  if (ids.length > BULK_MAX_MATCHES) throw tooMany(ids.length);
  return ids;
}

const tooMany = (total: number) =>
  new AppError(
    400,
    'BAD_REQUEST',
    `The filter matches ${total} records, and one bulk change takes at most ${BULK_MAX_MATCHES}. Narrow the filter and change them in parts.`,
  );

/** The name a failed record is shown by: null for an id that is not the tenant's (or no longer there). */
async function nameOf(ctx: RequestContext, spec: AnyRecordSpec, id: string): Promise<string | null> {
  const row = (await ctx.scope.find(spec.table, id)) as Record<string, unknown> | undefined;
  if (!row) return null;
  if (typeof row.name === 'string') return row.name;
  if (typeof row.title === 'string') return row.title;
  const person = [row.firstName, row.lastName].filter((part) => typeof part === 'string' && part !== '').join(' ');
  return person || null;
}
