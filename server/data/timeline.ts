import { sql, type SQL } from 'drizzle-orm';
import { limitAtLeast } from '../db/limit-at-least';
import type { TenantScope } from './tenant-scope';

export type TimelineSubject = 'companies' | 'contacts' | 'leads' | 'deals';

const LINK: Record<TimelineSubject, string> = { companies: 'company_id', contacts: 'contact_id', leads: 'lead_id', deals: 'deal_id' };

export interface TimelineEntry {
  kind: 'activity' | 'task' | 'change';
  id: string;
  at: number;
}

/** Every entry of a record's history, as (kind, id, at) rows: its activities, its tasks and its audit-log changes. */
function entries(scope: TenantScope, subject: TimelineSubject, id: string): SQL {
  const tenant = scope.tenantId;
  const column = sql.raw(LINK[subject]);
  // One indexed lookup per link (company, its contacts, its deals), merged by UNION: an OR across
  // them would make SQLite walk every activity of the tenant.
  const linkedRows = (table: 'activities' | 'tasks', at: 'occurred_at' | 'created_at'): SQL => {
    const from = sql.raw(`SELECT id, ${at} AS at FROM ${table} WHERE tenant_id = `);
    const own = sql`${from}${tenant} AND deleted_at IS NULL AND ${column} = ${id}`;
    if (subject !== 'companies') return own;
    return sql`${own}
      UNION SELECT x.id, x.${sql.raw(at)} FROM ${sql.raw(table)} x JOIN contacts c ON c.tenant_id = x.tenant_id AND c.id = x.contact_id
        WHERE x.tenant_id = ${tenant} AND x.deleted_at IS NULL AND c.company_id = ${id}
      UNION SELECT x.id, x.${sql.raw(at)} FROM ${sql.raw(table)} x JOIN deals d ON d.tenant_id = x.tenant_id AND d.id = x.deal_id
        WHERE x.tenant_id = ${tenant} AND x.deleted_at IS NULL AND d.company_id = ${id}`;
  };
  return sql`
      SELECT 'activity' AS kind, id, at FROM (${linkedRows('activities', 'occurred_at')})
      UNION ALL
      SELECT 'task' AS kind, id, at FROM (${linkedRows('tasks', 'created_at')})
      UNION ALL
      SELECT 'change' AS kind, id, at FROM audit_log WHERE tenant_id = ${tenant} AND entity = ${subject} AND entity_id = ${id}`;
}

/**
 * One page of a record's history, newest first: its activities, its tasks
 * and the changes the audit log holds for it. A company's timeline also
 * gathers the activities and tasks of its contacts and deals. Keyset paged
 * on (at, id), like every list.
 */
export function timelinePage(scope: TenantScope, subject: TimelineSubject, id: string, limit: number, after?: { at: number; id: string }): TimelineEntry[] {
  const cursor = after ? sql`WHERE (at < ${after.at} OR (at = ${after.at} AND id < ${after.id}))` : sql``;
  const rows = scope.query.all<TimelineEntry>(sql`
    SELECT kind, id, at FROM (${entries(scope, subject, id)}) ${cursor}
    ORDER BY at DESC, id DESC
    LIMIT ${limitAtLeast(limit)}`);
  return rows.slice(0, limit);
}

/** How many entries the record's whole history has (remembered until the data changes). */
export function timelineTotal(scope: TenantScope, subject: TimelineSubject, id: string): number {
  return scope.total(sql`SELECT count(*) AS n FROM (${entries(scope, subject, id)})`);
}
