import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryKey } from '@tanstack/react-query';
import { client, ok } from '../lib/api';
import { listKey, recordKey } from '../lib/record-queries';
import { listPage, saveRecord } from '../lib/records';
import type { Deal, Pipeline } from '../lib/types';

/*
 * The board's data: one summary (every stage's count and per-currency totals, counted by the
 * server) and one keyset-paged list per column, fetched as the column is seen and scrolled.
 * Every key starts with 'board', which invalidateType() refreshes after any deal change.
 */

export const BOARD_STATUSES = ['open', 'won', 'lost', 'all'] as const;
export type BoardStatus = (typeof BOARD_STATUSES)[number];
export type Stage = Pipeline['stages'][number];

/** What the board shows, as the URL and the API spell it: only the filters that are set. */
export interface BoardFilters {
  status: BoardStatus;
  ownerId?: string;
  q?: string;
  closeFrom?: string;
  closeTo?: string;
}

/** GET /api/deals/board's answer: every stage of the pipeline with its count and per-currency totals. */
export type BoardSummary = Awaited<ReturnType<typeof ok<Awaited<ReturnType<typeof client.api.deals.board.$get>>>>>;

type Page = { data: Deal[]; nextCursor: string | null; total: number };

export const PAGE_SIZE = 50;

const query = (pipelineId: string, filters: BoardFilters): Record<string, string> =>
  Object.fromEntries(Object.entries({ pipelineId, ...filters }).filter(([, v]) => v)) as Record<string, string>;

export const summaryKey = (pipelineId: string, filters: BoardFilters) => ['board', 'summary', query(pipelineId, filters)] as const;
export const columnKey = (pipelineId: string, stageId: string, filters: BoardFilters) =>
  ['board', 'column', stageId, query(pipelineId, filters)] as const;

/** GET /api/deals/board: the counts and totals the column headers show. */
export function useBoardSummary(pipelineId: string | undefined, filters: BoardFilters) {
  return useQuery({
    queryKey: summaryKey(pipelineId ?? '', filters),
    enabled: Boolean(pipelineId),
    placeholderData: (prev) => prev,
    queryFn: async (): Promise<BoardSummary> => {
      const { status, ...rest } = filters;
      return await ok(client.api.deals.board.$get({ query: { pipelineId: pipelineId!, status, ...rest } }));
    },
  });
}

/** One column's deals, 50 at a time along the list's keyset cursor; nothing is fetched before `enabled`. */
export function useColumnDeals(pipelineId: string, stageId: string, filters: BoardFilters, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: columnKey(pipelineId, stageId, filters),
    enabled,
    initialPageParam: '',
    getNextPageParam: (last: Page) => last.nextCursor ?? undefined,
    queryFn: async ({ pageParam }) =>
      (await listPage('deals', {
        ...query(pipelineId, filters),
        stageId,
        limit: String(PAGE_SIZE),
        cursor: pageParam || undefined,
      })) as unknown as Page,
  });
}

export interface MoveVars {
  deal: Deal;
  to: Stage;
  lostReason?: string;
}

type Snapshot = [QueryKey, unknown][];

const inView = (status: Deal['status'], filters: BoardFilters) => filters.status === 'all' || filters.status === status;

/**
 * A move: one PATCH of the deal's stageId (with the lost reason for a lost stage). The card
 * changes columns and the headers their counts at once; an error puts everything back.
 */
export function useMoveDeal(pipelineId: string, filters: BoardFilters) {
  const qc = useQueryClient();
  return useMutation<Deal, unknown, MoveVars, Snapshot>({
    mutationFn: ({ deal, to, lostReason }) =>
      saveRecord('deals', deal.id, { stageId: to.id, ...(lostReason ? { lostReason } : {}) }) as Promise<Deal>,
    onMutate: async ({ deal, to }) => {
      const from = columnKey(pipelineId, deal.stageId, filters);
      const into = columnKey(pipelineId, to.id, filters);
      const summary = summaryKey(pipelineId, filters);
      await Promise.all([from, into, summary].map((queryKey) => qc.cancelQueries({ queryKey, exact: true })));
      const snapshot: Snapshot = [from, into, summary].map((k) => [k, qc.getQueryData(k)]);
      const moved: Deal = { ...deal, stageId: to.id, status: to.kind };
      const shown = inView(moved.status, filters);
      qc.setQueryData<InfiniteData<Page>>(
        from,
        (d) => d && { ...d, pages: d.pages.map((p) => ({ ...p, data: p.data.filter((x) => x.id !== deal.id) })) },
      );
      if (shown)
        qc.setQueryData<InfiniteData<Page>>(into, (d) =>
          d && d.pages.length > 0 ? { ...d, pages: d.pages.map((p, i) => (i === 0 ? { ...p, data: [moved, ...p.data] } : p)) } : d,
        );
      qc.setQueryData<BoardSummary>(summary, (s) => {
        if (!s) return s;
        const add = (totals: BoardSummary['stages'][number]['totals'], sign: 1 | -1) => {
          const has = totals.some((t) => t.currency === deal.currency);
          const next = (has ? totals : [...totals, { currency: deal.currency, amount: 0 }]).map((t) =>
            t.currency === deal.currency ? { ...t, amount: Math.round((t.amount + sign * deal.value) * 100) / 100 } : t,
          );
          return next.filter((t) => t.amount !== 0 || sign === 1);
        };
        return {
          ...s,
          stages: s.stages.map((st) => {
            if (st.stageId === deal.stageId) return { ...st, count: Math.max(0, st.count - 1), totals: add(st.totals, -1) };
            if (st.stageId === to.id && shown) return { ...st, count: st.count + 1, totals: add(st.totals, 1) };
            return st;
          }),
        };
      });
      return snapshot;
    },
    onError: (_e, _vars, snapshot) => {
      for (const [key, data] of snapshot ?? []) qc.setQueryData(key, data);
    },
    onSuccess: (saved) => {
      qc.setQueryData(recordKey('deals', saved.id), saved);
    },
    onSettled: (_d, _e, { deal, to }) => {
      void qc.invalidateQueries({ queryKey: ['board', 'summary'] });
      for (const stageId of [deal.stageId, to.id]) void qc.invalidateQueries({ queryKey: ['board', 'column', stageId] });
      void qc.invalidateQueries({ queryKey: listKey('deals', {}).slice(0, 2) });
      void qc.invalidateQueries({ queryKey: ['timeline'] });
      void qc.invalidateQueries({ queryKey: ['analytics'] });
    },
  });
}
