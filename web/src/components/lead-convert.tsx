import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiError, client, ok } from '../lib/api';
import { money, shortDate } from '../lib/format';
import { invalidateType, useRecord } from '../lib/record-queries';
import { displayName } from '../lib/records';
import type { Deal, Lead, LeadConversion } from '../lib/types';
import { fieldErrors } from '../lib/words';
import { Modal } from './dialog';
import { ErrorBox, Loading } from './errors';
import { Field } from './field';
import { useCreate } from './submit';
import { defaultPipeline, usePipelines } from './form-pipelines';
import { WriteButton } from './write';

/*
 * A lead's conversion: on its page, what it became (links to the contact, company and deal), or
 * the button that converts it. The dialog creates the contact (and the company, found by name or
 * created) and, if asked, a deal in the pipeline and stage chosen; then the new contact's page.
 */

const LABELS = { title: 'Deal title', value: 'Deal value', pipelineId: 'Pipeline', stageId: 'Deal stage', companyId: 'Company' };

/** The API names the deal's fields `createDeal.title`; the dialog's fields are named by the last part. */
function dealFieldErrors(e: unknown) {
  const mapped =
    e instanceof ApiError
      ? new ApiError(e.status, e.code, e.message, {
          ...e.details,
          fields: e.fields.map((f) => ({ ...f, path: f.path.split('.').pop() ?? f.path })),
        })
      : e;
  return { mapped, ...fieldErrors(mapped, LABELS) };
}

function ConvertDialog({ lead, open, onOpenChange }: { lead: Lead; open: boolean; onOpenChange: (open: boolean) => void }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const pipelines = usePipelines(open);
  const all = pipelines.data ?? [];
  const [pipelineId, setPipelineId] = useState('');
  const pipeline = all.find((p) => p.id === pipelineId) ?? defaultPipeline(all);
  const openStages = (pipeline?.stages ?? []).filter((s) => s.kind === 'open');
  const [withDeal, setWithDeal] = useState(true);
  const [title, setTitle] = useState(lead.title);
  const [value, setValue] = useState(lead.value == null ? '' : String(lead.value));
  const [stageId, setStageId] = useState('');
  const stage = openStages.find((s) => s.id === stageId) ?? openStages[0];
  // Converting creates records: once, however often Convert is pressed (Idempotency-Key).
  const convert = useCreate(
    async (_: void, key: string): Promise<LeadConversion> => {
      const createDeal =
        withDeal && pipeline
          ? {
              ...(title.trim() ? { title: title.trim() } : {}),
              pipelineId: pipeline.id,
              ...(stage ? { stageId: stage.id } : {}),
              ...(value.trim() ? { value: Number(value) } : {}),
            }
          : undefined;
      return ok(
        client.api.leads[':id'].convert.$post({
          param: { id: lead.id },
          json: createDeal ? { createDeal } : {},
          header: { 'idempotency-key': key },
        }),
      );
    },
    {
      onSuccess: async (done) => {
        invalidateType(qc, 'leads', lead.id);
        invalidateType(qc, 'contacts');
        invalidateType(qc, 'companies');
        invalidateType(qc, 'deals');
        onOpenChange(false);
        await navigate({ to: `/contacts/${done.contactId}` });
      },
    },
  );
  const { mapped, byField, others } = dealFieldErrors(convert.error);
  const becomes = [lead.contactName || lead.title, lead.companyName ? `at ${lead.companyName} (found by name, or created)` : null]
    .filter(Boolean)
    .join(' ');

  return (
    <Modal open={open} onOpenChange={(o) => (convert.isPending ? undefined : onOpenChange(o))} title={`Convert “${lead.title}”`}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          convert.submit();
        }}
      >
        <p>Creates the contact {becomes}. The lead stays, linked to what it became.</p>
        {pipelines.isPending ? (
          <Loading what="Loading the pipelines…" />
        ) : pipelines.isError ? (
          <ErrorBox error={pipelines.error} retry={() => void pipelines.refetch()} />
        ) : pipeline ? (
          <>
            <p className="check">
              <input type="checkbox" id="convert-with-deal" checked={withDeal} onChange={(e) => setWithDeal(e.target.checked)} />
              <label htmlFor="convert-with-deal">Also create a deal</label>
            </p>
            <fieldset className="deal-fields" disabled={!withDeal || convert.isPending}>
              <legend>The deal</legend>
              {all.length > 1 ? (
                <Field label={LABELS.pipelineId} name="pipelineId" error={byField.pipelineId}>
                  <select
                    value={pipeline.id}
                    onChange={(e) => {
                      setPipelineId(e.target.value);
                      setStageId('');
                    }}
                  >
                    {all.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                      </option>
                    ))}
                  </select>
                </Field>
              ) : (
                <p className="muted">In the {pipeline.name} pipeline.</p>
              )}
              <Field label={LABELS.title} name="title" error={byField.title}>
                <input value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
              </Field>
              <Field label={LABELS.value} name="value" error={byField.value}>
                <input type="number" min="0" step="0.01" inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} />
              </Field>
              <Field label={LABELS.stageId} name="stageId" error={byField.stageId}>
                <select value={stage?.id ?? ''} onChange={(e) => setStageId(e.target.value)}>
                  {openStages.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </Field>
            </fieldset>
          </>
        ) : (
          <p className="hint">There is no pipeline, so no deal can be created.</p>
        )}
        <ErrorBox error={mapped} others={others} />
        <div className="actions">
          <button
            type="submit"
            className="primary"
            disabled={convert.isPending || pipelines.isPending}
            aria-busy={convert.isPending || undefined}
          >
            Convert
          </button>
          <button type="button" onClick={() => onOpenChange(false)} disabled={convert.isPending}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** A link to what the lead became, or a plain note when that record has since been deleted. */
