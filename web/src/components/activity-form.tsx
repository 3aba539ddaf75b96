import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, client, ok } from '../lib/api';
import type { RecordType } from '../lib/records';
import { useWriteAccess } from '../lib/session';
import type { Activity } from '../lib/types';
import { fieldErrors } from '../lib/words';
import { ErrorBox } from './errors';
import { Field } from './field';
import { SubmitButton, useCreate } from './submit';
import { ACTIVITY_LABELS } from './timeline';

/** The field an activity or task names its record by; null for a type they are never about (products). */
export const LINK_FIELD: Record<RecordType, 'contactId' | 'companyId' | 'leadId' | 'dealId' | null> = {
  contacts: 'contactId',
  companies: 'companyId',
  leads: 'leadId',
  deals: 'dealId',
  products: null,
};

// The server's activity types, in the order the select offers them; the check fails the typecheck if the server's change.
export const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'note', 'sms'] as const satisfies readonly Activity['type'][];
type Exhaustive<T extends never> = T;
export type _ActivityTypesComplete = Exhaustive<Exclude<Activity['type'], (typeof ACTIVITY_TYPES)[number]>>;

const pad = (n: number) => String(n).padStart(2, '0');
/** A Date as a datetime-local input's value (the browser's time zone, to the minute). */
export const localDateTime = (d: Date) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;

const LABELS = { type: 'Type', subject: 'Subject', occurredAt: 'When', body: 'Notes' };

interface Vars {
  type: Activity['type'];
  subject: string;
  body?: string;
  occurredAt?: string;
}

/**
 * "Log an activity" on a record's page: a call, email, meeting, note or SMS, now or earlier
 * (a call logged afterwards), with notes in Markdown. Created once however often it is sent
 * (Idempotency-Key); the timeline shows it as soon as the server has it.
 */
export function ActivityForm({ type, id }: { type: RecordType; id: string }) {
  const qc = useQueryClient();
  const access = useWriteAccess();
  const link = LINK_FIELD[type];
  const [kind, setKind] = useState<Activity['type']>('call');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  // Empty: now (the server's time). Set only when the user picks another moment.
  const [when, setWhen] = useState('');
  const [now, setNow] = useState(() => localDateTime(new Date()));
  const [localError, setLocalError] = useState<ApiError | null>(null);
  const [logged, setLogged] = useState(false);
  const create = useCreate(
    async (vars: Vars, key: string) =>
      ok(client.api.activities.$post({ json: { ...vars, [link!]: id } as never, header: { 'idempotency-key': key } })),
    {
      onSuccess: () => {
        setSubject('');
        setBody('');
        setWhen('');
        setNow(localDateTime(new Date()));
        setLogged(true);
        void qc.invalidateQueries({ queryKey: ['timeline'] });
        void qc.invalidateQueries({ queryKey: ['list', 'activities'] });
      },
    },
  );
  if (!link || !access.visible) return null;
  const error = localError ?? create.error;
  const { byField, others } = fieldErrors(error, LABELS);
  const readOnly = Boolean(access.disabledReason);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setLogged(false);
    setLocalError(null);
    const text = subject.trim();
    if (!text) return setLocalError(invalid('subject', 'Subject is required.'));
    let occurredAt: string | undefined;
    if (when) {
      const at = new Date(when);
      if (Number.isNaN(at.getTime())) return setLocalError(invalid('occurredAt', 'When is not a date and time.'));
      if (at.getTime() > Date.now() + 60_000)
        return setLocalError(invalid('occurredAt', 'When cannot be in the future: log what has happened.'));
      occurredAt = at.toISOString();
    }
    create.submit({ type: kind, subject: text, ...(body.trim() ? { body: body.trim() } : {}), ...(occurredAt ? { occurredAt } : {}) });
  }

  return (
    <form className="quick-add activity-form" aria-labelledby="log-activity-title" onSubmit={submit} noValidate>
      <h2 id="log-activity-title">Log an activity</h2>
      <fieldset disabled={readOnly} title={access.disabledReason ?? undefined}>
        <div className="activity-row">
          <Field label={LABELS.type} name="type" error={byField.type}>
            <select value={kind} onChange={(e) => setKind(e.target.value as Activity['type'])}>
              {ACTIVITY_TYPES.map((t) => (
                <option key={t} value={t}>
                  {ACTIVITY_LABELS[t]}
                </option>
              ))}
            </select>
          </Field>
          <Field label={LABELS.occurredAt} name="occurredAt" hint="Now, unless it happened earlier." error={byField.occurredAt}>
            <input
              type="datetime-local"
              value={when || now}
              max={localDateTime(new Date(Date.now() + 60_000))}
              onChange={(e) => setWhen(e.target.value)}
            />
          </Field>
        </div>
        <Field label={LABELS.subject} name="subject" error={byField.subject}>
          <input value={subject} maxLength={300} onChange={(e) => setSubject(e.target.value)} />
        </Field>
        <Field
          label={LABELS.body}
          name="body"
          hint="Markdown: **bold**, *italic*, lists, [links](https://example.com)."
          error={byField.body}
        >
          <textarea rows={3} value={body} onChange={(e) => setBody(e.target.value)} />
        </Field>
      </fieldset>
      <ErrorBox error={error} others={others} />
      {logged ? (
        <p className="form-done" role="status">
          Logged.
        </p>
      ) : null}
      <SubmitButton pending={create.isPending}>Log activity</SubmitButton>
    </form>
  );
}

const invalid = (path: string, message: string) => new ApiError(400, 'VALIDATION_FAILED', message, { fields: [{ path, message }] });
