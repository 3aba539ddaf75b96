import { auditLog } from '../../db/schema';
import { activities, companies, contacts, deals, leads, tasks } from '../../db/schema-crm';
import { paginate } from '../../../platform/pagination';
import { timelinePage, timelineTotal, type TimelineSubject } from '../../data/timeline';
import type { RequestContext } from '../../lib/context';
import { toActivityDto, toTaskDto } from './activities.record';
import { getLive, type CrmTable } from './record-kit';
import { isoTime } from '../../lib/iso-time';

const SUBJECTS: Record<TimelineSubject, { table: CrmTable; label: string }> = {
  companies: { table: companies, label: 'Company' },
  contacts: { table: contacts, label: 'Contact' },
  leads: { table: leads, label: 'Lead' },
  deals: { table: deals, label: 'Deal' },
};

export function timeline(ctx: RequestContext, subject: TimelineSubject, id: string, query: { limit: number; cursor?: string | undefined }) {
  const { table, label } = SUBJECTS[subject];
  getLive(ctx.scope, table, id, label);
  return paginate({
    list: 'timeline',
    limit: query.limit,
    cursor: query.cursor,
    rows: (after, take) => timelinePage(ctx.scope, subject, id, take, after ? { at: Number(after.value), id: after.id } : undefined),
    position: (entry) => ({ value: entry.at, id: entry.id }),
    total: () => timelineTotal(ctx.scope, subject, id),
    map: (entry) => {
      const at = isoTime(new Date(entry.at));
      if (entry.kind === 'activity')
        return { kind: entry.kind, at, activity: toActivityDto(ctx.scope.get(activities, entry.id, 'Activity')) };
      if (entry.kind === 'task') return { kind: entry.kind, at, task: toTaskDto(ctx.scope.get(tasks, entry.id, 'Task')) };
      const change = ctx.scope.get(auditLog, entry.id, 'Change');
      return {
        kind: entry.kind,
        at,
        change: { action: change.action, actorType: change.actorType, actorId: change.actorId, changes: change.changes },
      };
    },
  });
}
