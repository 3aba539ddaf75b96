import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ErrorBox, Loading } from '../components/errors';
import { Field } from '../components/field';
import { DUPLICATE_FIELDS, DuplicateNotice, duplicateQuery, type DuplicateType } from '../components/form-duplicates';
import { controlType, FieldControl, type FormField } from '../components/form-fields';
import { defaultPipeline, usePipelines } from '../components/form-pipelines';
import { Screen } from '../components/screen';
import { SubmitButton, useCreate } from '../components/submit';
import { ok } from '../lib/api';
import { invalidateType, recordKey, useRecord } from '../lib/record-queries';
import { displayName, listHref, recordApi, RECORDS, saveRecord, type AnyRecord, type RecordType } from '../lib/records';
import { useSession, useWriteAccess } from '../lib/session';
import type { Pipeline } from '../lib/types';
import { fieldErrors } from '../lib/words';

/*
 * The new and edit form of a record: every field of the type, and its owner. A new record is
 * created once however often Create is pressed (Idempotency-Key, submit ignored while running);
 * an edit sends only the fields the user changed, so a value shown but not touched (a deal's
 * contact, its stage's probability) is never written back.
 */

/** Types whose records have an owner (products do not). */
const OWNED: ReadonlySet<RecordType> = new Set(['contacts', 'companies', 'leads', 'deals']);

function formFields(type: RecordType): FormField[] {
  const fields: FormField[] = RECORDS[type].fields.map((f) => ({ ...f, type: controlType(f) }));
  if (OWNED.has(type)) fields.push({ name: 'ownerId', label: 'Owner', type: 'owner' });
  if (type === 'products') fields.push({ name: 'active', label: 'Active (offered for sale)', type: 'checkbox' });
  // The several-line fields take the form's whole width, after the others.
  return [...fields.filter((f) => f.type !== 'textarea'), ...fields.filter((f) => f.type === 'textarea')];
}

const NUMERIC = new Set<FormField['type']>(['number', 'percent']);

async function createRecord(type: RecordType, body: Record<string, unknown>, idempotencyKey: string): Promise<AnyRecord> {
  // The record routes take their bodies as loosely typed JSON; the server validates them.
  const res = await ok(recordApi(type).$post({ json: body as never, header: { 'idempotency-key': idempotencyKey } }));
  return res as unknown as AnyRecord;
}

export default function RecordForm({ type, id }: { type: RecordType; id: string | null }) {
  const spec = RECORDS[type];
  const access = useWriteAccess();
  const existing = useRecord(type, id);
  const pipelines = usePipelines(type === 'deals' && access.visible);
  const title = id ? (existing.data ? `Edit ${displayName(type, existing.data)}` : `Edit ${spec.singular}`) : `New ${spec.singular}`;

  if (!access.visible)
    return (
      <Screen title={title}>
        <p className="notice">Your role can read records but not change them.</p>
      </Screen>
    );
  if (id && existing.isError)
    return (
      <Screen title={title}>
        <ErrorBox error={existing.error} retry={() => void existing.refetch()} />
      </Screen>
    );
  if (type === 'deals' && pipelines.isError)
    return (
      <Screen title={title}>
        <ErrorBox error={pipelines.error} retry={() => void pipelines.refetch()} />
      </Screen>
    );
  if ((id && !existing.data) || (type === 'deals' && !pipelines.data))
    return (
      <Screen title={title} ready={false}>
        <Loading />
      </Screen>
    );
  return (
    <Screen title={title}>
      {/* Keyed by the record: another record's form starts from its own values. */}
      <FormBody key={id ?? 'new'} type={type} id={id} record={existing.data ?? null} pipelines={pipelines.data ?? []} />
    </Screen>
  );
}

function initialValues(type: RecordType, fields: FormField[], record: AnyRecord | null, pipelines: Pipeline[], me: string | null) {
  const values: Record<string, string> = {};
  const from = (record ?? {}) as Record<string, unknown>;
  for (const f of fields) {
    const v = from[f.name];
    values[f.name] = v == null ? (record ? '' : (f.initial ?? '')) : String(v);
  }
  if (!record) {
    if (OWNED.has(type) && me) values.ownerId = me;
    if (type === 'products') values.active = 'true';
    if (type === 'deals') {
      // A new deal starts in the default pipeline at its first stage: the server's defaults too.
      const p = defaultPipeline(pipelines);
      values.pipelineId = p?.id ?? '';
      values.stageId = p?.stages[0]?.id ?? '';
    }
  }
  return values;
}

