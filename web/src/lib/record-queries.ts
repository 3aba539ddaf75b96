import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { client, ok } from './api';
import { batchedRecord } from './record-batch';
import { displayName, listPage, type AnyRecord, type ListQuery, type RecordType } from './records';

/*
 * Query keys and fetchers for records, shared by lists, pages and pickers, so a record fetched
 * once (by a picker's search, say) is in the cache for the next screen.
 */
export const recordKey = (type: RecordType, id: string) => ['record', type, id] as const;
export const listKey = (type: RecordType, query: ListQuery) => ['list', type, query] as const;

/** One record by id; the lookups of one render (a list's linked names) go out as one list request (record-batch.ts). */
export function useRecord(type: RecordType, id: string | null | undefined) {
  return useQuery({ queryKey: recordKey(type, id ?? ''), queryFn: () => batchedRecord(type, id!), enabled: Boolean(id) });
}

/**
 * Asks for these records now, together (one batch), for rows that will use useRecord: a
 * virtualised board column mounts its cards a few at a time, each few its own batch otherwise.
 */
export function usePrefetchRecords(type: RecordType, ids: (string | null | undefined)[]) {
  const qc = useQueryClient();
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))].join(',');
  useEffect(() => {
    for (const id of wanted ? wanted.split(',') : [])
      void qc.prefetchQuery({ queryKey: recordKey(type, id), queryFn: () => batchedRecord(type, id) });
  }, [qc, type, wanted]);
}

export function useRecordList(type: RecordType, query: ListQuery, enabled = true) {
  return useQuery({ queryKey: listKey(type, query), queryFn: () => listPage(type, query), enabled, placeholderData: (prev) => prev });
}

/** Puts records a list brought into the per-record cache. */
export function seedRecords(qc: QueryClient, type: RecordType, records: AnyRecord[]) {
  for (const r of records) qc.setQueryData(recordKey(type, (r as { id: string }).id), r);
}

/** After any change to a type's records: its lists and the record itself are fetched again when shown. */
export function invalidateType(qc: QueryClient, type: RecordType, id?: string) {
  void qc.invalidateQueries({ queryKey: ['list', type] });
  void qc.invalidateQueries({ queryKey: ['board'] });
  if (id) void qc.invalidateQueries({ queryKey: recordKey(type, id) });
  if (id) void qc.invalidateQueries({ queryKey: ['timeline'] });
}

export interface Person {
  id: string;
  name: string;
  active: boolean;
}

/** The organisation's people (owners, assignees): at most the seats, so one request holds them all. */
export function usePeople() {
  return useQuery({
    queryKey: ['people'],
    queryFn: async (): Promise<Person[]> => (await ok(client.api.people.$get({ query: { limit: '200', sort: 'name' } }))).data as Person[],
    staleTime: 5 * 60_000,
  });
}

export function usePersonName() {
  const people = usePeople().data ?? [];
  return (id: string | null | undefined) => (id ? (people.find((p) => p.id === id)?.name ?? 'Someone else') : '—');
}

export const recordName = displayName;

export function useSeed() {
  const qc = useQueryClient();
  return (type: RecordType, records: AnyRecord[]) => seedRecords(qc, type, records);
}
