import type { ReactNode } from 'react';
import { dayDate, shortDate } from '../lib/format';
import { humanize, RECORDS, type RecordType } from '../lib/records';

/*
 * A change entry of the timeline in words: "Ana Ortega changed Stage from Proposal to Won".
 * Field names become the labels the forms use; a field that refers to another record (stage,
 * owner, company…) shows the name the server sent beside the id, and the id only when there is
 * no name (the record is gone).
 */

export interface ChangeEntry {
  action: string;
  actorType: string;
  actorId: string | null;
  /** The person's or API key's name (null for the system, or someone gone). */
  actorName?: string | null;
  changes: unknown;
}

type FromTo = { from: unknown; to: unknown; fromName?: string | null; toName?: string | null };

const isFromTo = (v: unknown): v is FromTo => v !== null && typeof v === 'object' && !Array.isArray(v) && 'from' in v && 'to' in v;

/** Labels of fields that are not on the type's form, or read better shorter here. */
const EXTRA_LABELS: Record<string, string> = {
  ownerId: 'Owner',
  status: 'Status',
  closedAt: 'Closed',
  lostReason: 'Lost reason',
  probability: 'Probability',
  convertedAt: 'Converted',
  convertedContactId: 'Contact',
  convertedCompanyId: 'Company',
  convertedDealId: 'Deal',
  active: 'Active',
  number: 'Number',
  pipelineId: 'Pipeline',
  stageId: 'Stage',
  companyId: 'Company',
  contactId: 'Contact',
  assigneeId: 'Assignee',
  dueAt: 'Due',
  done: 'Done',
};

/** Bookkeeping columns a person did not change themselves. */
const HIDDEN = new Set(['updatedAt', 'createdAt', 'deletedAt', 'doneAt', 'tenantId', 'id']);
const PERCENT = new Set(['probability', 'taxRate']);
const ENUMS = new Set(['stage', 'source', 'status']);

export function fieldLabel(type: RecordType, field: string): string {
  const def = RECORDS[type].fields.find((f) => f.name === field);
  // "Probability (%)" on the form; the value says the percent here.
  if (def) return def.label.replace(/\s*\(.*\)$/, '');
  return (
    EXTRA_LABELS[field] ??
    humanize(
      field
        .replace(/Id$/, '')
        .replace(/([A-Z])/g, ' $1')
        .toLowerCase(),
    )
  );
}

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;
const ISO_DAY = /^\d{4}-\d\d-\d\d$/;

/** One value of a change as a person reads it; `name` wins when the server found one. */
export function valueText(field: string, value: unknown, name?: string | null): string {
  if (name) return name;
  if (value === null || value === undefined || value === '') return '(empty)';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') {
    if (PERCENT.has(field)) return `${value}%`;
    // A timestamp stored as milliseconds.
    if (field.endsWith('At') && value > 1e11) return shortDate(new Date(value).toISOString());
    return value.toLocaleString('en');
  }
  if (typeof value === 'string') {
    if (ISO_TIME.test(value)) return shortDate(value);
    if (ISO_DAY.test(value)) return dayDate(value);
    if (ENUMS.has(field)) return humanize(value);
    return value.length > 80 ? `${value.slice(0, 79)}…` : value;
  }
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** "Ana Ortega", "API key “Nightly sync”", "The system", "Someone". */
export function actorText(c: ChangeEntry): string {
  if (c.actorType === 'api_key') return c.actorName ? `API key “${c.actorName}”` : 'An API key';
  if (c.actorName) return c.actorName;
  if (c.actorType === 'system') return 'The system';
  return 'Someone';
}

/** "Stage from Proposal to Won, Value from 100 to 200 and Email from (empty) to a@b.example". */
function fieldChanges(type: RecordType, changes: Record<string, unknown>): ReactNode[] {
  const parts = Object.entries(changes)
    .filter(([field, v]) => !HIDDEN.has(field) && isFromTo(v))
    .map(([field, v]) => {
      const c = v as FromTo;
      return (
        <span key={field} className="change-field">
          {fieldLabel(type, field)} from <q>{valueText(field, c.from, c.fromName)}</q> to <q>{valueText(field, c.to, c.toName)}</q>
        </span>
      );
    });
  return joinWords(parts);
}

/** a, b and c. */
function joinWords(parts: ReactNode[]): ReactNode[] {
  return parts.flatMap((p, i) => (i === 0 ? [p] : [i === parts.length - 1 ? ' and ' : ', ', p]));
}

const TABLE_WORDS: Record<string, [string, string]> = {
  activities: ['activity', 'activities'],
  tasks: ['task', 'tasks'],
  deals: ['deal', 'deals'],
  contacts: ['contact', 'contacts'],
  leads: ['lead', 'leads'],
};

/** The sentence of a change entry, without its time. */
export function changeSentence(type: RecordType, c: ChangeEntry): ReactNode {
  const who = <strong className="actor">{actorText(c)}</strong>;
  const what = `this ${RECORDS[type].singular}`;
  const changes = c.changes && typeof c.changes === 'object' && !Array.isArray(c.changes) ? (c.changes as Record<string, unknown>) : {};
  switch (c.action) {
    case 'create':
      return (
        <>
          {who} created {what}
        </>
      );
    case 'delete':
      return (
        <>
          {who} deleted {what} (to the trash)
        </>
      );
    case 'restore':
      return (
        <>
          {who} restored {what} from the trash
        </>
      );
    case 'convert': {
      const into = (['convertedContactId', 'convertedCompanyId', 'convertedDealId'] as const)
        .map((f) => [f, changes[f]] as const)
        .filter(([, v]) => isFromTo(v) && (v as FromTo).to)
        .map(([f, v]) => (
          <span key={f}>
            {fieldLabel(type, f).toLowerCase()} <q>{valueText(f, (v as FromTo).to, (v as FromTo).toName)}</q>
          </span>
        ));
      return (
        <>
          {who} converted {what}
          {into.length ? <> into {joinWords(into)}</> : null}
        </>
      );
    }
    case 'merge': {
      const taken = isRecord(changes.changes) ? fieldChanges(type, changes.changes) : [];
      const moved = isRecord(changes.moved)
        ? Object.entries(changes.moved)
            .filter(([, n]) => typeof n === 'number' && n > 0)
            .map(([table, n]) => {
              const [one, many] = TABLE_WORDS[table] ?? [table, table];
              return `${n as number} ${n === 1 ? one : many}`;
            })
        : [];
      return (
        <>
          {who} merged another {RECORDS[type].singular} into {what}
          {taken.length ? <>, taking {taken}</> : null}
          {moved.length ? <> (moved here: {moved.join(', ')})</> : null}
        </>
      );
    }
    default: {
      const parts = fieldChanges(type, changes);
      if (parts.length === 0)
        return (
          <>
            {who} {c.action === 'update' || c.action === 'move' ? 'changed' : humanize(c.action).toLowerCase()} {what}
          </>
        );
      return (
        <>
          {who} changed {parts}
        </>
      );
    }
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
