import { sql, type SQL } from 'drizzle-orm';
import { limitAtLeast } from '../db/limit-at-least';
import { getTableName } from 'drizzle-orm';
import { auditLog } from '../db/schema';
import { storedValue } from '../../platform/pagination';
import { cachedTotal, type TenantScope, type TenantTable } from './tenant-scope';

/**
 * Which activities and tasks belong to a record: those whose `link` column names it, and those
 * linked to records of the `through` tables that name it by the same column (a company's
 * contacts and deals).
 */
export interface TimelineLinks {
  /** Null for a record no activity or task names: its timeline is its changes. */
  link: string | null;
  through: { table: string; link: string }[];
}

/** The record whose history is asked for: its table (the audit log's entity), links and id. */
export interface TimelineSubject {
  entity: TenantTable;
  links: TimelineLinks;
  id: string;
}

const identifier = (name: string) => {
  if (!/^[a-z_]+$/.test(name)) throw new Error(`not a column or table name: ${name}`);
  return sql.raw(name);
};

export interface TimelineEntry {
  kind: 'activity' | 'task' | 'change';
  id: string;
  at: number;
}

/** Every entry of a record's history, as (kind, id, at) rows: its activities, its tasks and its audit-log changes. */
function entries(scope: TenantScope, subject: TimelineSubject): SQL {
  const tenant = scope.tenantId;
  const { id, links } = subject;
  const changes = sql`SELECT 'change' AS kind, id, at FROM audit_log WHERE tenant_id = ${tenant} AND entity = ${getTableName(subject.entity)} AND entity_id = ${id}`;
  if (links.link === null) return changes;
  const column = identifier(links.link);
  // One indexed lookup per link (the record, then each gathered table), merged by UNION: an OR
  // across them would make SQLite walk every activity of the tenant.
  const linkedRows = (table: 'activities' | 'tasks', at: 'occurred_at' | 'created_at'): SQL => {
    const from = sql.raw(`SELECT id, ${at} AS at FROM ${table} WHERE tenant_id = `);
    const own = sql`${from}${tenant} AND deleted_at IS NULL AND ${column} = ${id}`;
    const gathered = links.through.map(
      (t) => sql`
      UNION SELECT x.id, x.${sql.raw(at)} FROM ${sql.raw(table)} x JOIN ${identifier(t.table)} g ON g.tenant_id = x.tenant_id AND g.id = x.${identifier(t.link)}
        WHERE x.tenant_id = ${tenant} AND x.deleted_at IS NULL AND g.${column} = ${id}`,
    );
    return sql.join([own, ...gathered]);
  };
  return sql`
      SELECT 'activity' AS kind, id, at FROM (${linkedRows('activities', 'occurred_at')}) AS linked_activities
      UNION ALL
      SELECT 'task' AS kind, id, at FROM (${linkedRows('tasks', 'created_at')}) AS linked_tasks
      UNION ALL
      ${changes}`;
}

/**
 * One page of a record's history, newest first: its activities, its tasks
 * and the changes the audit log holds for it. A company's timeline also
 * gathers the activities and tasks of its contacts and deals. Keyset paged
 * on (at, id), like every list.
 */
export async function timelinePage(
  scope: TenantScope,
  subject: TimelineSubject,
  limit: number,
  after?: { at: number; id: string },
): Promise<TimelineEntry[]> {
  const at = after ? storedValue(auditLog.at, after.at) : undefined;
  const cursor = after ? sql`WHERE (at < ${at} OR (at = ${at} AND id < ${after.id}))` : sql``;
  const rows = await scope.query.all<TimelineEntry>(sql`
    SELECT kind, id, at FROM (${entries(scope, subject)}) AS entries ${cursor}
    ORDER BY at DESC, id DESC
    LIMIT ${limitAtLeast(limit)}`);
  return rows.slice(0, limit);
}

/** How many entries the record's whole history has (remembered until the data changes). */
export function timelineTotal(scope: TenantScope, subject: TimelineSubject): Promise<number> {
  return cachedTotal(scope, sql`SELECT count(*) AS n FROM (${entries(scope, subject)}) AS entries`);
}
