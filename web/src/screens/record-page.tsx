import { useIsFetching, useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useRouter } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { ActivityForm, LINK_FIELD } from '../components/activity-form';
import { ErrorBox, Loading } from '../components/errors';
import { usePipelines } from '../components/form-pipelines';
import { LeadConversionSection } from '../components/lead-convert';
import { useAskLostReason } from '../components/lost-reason';
import { MergeDialog, type MergeableType } from '../components/merge-dialog';
import { Screen } from '../components/screen';
import { RecordTasks } from '../components/task-list';
import { SectionLoading, Timeline } from '../components/timeline';
import { useToast } from '../components/toast';
import { WriteButton } from '../components/write';
import { client, ok } from '../lib/api';
import { count, money, shortDate } from '../lib/format';
import { invalidateType, recordKey, useRecord, useRecordList, usePersonName } from '../lib/record-queries';
import {
  deleteRecord,
  displayName,
  humanize,
  listHref,
  recordApi,
  RECORDS,
  type AnyRecord,
  type FieldDef,
  type RecordType,
} from '../lib/records';
import { isApiError, useWriteAccess } from '../lib/session';
import type { Company, Contact, Deal, Lead, Pipeline, Product } from '../lib/types';
import { errorHeadline } from '../lib/words';

/*
 * A record's page: its fields (linked records by name), what belongs to it (a company's contacts
 * and deals, a contact's deals, everyone's tasks), its timeline, and the actions: edit, merge
 * (contacts, companies), convert (leads), move (deals), delete to the trash with Undo.
 */

/** Types whose records have an owner (products do not). */
const OWNED: ReadonlySet<RecordType> = new Set(['contacts', 'companies', 'leads', 'deals']);
const MERGEABLE: ReadonlySet<RecordType> = new Set(['contacts', 'companies']);

export default function RecordPage({ type, id }: { type: RecordType; id: string }) {
  const spec = RECORDS[type];
  const record = useRecord(type, id);
  if (record.isError)
    return (
      <Screen title={isApiError(record.error, 404) ? `No such ${spec.singular}` : spec.title}>
        {isApiError(record.error, 404) ? (
          <p className="notice">
            This {spec.singular} is not here: it may have been deleted. Deleted records wait in the <Link to="/trash">Trash</Link>; or go
            back to <Link to={listHref(type)}>all {spec.title.toLowerCase()}</Link>.
          </p>
        ) : (
          <ErrorBox error={record.error} retry={() => void record.refetch()} />
        )}
      </Screen>
    );
  if (!record.data)
    return (
      <Screen title={spec.title} ready={false}>
        <Loading />
      </Screen>
    );
  // Keyed by the record: another record's page starts with its own state (dialogs closed).
  return <RecordView key={`${type}:${id}`} type={type} id={id} record={record.data} />;
}

function RecordView({ type, id, record }: { type: RecordType; id: string; record: AnyRecord }) {
  const spec = RECORDS[type];
  const name = displayName(type, record);
  const link = LINK_FIELD[type];
  const [merging, setMerging] = useState(false);
  // One loading line for the page while any of its parts loads for the first time (each part
  // shows a quiet placeholder of its own).
  const loading = useIsFetching({ predicate: (q) => q.state.status === 'pending' }) > 0;
  return (
    <Screen title={name} ready={!loading} actions={<Actions type={type} id={id} name={name} onMerge={() => setMerging(true)} />}>
      {loading ? <Loading /> : null}
      <p className="back-link">
        <Link to={listHref(type)}>← All {spec.title.toLowerCase()}</Link>
      </p>
      <div className="columns record-page" data-type={type}>
        <div>
          <section className="card" aria-labelledby="details-title">
            <h2 id="details-title">Details</h2>
            <Fields type={type} record={record} />
          </section>
          {type === 'leads' ? <LeadConversionSection lead={record as Lead} /> : null}
          {type === 'deals' ? <DealRelated deal={record as Deal} /> : null}
          {type === 'companies' ? <CompanyRelated company={record as Company} /> : null}
          {type === 'contacts' ? <ContactDeals contact={record as Contact} /> : null}
          {link ? <RecordTasks link={{ field: link, id }} name={name} /> : null}
        </div>
        <div>
          {link ? <ActivityForm type={type} id={id} /> : null}
          <section className="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title">Timeline</h2>
            <Timeline type={type} id={id} />
          </section>
        </div>
      </div>
      {MERGEABLE.has(type) && merging ? (
        <MergeDialog type={type as MergeableType} target={record} open={merging} onOpenChange={setMerging} />
      ) : null}
    </Screen>
  );
}

