import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { client, ok } from '../lib/api';
import { invalidateType, recordKey, useRecord, usePersonName } from '../lib/record-queries';
import { displayName, RECORDS, type AnyRecord } from '../lib/records';
import { fieldErrors } from '../lib/words';
import { Modal } from './dialog';
import { ErrorBox, Loading } from './errors';
import { Field } from './field';
import { RecordPicker } from './record-picker';
import { useToast } from './toast';

/*
 * "Merge with…" on a contact's or company's page: pick the duplicate, then, field by field where
 * the two differ, which value the surviving record keeps. The other one goes to the trash
 * (restorable) and everything that pointed at it (activities, tasks, deals, contacts) points at
 * this one; the survivor's page then shows it all.
 */

export type MergeableType = 'contacts' | 'companies';
type Side = 'target' | 'source';

/** The fields a merge can take from the other record: the form's fields and the owner. */
const FIELDS = (type: MergeableType) => [
  ...RECORDS[type].fields.map((f) => ({ name: f.name, label: f.label })),
  { name: 'ownerId', label: 'Owner' },
];

function useShownValue() {
  const person = usePersonName();
  return (name: string, value: unknown, companyName: string | undefined): string => {
    if (value === null || value === undefined || value === '') return '(empty)';
    if (name === 'ownerId') return person(value as string);
    if (name === 'companyId') return companyName ?? 'Loading…';
    return String(value);
  };
}

async function merge(type: MergeableType, id: string, body: { sourceId: string; fields: Record<string, Side> }): Promise<AnyRecord> {
  const json = body as never;
  const merged =
    type === 'contacts'
      ? await ok(client.api.contacts[':id'].merge.$post({ param: { id }, json }))
      : await ok(client.api.companies[':id'].merge.$post({ param: { id }, json }));
  return merged as unknown as AnyRecord;
}

export function MergeDialog({
  type,
  target,
  open,
  onOpenChange,
}: {
  type: MergeableType;
  target: AnyRecord;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const qc = useQueryClient();
  const toast = useToast();
  const spec = RECORDS[type];
  const targetId = (target as { id: string }).id;
  const [sourceId, setSourceId] = useState<string | null>(null);
  const [choices, setChoices] = useState<Record<string, Side>>({});
  const same = sourceId === targetId;
  const source = useRecord(type, same ? null : sourceId);
  const t = target as unknown as Record<string, unknown>;
  const s = source.data as unknown as Record<string, unknown> | undefined;
  // A contact's company, by name on both sides.
  const targetCompany = useRecord('companies', type === 'contacts' ? (t.companyId as string | null) : null);
  const sourceCompany = useRecord('companies', type === 'contacts' && s ? (s.companyId as string | null) : null);
  const shown = useShownValue();
  const companyText = (which: Side) => {
    const company = which === 'target' ? targetCompany.data : sourceCompany.data;
    return company ? displayName('companies', company) : undefined;
  };
  const targetName = displayName(type, target);
  const sourceName = source.data ? displayName(type, source.data) : '';
  const empty = (v: unknown) => v === null || v === undefined || v === '';
  const differing = s ? FIELDS(type).filter((f) => (t[f.name] ?? null) !== (s[f.name] ?? null)) : [];
  // Where this one has nothing and the other has a value, the value is the natural pick.
  const sideOf = (name: string): Side => choices[name] ?? (empty(t[name]) && s && !empty(s[name]) ? 'source' : 'target');

  const run = useMutation({
    mutationFn: () =>
      merge(type, targetId, {
        sourceId: sourceId!,
        fields: Object.fromEntries(differing.filter((f) => sideOf(f.name) === 'source').map((f) => [f.name, 'source' as const])),
      }),
    onSuccess: (merged) => {
      qc.setQueryData(recordKey(type, targetId), merged);
      qc.removeQueries({ queryKey: recordKey(type, sourceId!) });
      invalidateType(qc, type, targetId);
      // What pointed at the other record now points here: every list and history may have changed.
      void qc.invalidateQueries({ queryKey: ['list'] });
      void qc.invalidateQueries({ queryKey: ['tasks'] });
      void qc.invalidateQueries({ queryKey: ['timeline'] });
      toast(`Merged “${sourceName}” into “${targetName}”. “${sourceName}” is in the trash.`);
      reset();
    },
  });
  const { byField, others } = fieldErrors(run.error, { sourceId: `The other ${spec.singular}` });

  function reset() {
    setSourceId(null);
    setChoices({});
    run.reset();
    onOpenChange(false);
  }
  function close(o: boolean) {
    if (o) onOpenChange(true);
    else if (!run.isPending) reset();
  }

  const pickError = same ? `That is this ${spec.singular}: pick the one to merge into it.` : byField.sourceId;
  return (
    <Modal open={open} onOpenChange={close} title={`Merge “${targetName}” with another ${spec.singular}`}>
      <form
        className="merge-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (sourceId && !same && source.data && !run.isPending) run.mutate();
        }}
      >
        <Field
          label={`The other ${spec.singular}`}
          name="sourceId"
          hint={`It goes to the trash; what was linked to it moves to “${targetName}”.`}
          error={pickError}
        >
          <RecordPicker
            type={type}
            value={sourceId}
            onChange={(id) => {
              setSourceId(id);
              setChoices({});
              run.reset();
            }}
          />
        </Field>
        {sourceId && !same ? (
          source.isPending ? (
            <Loading what={`Loading the other ${spec.singular}…`} />
          ) : source.isError ? (
            <ErrorBox error={source.error} />
          ) : (
            <div className="merge-fields">
              {differing.length === 0 ? (
                <p>Every field is the same on both: only what is linked to “{sourceName}” moves.</p>
              ) : (
                <p>Where they differ, choose the value “{targetName}” keeps:</p>
              )}
              {differing.map((f) => {
                const side = sideOf(f.name);
                const value = (which: Side) => shown(f.name, (which === 'target' ? t : s!)[f.name], companyText(which));
                return (
                  <fieldset key={f.name} className="merge-field">
                    <legend>{f.label.replace(/\s*\(.*\)$/, '')}</legend>
                    <div className="merge-options">
                      {(['target', 'source'] as const).map((which) => (
                        <label key={which} className={side === which ? 'merge-choice chosen' : 'merge-choice'}>
                          <input
                            type="radio"
                            name={`merge-${f.name}`}
                            value={which}
                            checked={side === which}
                            onChange={() => setChoices((c) => ({ ...c, [f.name]: which }))}
                          />
                          <span className="merge-text">
                            <span className="merge-value">{value(which)}</span>
                            <span className="merge-from muted">
                              {which === 'target' ? `this ${spec.singular}` : `from “${sourceName}”`}
                            </span>
                          </span>
                        </label>
                      ))}
                    </div>
                  </fieldset>
                );
              })}
              {differing.length > 0 && differing.length < FIELDS(type).length ? (
                <p className="muted">The other fields have the same value on both.</p>
              ) : null}
            </div>
          )
        ) : null}
        <ErrorBox error={run.error} others={others} />
        <div className="actions">
          <button
            type="submit"
            className="primary danger"
            disabled={!source.data || same || run.isPending}
            aria-busy={run.isPending || undefined}
          >
            Merge
          </button>
          <button type="button" onClick={() => close(false)} disabled={run.isPending}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