function Became({ to, query, text }: { to: string; query: { isPending: boolean; isError: boolean }; text: () => string }) {
  if (query.isPending) return <span className="muted">Loading…</span>;
  if (query.isError) return <span className="muted">deleted</span>;
  return <Link to={to}>{text()}</Link>;
}

const dealLabel = (d: Deal) => `${d.title} · ${money(d.value, d.currency)}`;

/** On a lead's page: what it became, or the button that converts it. */
export function LeadConversionSection({ lead }: { lead: Lead }) {
  const [open, setOpen] = useState(false);
  const contact = useRecord('contacts', lead.convertedContactId);
  const company = useRecord('companies', lead.convertedCompanyId);
  const deal = useRecord('deals', lead.convertedDealId);
  if (lead.convertedAt)
    return (
      <section className="card conversion" aria-labelledby="conversion-title">
        <h2 id="conversion-title">Converted</h2>
        <p>This lead was converted on {shortDate(lead.convertedAt)} into:</p>
        <dl className="fields">
          <dt>Contact</dt>
          <dd>
            {lead.convertedContactId ? (
              <Became to={`/contacts/${lead.convertedContactId}`} query={contact} text={() => displayName('contacts', contact.data!)} />
            ) : (
              '—'
            )}
          </dd>
          <dt>Company</dt>
          <dd>
            {lead.convertedCompanyId ? (
              <Became to={`/companies/${lead.convertedCompanyId}`} query={company} text={() => displayName('companies', company.data!)} />
            ) : (
              '—'
            )}
          </dd>
          <dt>Deal</dt>
          <dd>
            {lead.convertedDealId ? (
              <Became to={`/deals/${lead.convertedDealId}`} query={deal} text={() => dealLabel(deal.data as Deal)} />
            ) : (
              '—'
            )}
          </dd>
        </dl>
      </section>
    );
  return (
    <section className="card conversion" aria-labelledby="conversion-title">
      <h2 id="conversion-title">Conversion</h2>
      <p>Not converted yet.</p>
      <WriteButton className="primary" onClick={() => setOpen(true)}>
        Convert lead…
      </WriteButton>
      {open ? <ConvertDialog lead={lead} open={open} onOpenChange={setOpen} /> : null}
    </section>
  );
}
