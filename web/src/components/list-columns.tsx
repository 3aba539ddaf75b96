import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { dayDate } from '../lib/format';
import { usePersonName, useRecord } from '../lib/record-queries';
import { displayName, RECORDS, type AnyRecord, type RecordType } from '../lib/records';
import type { Deal } from '../lib/types';
import { stageName, usePipelines } from './form-pipelines';

/** One column of a record list: `sortKey` is the server's sort field when the header sorts. */
export interface ListColumn {
  id: string;
  label: string;
  sortKey?: string;
  /** Numbers and dates sort largest or newest first on the first click. */
  descFirst?: boolean;
  cell: (r: AnyRecord) => ReactNode;
}

/** Which registry columns the server can sort by, per type (the list query's `sort` values). */
const SORTABLE: Record<RecordType, Record<string, [key: string, descFirst?: boolean]>> = {
  contacts: { Name: ['lastName'] },
  companies: { Name: ['name'] },
  leads: { Title: ['title'], Number: ['number', true] },
  deals: { Title: ['title'], Value: ['value', true], 'Close date': ['expectedCloseDate'] },
  products: { Name: ['name'] },
};

const id = (r: AnyRecord) => (r as { id: string }).id;

export function RecordLink({ type, record }: { type: RecordType; record: AnyRecord }) {
  return (
    <Link to={`/${type}/${id(record)}`} className="row-link">
      {displayName(type, record)}
    </Link>
  );
}

/** A linked record's name, read by id (cached: a page of contacts at one company asks once). */
function LinkedName({ type, value }: { type: RecordType; value: string | null }) {
  const linked = useRecord(type, value);
  if (!value) return null;
  if (linked.isPending) return <span className="muted">…</span>;
  if (!linked.data) return null;
  return <Link to={`/${type}/${value}`}>{displayName(type, linked.data)}</Link>;
}

function OwnerName({ value }: { value: string | null }) {
  return <>{usePersonName()(value)}</>;
}

function StageName({ deal }: { deal: Deal }) {
  const pipelines = usePipelines();
  return <>{stageName(pipelines.data ?? [], deal.pipelineId, deal.stageId)}</>;
}

/** The columns of a type's list: the registry's, with the name linking to the record, and the links, owner and creation date. */
export function columnsFor(type: RecordType): ListColumn[] {
  const spec = RECORDS[type];
  const columns: ListColumn[] = spec.columns.map(([label, get], i) => {
    const sortable = SORTABLE[type][label];
    return {
      id: sortable?.[0] ?? `col-${i}`,
      label,
      ...(sortable ? { sortKey: sortable[0], descFirst: sortable[1] ?? false } : {}),
      cell: i === 0 ? (r: AnyRecord) => <RecordLink type={type} record={r} /> : (r: AnyRecord) => (get as (x: AnyRecord) => string)(r),
    };
  });
  if (type === 'deals') columns.push({ id: 'stage', label: 'Stage', cell: (r) => <StageName deal={r as Deal} /> });
  if (type === 'contacts' || type === 'deals')
    columns.push({
      id: 'company',
      label: 'Company',
      cell: (r) => <LinkedName type="companies" value={(r as { companyId: string | null }).companyId} />,
    });
  if (type === 'deals')
    columns.push({
      id: 'contact',
      label: 'Contact',
      cell: (r) => <LinkedName type="contacts" value={(r as Deal).contactId} />,
    });
  if (type !== 'products')
    columns.push({ id: 'owner', label: 'Owner', cell: (r) => <OwnerName value={(r as { ownerId: string | null }).ownerId} /> });
  columns.push({
    id: 'createdAt',
    label: 'Created',
    sortKey: 'createdAt',
    descFirst: true,
    cell: (r) => dayDate((r as { createdAt: string }).createdAt),
  });
  return columns;
}