/** Edit, Merge with…, Delete: hidden from viewers; disabled with the reason in read-only mode. */
function Actions({ type, id, name, onMerge }: { type: RecordType; id: string; name: string; onMerge: () => void }) {
  const access = useWriteAccess();
  const qc = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const router = useRouter();
  const spec = RECORDS[type];
  const remove = useMutation({
    mutationFn: () => deleteRecord(type, id),
    onSuccess: async () => {
      await navigate({ to: listHref(type) });
      qc.removeQueries({ queryKey: recordKey(type, id) });
      invalidateType(qc, type);
      void qc.invalidateQueries({ queryKey: ['trash'] });
      toast(`Deleted “${name}”. It is in the trash.`, { action: { label: 'Undo', run: () => void undo() } });
    },
  });
  async function undo() {
    try {
      await ok(recordApi(type)[':id'].restore.$post({ param: { id } }));
      invalidateType(qc, type, id);
      void qc.invalidateQueries({ queryKey: ['trash'] });
      toast(`Restored “${name}”.`);
      // Still on the list the delete led to: back to the record.
      if (router.state.location.pathname === listHref(type)) await navigate({ to: `/${type}/${id}` });
    } catch (e) {
      toast(`Could not restore “${name}”: ${errorHeadline(e) ?? 'the server refused.'} It is still in the trash.`, { kind: 'error' });
    }
  }
  if (!access.visible) return null;
  const blocked = access.disabledReason;
  return (
    <>
      {blocked ? (
        <a
          className="button write-disabled"
          role="link"
          aria-disabled="true"
          tabIndex={0}
          title={blocked}
          aria-describedby="license-banner"
        >
          Edit
        </a>
      ) : (
        <Link className="button" to={`/${type}/${id}/edit`}>
          Edit
        </Link>
      )}
      {MERGEABLE.has(type) ? <WriteButton onClick={onMerge}>Merge with…</WriteButton> : null}
      <WriteButton
        className="danger"
        title={`To the trash: the ${spec.singular} can be restored from there.`}
        onClick={() => remove.mutate()}
        disabled={remove.isPending}
        aria-busy={remove.isPending || undefined}
      >
        Delete
      </WriteButton>
      {remove.isError ? (
        <p className="field-error" role="alert">
          Not deleted: {errorHeadline(remove.error)}
        </p>
      ) : null}
    </>
  );
}

/** A linked record's name (a link), or a note when it is gone; '—' for no link. */
function RecordLink({ type, id }: { type: RecordType; id: string | null | undefined }) {
  const linked = useRecord(type, id);
  if (!id) return <>—</>;
  if (linked.isError) return <span className="muted">a {RECORDS[type].singular} that is gone or in the trash</span>;
  return <Link to={`/${type}/${id}`}>{linked.data ? displayName(type, linked.data) : 'Loading…'}</Link>;
}

