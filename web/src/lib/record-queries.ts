import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { client, ok } from './api';
import { displayName, getRecord, listPage, type AnyRecord, type ListQuery, type RecordType } from './records';

/*
 * Query keys and fetchers for records, shared by lists, pages and pickers, so a record fetched
 * once (by a picker's search, say) is in the cache for the next screen.
 */
export const recordKey = (type: RecordType, id: string) => ['record', type, id] as const;
export const listKey = (type: RecordType, query: ListQuery) => ['list', type, query] as const;

export function useRecord(type: RecordType, id: string | null | undefined) {
  return useQuery({ queryKey: recordKey(type, id ?? ''), queryFn: () => getRecord(type, id!), enabled: Boolean(id) });
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
