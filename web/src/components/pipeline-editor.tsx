import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError, client, ok } from '../lib/api';
import type { Pipeline } from '../lib/types';
import { fieldSentence } from '../lib/words';
import { Modal, useConfirm } from './dialog';
import { ErrorBox, Loading } from './errors';
import { Field } from './field';
import { defaultPipeline, usePipelines } from './form-pipelines';
import { SubmitButton, useCreate } from './submit';
import { useToast } from './toast';
import { WriteButton } from './write';
import { useWriteAccess } from '../lib/session';

/*
 * Pipelines and their stages, for owners and admins: rename, add, reorder, remove a stage,
 * its probability and kind (open, won, lost). The whole list of stages is sent in one PATCH,
 * in board order, existing stages by id (server/modules/crm/pipelines.routes.ts); the server
 * refuses to remove a stage that deals still sit in.
 */

type Kind = Pipeline['stages'][number]['kind'];
const KINDS = ['open', 'won', 'lost'] as const satisfies readonly Kind[];
type Exhaustive<T extends never> = T;
export type _KindsComplete = Exhaustive<Exclude<Kind, (typeof KINDS)[number]>>;

interface DraftStage {
  key: string;
  id?: string;
  name: string;
  probability: string;
  kind: Kind;
}

let nextKey = 1;
const draftOf = (p: Pipeline) => ({
  name: p.name,
  stages: p.stages.map((s): DraftStage => ({ key: s.id, id: s.id, name: s.name, probability: String(s.probability), kind: s.kind })),
});

// The server's own starting stages (pipelines.service DEFAULT_STAGES), for a new pipeline.
const STARTER_STAGES = [
  { name: 'New', probability: 10, kind: 'open' },
  { name: 'Qualified', probability: 25, kind: 'open' },
  { name: 'Proposal', probability: 50, kind: 'open' },
  { name: 'Negotiation', probability: 75, kind: 'open' },
  { name: 'Won', probability: 100, kind: 'won' },
  { name: 'Lost', probability: 0, kind: 'lost' },
] as const;

function invalidatePipelines(qc: ReturnType<typeof useQueryClient>) {
  void qc.invalidateQueries({ queryKey: ['pipelines'] });
  void qc.invalidateQueries({ queryKey: ['board'] });
}

/** Field errors on stages (path stages.2.name) by row and field; the rest as sentences. */
function stageErrors(e: unknown): { rows: Record<string, string>; others: string[] } {
  const rows: Record<string, string> = {};
  const others: string[] = [];
  if (!(e instanceof ApiError)) return { rows, others };
  const LABEL: Record<string, string> = { name: 'Its name', probability: 'Its probability', kind: 'Its kind' };
  for (const f of e.fields) {
    const m = /^stages\.(\d+)\.(name|probability|kind)$/.exec(f.path);
    if (m) rows[`${m[1]}.${m[2]}`] = `Stage ${Number(m[1]) + 1}: ${fieldSentence(LABEL[m[2]!]!, f.message)}`;
    else if (f.path === 'name') others.push(fieldSentence('The pipeline’s name', f.message));
    else others.push(f.message);
  }
  return { rows, others };
}