function FormBody({
  type,
  id,
  record,
  pipelines,
}: {
  type: RecordType;
  id: string | null;
  record: AnyRecord | null;
  pipelines: Pipeline[];
}) {
  const spec = RECORDS[type];
  const { me } = useSession();
  const access = useWriteAccess();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const fields = useMemo(() => formFields(type), [type]);
  const [initial] = useState(() => initialValues(type, fields, record, pipelines, me.user?.id ?? null));
  const [values, setValues] = useState(initial);
  // Fields changed since the last refusal: their error no longer applies.
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [dupQuery, setDupQuery] = useState<Record<string, string> | null>(null);
  const form = useRef<HTMLFormElement>(null);

  const done = (saved: AnyRecord) => {
    const savedId = (saved as { id: string }).id;
    qc.setQueryData(recordKey(type, savedId), saved);
    invalidateType(qc, type, savedId);
    void navigate({ to: `/${type}/${savedId}` });
  };
  const create = useCreate((body: Record<string, unknown>, key: string) => createRecord(type, body, key), { onSuccess: done });
  const update = useMutation({ mutationFn: (body: Record<string, unknown>) => saveRecord(type, id!, body), onSuccess: done });
  const mutation = id ? update : create;
  const error = mutation.error;

  const labels = Object.fromEntries(fields.map((f) => [f.name, f.label]));
  const { byField, others } = fieldErrors(error, labels);
  useEffect(() => {
    // After a refusal, the first field it names gets the focus (the sentence is read with it).
    if (error) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error]);

  const set = (name: string, value: string) => {
    setTouched((t) => (t.has(name) ? t : new Set(t).add(name)));
    setValues((v) => {
      const next = { ...v, [name]: value };
      // The stage list follows the pipeline: a new pipeline starts at its first stage.
      if (name === 'pipelineId') next.stageId = pipelines.find((p) => p.id === value)?.stages[0]?.id ?? '';
      return next;
    });
  };

  function body(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const was = (record ?? {}) as Record<string, unknown>;
    for (const f of fields) {
      const raw = values[f.name] ?? '';
      // An edit sends only what changed.
      if (id && raw === initial[f.name]) continue;
      if (f.type === 'checkbox') {
        out[f.name] = raw === 'true';
        continue;
      }
      const v = raw.trim();
      if (v) {
        // A number the browser cannot parse stays a string, so the server's message names the field.
        out[f.name] = NUMERIC.has(f.type) && Number.isFinite(Number(v)) ? Number(v) : v;
      } else if (f.required) {
        out[f.name] = ''; // the server says it is required, beside the field
      } else if (id && was[f.name] != null) {
        out[f.name] = null; // cleared on edit
      }
    }
    return out;
  }

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (mutation.isPending || access.disabledReason) return;
    setTouched(new Set());
    const b = body();
    if (id) {
      if (Object.keys(b).length === 0) return void navigate({ to: `/${type}/${id}` }); // nothing changed
      update.mutate(b);
    } else create.submit(b);
  };

  const dupType: DuplicateType | null = type === 'contacts' || type === 'companies' ? type : null;
  const checkDuplicates = (name: string) => {
    if (!dupType || !DUPLICATE_FIELDS[dupType].includes(name)) return;
    // On edit, only a value the user changed is worth asking about.
    if (id && !DUPLICATE_FIELDS[dupType].some((n) => values[n] !== initial[n])) return setDupQuery(null);
    setDupQuery(duplicateQuery(dupType, values));
  };

  const pipelineId = values.pipelineId ?? '';
  const readOnly = access.disabledReason;
  return (
    <form ref={form} className="card record-form" noValidate onSubmit={submit} aria-describedby={readOnly ? 'form-read-only' : undefined}>
      {readOnly ? (
        <p className="notice warn-notice" id="form-read-only">
          {readOnly}
        </p>
      ) : null}
      <fieldset disabled={Boolean(readOnly)} className="form-fields">
        <legend className="sr-only">{id ? `Edit ${spec.singular}` : `New ${spec.singular}`}</legend>
        {fields.map((f) => (
          <Field
            key={f.name}
            name={f.name}
            label={f.required ? `${f.label} (required)` : f.label}
            hint={f.hint}
            error={touched.has(f.name) ? undefined : byField[f.name]}
          >
            <FieldControl
              field={f}
              value={values[f.name] ?? ''}
              set={(v) => set(f.name, v)}
              pipelines={pipelines}
              pipelineId={pipelineId}
              onBlur={dupType && DUPLICATE_FIELDS[dupType].includes(f.name) ? () => checkDuplicates(f.name) : undefined}
            />
          </Field>
        ))}
      </fieldset>
      {dupType ? <DuplicateNotice type={dupType} query={dupQuery} excludeId={id} creating={!id} /> : null}
      {error ? <ErrorBox error={error} others={others} retry={() => form.current?.requestSubmit()} /> : null}
      <div className="actions">
        <SubmitButton pending={mutation.isPending}>
          {mutation.isPending ? (id ? 'Saving…' : 'Creating…') : id ? 'Save' : `Create ${spec.singular}`}
        </SubmitButton>
        <Link className="button" to={id ? `/${type}/${id}` : listHref(type)}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
