import { sql, type SQL } from 'drizzle-orm';
import type { TenantScope } from './tenant-scope';

export type TimelineSubject = 'companies' | 'contacts' | 'leads' | 'deals';

const LINK: Record<TimelineSubject, string> = { companies: 'company_id', contacts: 'contact_id', leads: 'lead_id', deals: 'deal_id' };

export interface TimelineEntry {
  kind: 'activity' | 'task' | 'change';
  id: string;
  at: number;
}

/**
 * One page of a record's history, newest first: its activities, its tasks
 * and the changes the audit log holds for it. A company's timeline also
 * gathers the activities and tasks of its contacts and deals. Keyset paged
 * on (at, id), like every list.
 */
export function timelinePage(scope: TenantScope, subject: TimelineSubject, id: string, limit: number, after?: { at: number; id: string }): TimelineEntry[] {
  const tenant = scope.tenantId;
  const column = sql.raw(LINK[subject]);
  const linked: SQL =
    subject === 'companies'
      ? sql`(${column} = ${id}
          OR contact_id IN (SELECT id FROM contacts WHERE tenant_id = ${tenant} AND company_id = ${id})
          OR deal_id IN (SELECT id FROM deals WHERE tenant_id = ${tenant} AND company_id = ${id}))`
      : sql`${column} = ${id}`;
  const cursor = after ? sql`WHERE (at < ${after.at} OR (at = ${after.at} AND id < ${after.id}))` : sql``;
  return scope.query.all<TimelineEntry>(sql`
    SELECT kind, id, at FROM (
      SELECT 'activity' AS kind, id, occurred_at AS at FROM activities WHERE tenant_id = ${tenant} AND deleted_at IS NULL AND ${linked}
      UNION ALL
      SELECT 'task' AS kind, id, created_at AS at FROM tasks WHERE tenant_id = ${tenant} AND deleted_at IS NULL AND ${linked}
      UNION ALL
      SELECT 'change' AS kind, id, at FROM audit_log WHERE tenant_id = ${tenant} AND entity = ${subject} AND entity_id = ${id}
    ) ${cursor}
    ORDER BY at DESC, id DESC
    LIMIT ${limit}`);
}