function Fields({ type, record }: { type: RecordType; record: AnyRecord }) {
  const values = record as unknown as Record<string, unknown>;
  const deal = type === 'deals' ? (record as Deal) : null;
  const pipelines = usePipelines(Boolean(deal));
  const person = usePersonName();
  const pipeline: Pipeline | undefined = deal ? pipelines.data?.find((p) => p.id === deal.pipelineId) : undefined;
  const shown = (f: FieldDef, v: unknown): ReactNode => {
    if (f.type === 'company') return <RecordLink type="companies" id={v as string | null} />;
    if (f.type === 'contact') return <RecordLink type="contacts" id={v as string | null} />;
    if (f.type === 'pipeline') return pipeline?.name ?? (pipelines.isPending ? 'Loading…' : String(v));
    if (f.type === 'stage') return pipeline?.stages.find((s) => s.id === v)?.name ?? (pipelines.isPending ? 'Loading…' : String(v));
    if (v == null || v === '') return '—';
    if (f.name === 'value' && deal) return money(deal.value, deal.currency);
    if (f.name === 'unitPrice' && type === 'products') return money((record as Product).unitPrice, (record as Product).currency);
    if (f.type === 'percent') return `${String(v)}%`;
    if (f.type === 'number' && typeof v === 'number') return v.toLocaleString('en');
    if (f.type === 'date') return String(v);
    if (f.type === 'url')
      return /^https?:\/\//i.test(String(v)) ? (
        <a href={String(v)} rel="noopener noreferrer" target="_blank">
          {String(v)}
        </a>
      ) : (
        String(v)
      );
    if (f.type === 'email') return <a href={`mailto:${String(v)}`}>{String(v)}</a>;
    if (f.type === 'tel') return <a href={`tel:${String(v).replace(/[^\d+]/g, '')}`}>{String(v)}</a>;
    return f.type === 'select' ? humanize(String(v)) : String(v);
  };
  const rows: [string, ReactNode][] = RECORDS[type].fields
    .filter((f) => !(deal && f.name === 'lostReason' && deal.status !== 'lost'))
    .map((f) => [f.label.replace(/\s*\(.*\)$/, ''), shown(f, values[f.name])]);
  if (type === 'leads') {
    const lead = record as Lead;
    rows.push(['Number', lead.number]);
  }
  if (deal) rows.push(['Status', humanize(deal.status) + (deal.closedAt ? ` · closed ${shortDate(deal.closedAt)}` : '')]);
  if (type === 'products') rows.push(['Active', (record as Product).active ? 'Yes, offered for sale' : 'No, retired']);
  if (OWNED.has(type)) rows.push(['Owner', values.ownerId ? person(values.ownerId as string) : 'Nobody']);
  rows.push(['Created', shortDate(values.createdAt as string)], ['Updated', shortDate(values.updatedAt as string)]);
  return (
    <dl className="fields">
      {rows.map(([label, value]) => (
        <div key={label} className="field-row">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function DealRow({ d }: { d: Deal }) {
  return (
    <li>
      <Link to={`/deals/${d.id}`}>{d.title}</Link>{' '}
      <span className="muted">
        · {money(d.value, d.currency)} · {humanize(d.status)}
      </span>
    </li>
  );
}

/** A related list: its heading with the total, the first 50, and the list page filtered the same way for the rest. */
function Related<T>({
  title,
  query,
  empty,
  more,
  row,
}: {
  title: string;
  query: ReturnType<typeof useRecordList>;
  empty: string;
  more: { to: string; search: Record<string, string> };
  row: (r: T) => ReactNode;
}) {
  const page = query.data;
  return (
    <>
      <h3>
        {title}
        {page ? ` (${page.total.toLocaleString('en')})` : ''}
      </h3>
      {query.isPending ? (
        <SectionLoading />
      ) : query.isError ? (
        <ErrorBox error={query.error} retry={() => void query.refetch()} />
      ) : page && page.data.length ? (
        <>
          <ul className="related-list" aria-label={title}>
            {(page.data as T[]).map(row)}
          </ul>
          {page.total > page.data.length ? (
            <p className="muted">
              The first {count(page.data.length, 'one')} are shown:{' '}
              <Link to={more.to} search={more.search}>
                see all {page.total.toLocaleString('en')}
              </Link>
              .
            </p>
          ) : null}
        </>
      ) : (
        <p className="empty">{empty}</p>
      )}
    </>
  );
}

function CompanyRelated({ company }: { company: Company }) {
  const contacts = useRecordList('contacts', { companyId: company.id, limit: '50', sort: 'lastName' });
  const deals = useRecordList('deals', { companyId: company.id, limit: '50' });
  return (
    <section className="card related" aria-labelledby="related-title">
      <h2 id="related-title">Related</h2>
      <Related<Contact>
        title="Contacts"
        query={contacts}
        empty="No contacts."
        more={{ to: '/contacts', search: { companyId: company.id } }}
        row={(c) => (
          <li key={c.id}>
            <Link to={`/contacts/${c.id}`}>{displayName('contacts', c)}</Link>
            {c.title ? <span className="muted"> · {c.title}</span> : null}
          </li>
        )}
      />
      <Related<Deal>
        title="Deals"
        query={deals}
        empty="No deals."
        more={{ to: '/deals/list', search: { companyId: company.id } }}
        row={(d) => <DealRow key={d.id} d={d} />}
      />
    </section>
  );
}

function ContactDeals({ contact }: { contact: Contact }) {
  const deals = useRecordList('deals', { contactId: contact.id, limit: '50' });
  return (
    <section className="card related" aria-labelledby="related-title">
      <h2 id="related-title">Related</h2>
      <Related<Deal>
        title="Deals"
        query={deals}
        empty="No deals."
        more={{ to: '/deals/list', search: { contactId: contact.id } }}
        row={(d) => <DealRow key={d.id} d={d} />}
      />
    </section>
  );
}

/** A deal's stage, changed right here (a lost stage asks why first), and its board. */
function DealRelated({ deal }: { deal: Deal }) {
  const qc = useQueryClient();
  const toast = useToast();
  const access = useWriteAccess();
  const pipelines = usePipelines();
  const pipeline = pipelines.data?.find((p) => p.id === deal.pipelineId);
  const { askLostReason, lostReasonDialog } = useAskLostReason();
  const [error, setError] = useState<unknown>(null);
  const move = useMutation({
    mutationFn: async (vars: { stageId: string; lostReason?: string }) =>
      (await ok(client.api.deals[':id'].move.$post({ param: { id: deal.id }, json: vars as never }))) as unknown as Deal,
    onSuccess: (moved) => {
      qc.setQueryData(recordKey('deals', deal.id), moved);
      invalidateType(qc, 'deals', deal.id);
    },
  });
  async function choose(stageId: string) {
    const stage = pipeline?.stages.find((s) => s.id === stageId);
    if (!stage || stage.id === deal.stageId) return;
    setError(null);
    if (stage.kind === 'lost') {
      const moved = await askLostReason({ deal, stageName: stage.name, move: (lostReason) => move.mutateAsync({ stageId, lostReason }) });
      if (moved) toast(`Moved “${deal.title}” to ${stage.name}.`);
      return;
    }
    move.mutate({ stageId }, { onSuccess: () => toast(`Moved “${deal.title}” to ${stage.name}.`), onError: setError });
  }
  const blocked = access.disabledReason;
  return (
    <section className="card related" aria-labelledby="related-title">
      <h2 id="related-title">Pipeline</h2>
      {access.visible && pipeline ? (
        <div className="field deal-move">
          <label htmlFor="deal-move-stage">Move to stage</label>
          <select
            id="deal-move-stage"
            value={deal.stageId}
            disabled={move.isPending || Boolean(blocked)}
            title={blocked ?? undefined}
            aria-describedby={blocked ? 'license-banner' : undefined}
            onChange={(e) => void choose(e.target.value)}
          >
            {pipeline.stages.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <ErrorBox error={error} />
      <p>
        <Link to="/deals" search={{ pipelineId: deal.pipelineId }}>
          On the {pipeline?.name ?? 'pipeline'} board
        </Link>
      </p>
      {lostReasonDialog}
    </section>
  );
}