function StageEditor({ pipeline, onDeleted }: { pipeline: Pipeline; onDeleted: () => void }) {
  const qc = useQueryClient();
  const toast = useToast();
  const confirm = useConfirm();
  const [draft, setDraft] = useState(() => draftOf(pipeline));
  const { disabledReason } = useWriteAccess();
  const save = useMutation({
    mutationFn: () =>
      ok(
        client.api.pipelines[':id'].$patch({
          param: { id: pipeline.id },
          json: {
            name: draft.name.trim(),
            stages: draft.stages.map((s) => ({
              ...(s.id ? { id: s.id } : {}),
              name: s.name.trim(),
              probability: s.probability.trim() === '' ? Number.NaN : Number(s.probability),
              kind: s.kind,
            })),
          },
        }),
      ),
    onSuccess: (saved) => {
      setDraft(draftOf(saved));
      invalidatePipelines(qc);
      toast(`Saved the pipeline ${saved.name}.`);
    },
  });
  const makeDefault = useMutation({
    mutationFn: () => ok(client.api.pipelines[':id'].$patch({ param: { id: pipeline.id }, json: { isDefault: true } })),
    onSuccess: (saved) => {
      invalidatePipelines(qc);
      toast(`${saved.name} is now the default pipeline.`);
    },
  });
  const remove = useMutation({
    mutationFn: () => ok(client.api.pipelines[':id'].$delete({ param: { id: pipeline.id } })),
    onSuccess: () => {
      invalidatePipelines(qc);
      toast(`Deleted the pipeline ${pipeline.name}.`);
      onDeleted();
    },
  });
  const errors = stageErrors(save.error);
  const setStage = (i: number, patch: Partial<DraftStage>) =>
    setDraft((d) => ({ ...d, stages: d.stages.map((s, j) => (j === i ? { ...s, ...patch } : s)) }));
  const move = (i: number, by: -1 | 1) =>
    setDraft((d) => {
      const stages = [...d.stages];
      const [s] = stages.splice(i, 1);
      stages.splice(i + by, 0, s!);
      return { ...d, stages };
    });
  const add = () =>
    setDraft((d) => {
      // Before the closing (won and lost) stages, where a new working stage belongs.
      const at = d.stages.findIndex((s) => s.kind !== 'open');
      const stages = [...d.stages];
      stages.splice(at === -1 ? stages.length : at, 0, { key: `new-${nextKey++}`, name: '', probability: '50', kind: 'open' });
      return { ...d, stages };
    });
  const removeStage = (i: number) => setDraft((d) => ({ ...d, stages: d.stages.filter((_, j) => j !== i) }));
  const dirty = JSON.stringify(draft) !== JSON.stringify(draftOf(pipeline));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const askDelete = async () => {
    const yes = await confirm({
      title: `Delete the pipeline ${pipeline.name}?`,
      body: 'Only a pipeline no deal uses (the trash included) can be deleted. Its stages go with it.',
      confirmLabel: 'Delete pipeline',
      danger: true,
    });
    if (yes) remove.mutate();
  };
  return (
    <form className="pipeline-editor" aria-label={`Stages of ${pipeline.name}`} noValidate onSubmit={submit}>
      {/* In read-only license mode nothing here can be saved: the draft's controls are disabled too. */}
      <fieldset disabled={Boolean(disabledReason)}>
        <Field label="Pipeline name" name="name">
          <input
            value={draft.name}
            onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))}
            maxLength={100}
            autoComplete="off"
          />
        </Field>
        <div className="table-wrap">
          <table className="records stages">
            <caption>Stages, in board order{pipeline.isDefault ? ' · the default pipeline' : ''}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Name</th>
                <th scope="col">Probability (%)</th>
                <th scope="col">Kind</th>
                <th scope="col">
                  <span className="sr-only">Order and removal</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {draft.stages.map((s, i) => {
                const label = s.name.trim() || `stage ${i + 1}`;
                const rowErrors = ['name', 'probability', 'kind'].map((f) => errors.rows[`${i}.${f}`]).filter(Boolean);
                return (
                  <tr key={s.key} data-stage-id={s.id} className={`kind-${s.kind}`}>
                    <td data-label="Position">{i + 1}</td>
                    <td data-label="Name">
                      <input
                        aria-label={`Name of stage ${i + 1}`}
                        value={s.name}
                        maxLength={80}
                        autoComplete="off"
                        aria-invalid={errors.rows[`${i}.name`] ? true : undefined}
                        onChange={(e) => setStage(i, { name: e.target.value })}
                      />
                      {rowErrors.map((m) => (
                        <p key={m} className="field-error">
                          {m}
                        </p>
                      ))}
                    </td>
                    <td data-label="Probability (%)">
                      <input
                        aria-label={`Probability of stage ${i + 1} (%)`}
                        className="short"
                        type="number"
                        inputMode="numeric"
                        min={0}
                        max={100}
                        step={1}
                        value={s.probability}
                        aria-invalid={errors.rows[`${i}.probability`] ? true : undefined}
                        onChange={(e) => setStage(i, { probability: e.target.value })}
                      />
                    </td>
                    <td data-label="Kind">
                      <select
                        aria-label={`Kind of stage ${i + 1}`}
                        value={s.kind}
                        onChange={(e) => setStage(i, { kind: e.target.value as Kind })}
                      >
                        {KINDS.map((k) => (
                          <option key={k} value={k}>
                            {k}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <div className="actions">
                        <button type="button" aria-label={`Move ${label} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                          Up
                        </button>
                        <button
                          type="button"
                          aria-label={`Move ${label} down`}
                          disabled={i === draft.stages.length - 1}
                          onClick={() => move(i, 1)}
                        >
                          Down
                        </button>
                        <button type="button" className="danger" aria-label={`Remove ${label}`} onClick={() => removeStage(i)}>
                          Remove
                        </button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </fieldset>
      <p className="hint">
        At least one open stage, at most one won and one lost; names must differ. Deals take the probability of their stage unless they set
        their own. A stage that deals are in cannot be removed: move them first.
      </p>
      <ErrorBox error={save.error} others={errors.others} />
      <ErrorBox error={makeDefault.error ?? remove.error} />
      <div className="actions">
        <WriteButton onClick={add}>Add a stage</WriteButton>
        <SubmitButton pending={save.isPending}>Save pipeline</SubmitButton>
        {dirty ? (
          <button type="button" onClick={() => (setDraft(draftOf(pipeline)), save.reset())}>
            Undo changes
          </button>
        ) : null}
        {!pipeline.isDefault ? (
          <>
            <WriteButton disabled={makeDefault.isPending} onClick={() => makeDefault.mutate()}>
              Make default
            </WriteButton>
            <WriteButton className="danger" disabled={remove.isPending} onClick={() => void askDelete()}>
              Delete pipeline
            </WriteButton>
          </>
        ) : null}
      </div>
    </form>
  );
}

function NewPipeline({ onCreated }: { onCreated: (id: string) => void }) {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const create = useCreate(
    (n: string, key) =>
      ok(
        client.api.pipelines.$post({
          header: { 'idempotency-key': key },
          json: { name: n, stages: STARTER_STAGES.map((s) => ({ ...s })) },
        }),
      ),
    {
      onSuccess: (p) => {
        invalidatePipelines(qc);
        setOpen(false);
        setName('');
        onCreated(p.id);
      },
    },
  );
  const error = create.error instanceof ApiError ? create.error.fields.find((f) => f.path === 'name') : undefined;
  return (
    <>
      <WriteButton onClick={() => (create.reset(), setOpen(true))}>New pipeline</WriteButton>
      <Modal
        open={open}
        onOpenChange={(o) => create.isPending || setOpen(o)}
        title="New pipeline"
        description="It starts with the usual stages; change them after."
      >
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            create.submit(name.trim());
          }}
        >
          <Field label="Name of the new pipeline" name="name" error={error ? fieldSentence('The name', error.message) : undefined}>
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} autoComplete="off" />
          </Field>
          {error ? null : <ErrorBox error={create.error} />}
          <div className="actions">
            <SubmitButton pending={create.isPending}>Create pipeline</SubmitButton>
            <button type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      </Modal>
    </>
  );
}

/** The pipelines card of Settings (owners and admins). */
export function PipelineSection() {
  const pipelines = usePipelines();
  const [chosen, setChosen] = useState('');
  const list = pipelines.data ?? [];
  const current = list.find((p) => p.id === chosen) ?? (list.length ? defaultPipeline(list) : undefined);
  return (
    <section className="card" aria-labelledby="pipelines-title">
      <div className="section-head">
        <h2 id="pipelines-title">Pipelines and stages</h2>
        <NewPipeline onCreated={setChosen} />
      </div>
      {pipelines.isPending ? <Loading /> : null}
      {pipelines.isError ? <ErrorBox error={pipelines.error} retry={() => void pipelines.refetch()} /> : null}
      {list.length > 1 ? (
        <Field label="Pipeline to edit" name="pipeline">
          <select value={current?.id ?? ''} onChange={(e) => setChosen(e.target.value)}>
            {list.map((p) => (
              <option key={p.id} value={p.id}>
                {p.isDefault ? `${p.name} (default)` : p.name}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      {/* Keyed by the saved version: a save elsewhere (or here) starts the draft again from the server's. */}
      {current ? (
        <StageEditor key={JSON.stringify([current.id, draftOf(current)])} pipeline={current} onDeleted={() => setChosen('')} />
      ) : null}
    </section>
  );
}
