import { eq, getTableName } from 'drizzle-orm';
import type { RowPatch } from '../../data/tenant-scope';
import { columnKey } from '../../db/column-key';
import type { RequestContext } from '../../lib/context';
import { validationFailed } from '../../../platform/errors';
import { getLive, type AnyRecordSpec } from './record-kit';
import type { MergeInput } from './merge.schemas';

const comparable = (value: unknown) => (value instanceof Date ? value.getTime() : value);

/**
 * Merges the source record into the target (`id`), in one transaction: everything that points at
 * the source (the type's `referencedBy`, what a purge clears) points at the target instead, the
 * target takes the source's values of the fields asked for, and the source goes to the trash
 * (restorable, with nothing pointing at it any more). The target's audit entry `merge` names the
 * source, the fields taken with their old and new values, and how many rows of each table moved.
 * The search index follows by itself: the moved rows and the changed target are re-indexed by the
 * triggers every write fires (SQLite's and PostgreSQL's), the trashed source leaves it.
 */
export function mergeRecords(ctx: RequestContext, spec: AnyRecordSpec, id: string, input: MergeInput) {
  return ctx.scope.transaction(async (tx) => {
    const { table, label } = spec;
    const target = await getLive(tx, table, id, label);
    if (input.sourceId === id)
      throw validationFailed([{ path: 'sourceId', message: `A ${label.toLowerCase()} cannot be merged with itself.` }]);
    const source = await getLive(tx, table, input.sourceId, label);

    const moved: Record<string, number> = {};
    for (const ref of spec.referencedBy) {
      const changed = await tx.query
        .update(ref.table)
        .set({ [columnKey(ref.table, ref.column)]: id } as never)
        .where(tx.where(ref.table, eq(ref.column, source.id)))
        .run();
      const name = getTableName(ref.table);
      if (changed > 0) moved[name] = (moved[name] ?? 0) + changed;
    }

    // The source first, so that a unique value the target takes from it is free by then.
    const now = ctx.deps.clock.now();
    await tx.update(table, source.id, label, { deletedAt: now } as RowPatch<typeof table>, 'delete');

    const taken = Object.entries(input.fields ?? {})
      .filter(([, side]) => side === 'source')
      .map(([field]) => field);
    const sourceDto = (await spec.toDto(source, tx)) as Record<string, unknown>;
    const patch = taken.length > 0 ? await spec.toPatch(ctx, tx, Object.fromEntries(taken.map((f) => [f, sourceDto[f]])), target) : {};
    const merged = (await tx.query
      .update(table)
      .set({ ...patch, updatedAt: now } as never)
      .where(tx.where(table, eq(table.id, id)))
      .returning()
      .get()) as typeof target;

    const before = target as Record<string, unknown>;
    const after = merged as Record<string, unknown>;
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of Object.keys(patch))
      if (comparable(before[key]) !== comparable(after[key])) changes[key] = { from: before[key] ?? null, to: after[key] ?? null };
    await tx.audit('merge', getTableName(table), id, { sourceId: source.id, fields: taken, changes, moved });
    return spec.toDto(merged, tx);
  });
}
