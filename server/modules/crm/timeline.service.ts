import { inArray } from 'drizzle-orm';
import { auditLog } from '../../db/schema';
import { activities, tasks } from '../../db/schema-crm';
import { paginate } from '../../../platform/pagination';
import { timelinePage, timelineTotal, type TimelineEntry, type TimelineLinks } from '../../data/timeline';
import type { TenantScope, TenantTable } from '../../data/tenant-scope';
import type { RequestContext } from '../../lib/context';
import { toActivityDto, toTaskDto, wantActivityNames, wantTaskNames } from './activities.record';
import { RecordNames, type NamedKind } from './record-names';
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

/** Fields of a change that hold another record's id: the entry names that record too. */
const REFERENCE_FIELDS: Record<string, NamedKind> = {
  stageId: 'stage',
  pipelineId: 'pipeline',
  ownerId: 'user',
  assigneeId: 'user',
  authorId: 'user',
  companyId: 'company',
  contactId: 'contact',
  dealId: 'deal',
  leadId: 'lead',
  convertedCompanyId: 'company',
  convertedContactId: 'contact',
  convertedDealId: 'deal',
};

/** The gathered record types an entry can come through, by table: the link's key on an activity or task. */
const THROUGH: Record<string, { type: 'contact' | 'deal'; key: 'contactId' | 'dealId' }> = {
  contacts: { type: 'contact', key: 'contactId' },
  deals: { type: 'deal', key: 'dealId' },
};

type ChangeRow = typeof auditLog.$inferSelect;
type FromTo = { from: unknown; to: unknown };
const isFromTo = (value: unknown): value is FromTo =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && 'from' in value && 'to' in value;

/** Who made a change, as a name to look up: a person (also an operator signed in to the API), or an API key. */
function actorOf(change: ChangeRow): { kind: NamedKind; id: string } | null {
  if (!change.actorId) return null;
  if (change.actorType === 'user' || change.actorType === 'operator') return { kind: 'user', id: change.actorId };
  if (change.actorType === 'api_key') return { kind: 'apiKey', id: change.actorId };
  return null;
}

function wantChangeNames(names: RecordNames, change: ChangeRow): void {
  const actor = actorOf(change);
  if (actor) names.want(actor.kind, actor.id);
  for (const [field, value] of Object.entries(change.changes ?? {})) {
    const kind = REFERENCE_FIELDS[field];
    if (kind && isFromTo(value)) names.want(kind, value.from).want(kind, value.to);
  }
}

/** A change's fields, a reference's names beside its ids (null when there is none, or the record is gone). */
function readableChanges(names: RecordNames, changes: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!changes) return changes;
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(changes)) {
    const kind = REFERENCE_FIELDS[field];
    out[field] =
      kind && isFromTo(value)
        ? {
            ...value,
            fromName: typeof value.from === 'string' ? names.name(kind, value.from) : null,
            toName: typeof value.to === 'string' ? names.name(kind, value.to) : null,
          }
        : value;
  }
  return out;
}

export async function timeline(
  ctx: RequestContext,
  spec: AnyRecordSpec,
  id: string,
  query: { limit: number; cursor?: string | undefined },
) {
  const { scope } = ctx;
  await getLive(scope, spec.table, id, spec.label);
  const links = linksOf(spec);
  const subject = { entity: spec.table, links, id };
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

  const names = new RecordNames();
  // Which gathered record an activity or task came through (a company's timeline: its contacts' and deals').
  const through = links.link === 'company_id' ? links.through.flatMap((t) => (THROUGH[t.table] ? [THROUGH[t.table]!] : [])) : [];
  type Linked = { companyId: string | null; contactId: string | null; dealId: string | null };
  const viaOf = (row: Linked) => {
    if (through.length === 0 || row.companyId === id) return null;
    for (const t of through) {
      const linked = row[t.key];
      if (linked && names.companyOf(t.type, linked) === id) return { type: t.type, id: linked, name: names.name(t.type, linked) };
    }
    return null;
  };

  // Every name the page shows, read with one query per kind.
  for (const row of found.activity.values()) wantActivityNames(names, row);
  for (const row of found.task.values()) wantTaskNames(names, row);
  for (const row of found.change.values()) wantChangeNames(names, row);
  for (const row of [...found.activity.values(), ...found.task.values()]) for (const t of through) names.want(t.type, row[t.key]);
  await names.load(scope);

  // The page and its rows are two reads: an activity or task purged in between is left out.
  const present = page.data.filter((entry) => found[entry.kind].has(entry.id));
  return {
    ...page,
    data: present.map((entry) => {
      const at = isoTime(new Date(entry.at));
      if (entry.kind === 'activity') {
        const row = found.activity.get(entry.id)!;
        return { kind: entry.kind, at, activity: toActivityDto(row, names), via: viaOf(row) };
      }
      if (entry.kind === 'task') {
        const row = found.task.get(entry.id)!;
        return { kind: entry.kind, at, task: toTaskDto(row, names), via: viaOf(row) };
      }
      const change = found.change.get(entry.id)!;
      const actor = actorOf(change);
      return {
        kind: entry.kind,
        at,
        change: {
          action: change.action,
          actorType: change.actorType,
          actorId: change.actorId,
          actorName: actor ? names.name(actor.kind, actor.id) : null,
          changes: readableChanges(names, change.changes),
        },
      };
    }),
  };
}
