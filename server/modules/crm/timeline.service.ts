import { inArray } from 'drizzle-orm';
import { auditLog } from '../../db/schema';
import { activities, tasks } from '../../db/schema-crm';
import { paginate } from '../../../platform/pagination';
import { timelinePage, timelineTotal, type TimelineEntry, type TimelineLinks } from '../../data/timeline';
import type { TenantScope, TenantTable } from '../../data/tenant-scope';
import type { RequestContext } from '../../lib/context';
import { toActivityDto, toTaskDto } from './activities.record';
import { getLive, type AnyRecordSpec } from './record-kit';
import { RECORD_TYPES, type RecordTypeName } from './record-types';
import { isoTime } from '../../lib/iso-time';

/** The links a type's timeline follows: its own column, and the types it gathers with theirs. */
function linksOf(spec: AnyRecordSpec): TimelineLinks {
  const { link, gathers = [] } = spec.timeline!;
  return {
    link: link ?? null,
    through: gathers.map((name) => ({ table: name, link: (RECORD_TYPES[name as RecordTypeName] as AnyRecordSpec).timeline!.link! })),
  };
}

/** The rows a page names, fetched with one query per kind (not one per entry). */
async function rowsById<T extends TenantTable>(scope: TenantScope, table: T, ids: string[]): Promise<Map<string, T['$inferSelect']>> {
  if (ids.length === 0) return new Map();
  const rows = (await scope.query
    .select()
    .from(table)
    .where(scope.where(table, inArray(table.id, ids)))
    .all()) as T['$inferSelect'][];
  return new Map(rows.map((row) => [(row as { id: string }).id, row]));
}

export async function timeline(
  ctx: RequestContext,
  spec: AnyRecordSpec,
  id: string,
  query: { limit: number; cursor?: string | undefined },
) {
  const { scope } = ctx;
  await getLive(scope, spec.table, id, spec.label);
  const subject = { entity: spec.table, links: linksOf(spec), id };
  const page = await paginate<TimelineEntry, TimelineEntry>({
    list: 'timeline',
    limit: query.limit,
    cursor: query.cursor,
    rows: (after, take) => timelinePage(scope, subject, take, after ? { at: Number(after.value), id: after.id } : undefined),
    position: (entry) => ({ value: entry.at, id: entry.id }),
    total: () => timelineTotal(scope, subject),
  });
  const ofKind = (kind: TimelineEntry['kind']) => page.data.filter((e) => e.kind === kind).map((e) => e.id);
  const found = {
    activity: await rowsById(scope, activities, ofKind('activity')),
    task: await rowsById(scope, tasks, ofKind('task')),
    change: await rowsById(scope, auditLog, ofKind('change')),
  };
  // The page and its rows are two reads: an activity or task purged in between is left out.
  const present = page.data.filter((entry) => found[entry.kind].has(entry.id));
  return {
    ...page,
    data: present.map((entry) => {
      const at = isoTime(new Date(entry.at));
      if (entry.kind === 'activity') return { kind: entry.kind, at, activity: toActivityDto(found.activity.get(entry.id)!) };
      if (entry.kind === 'task') return { kind: entry.kind, at, task: toTaskDto(found.task.get(entry.id)!) };
      const change = found.change.get(entry.id)!;
      return {
        kind: entry.kind,
        at,
        change: { action: change.action, actorType: change.actorType, actorId: change.actorId, changes: change.changes },
      };
    }),
  };
}
