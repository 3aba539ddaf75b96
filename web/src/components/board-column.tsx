import { useDroppable } from '@dnd-kit/core';
import { Link } from '@tanstack/react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { count, money } from '../lib/format';
import { usePrefetchRecords } from '../lib/record-queries';
import type { Deal } from '../lib/types';
import { BoardCard } from './board-card';
import { useColumnDeals, type BoardFilters, type BoardSummary, type Stage } from './board-queries';
import { ErrorBox } from './errors';

type StageSummary = BoardSummary['stages'][number];

/** "3 deals · EUR 1,200 + USD 50", as the server counted them. */
export function columnLine(s: StageSummary | undefined): string {
  if (!s) return 'Counting…';
  const totals = s.count > 0 ? s.totals : [];
  return `${count(s.count, 'deal')}${totals.length ? ` · ${totals.map((t) => money(t.amount, t.currency)).join(' + ')}` : ''}`;
}

/** True once the element has come near the viewport: a column off screen fetches nothing. */
function useSeen<T extends Element>() {
  const ref = useRef<T>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || seen) return;
    if (typeof IntersectionObserver === 'undefined') return setSeen(true);
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setSeen(true), { rootMargin: '200px' });
    io.observe(el);
    return () => io.disconnect();
  }, [seen]);
  return [ref, seen] as const;
}

export interface ColumnProps {
  pipelineId: string;
  stage: Stage;
  summary: StageSummary | undefined;
  filters: BoardFilters;
  movable: boolean;
  blocked: string | null;
  onMove: (deal: Deal) => void;
}

/** A stage: its header (count and totals), its cards virtualised in their own scroller, the next page fetched near the end. */
export function BoardColumn({ pipelineId, stage, summary, filters, movable, blocked, onMove }: ColumnProps) {
  const { setNodeRef, isOver, active } = useDroppable({ id: stage.id, data: { stage }, disabled: !movable || Boolean(blocked) });
  const [seenRef, seen] = useSeen<HTMLDivElement>();
  const deals = useColumnDeals(pipelineId, stage.id, filters, seen);
  const rows = deals.data?.pages.flatMap((p) => p.data) ?? [];
  // The cards' company names, for every deal fetched: one request, not one per few cards drawn.
  usePrefetchRecords(
    'companies',
    rows.map((d) => d.companyId),
  );
  const scroller = useRef<HTMLDivElement>(null);
  const more = Boolean(deals.hasNextPage);
  const virtualizer = useVirtualizer({
    count: rows.length + (more ? 1 : 0),
    getScrollElement: () => scroller.current,
    estimateSize: () => 118,
    overscan: 6,
    gap: 8,
    getItemKey: (i) => rows[i]?.id ?? 'more',
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];
  const { fetchNextPage, isFetchingNextPage } = deals;
  useEffect(() => {
    if (last && last.index >= rows.length - 5 && more && !isFetchingNextPage) void fetchNextPage();
  }, [last, rows.length, more, isFetchingNextPage, fetchNextPage]);

  const total = summary?.count ?? rows.length;
  const hiddenByStatus = stage.kind !== 'open' && filters.status !== 'all' && filters.status !== stage.kind;
  const fromHere = active?.data.current?.deal && (active.data.current.deal as Deal).stageId === stage.id;
  return (
    <section
      ref={setNodeRef}
      className={`column ${stage.kind}${isOver && !fromHere ? ' drop' : ''}`}
      role="listitem"
      aria-label={stage.name}
      data-stage-id={stage.id}
      tabIndex={-1}
    >
      <header>
        <h2>{stage.name}</h2>
        <p className="muted column-line">{columnLine(summary)}</p>
      </header>
      <div ref={seenRef} className="column-body">
        {deals.isError ? <ErrorBox error={deals.error} retry={() => void deals.refetch()} /> : null}
        <div ref={scroller} className="cards" role="list" aria-label={`Deals in ${stage.name}`} aria-busy={deals.isFetching || undefined}>
          <div className="cards-inner" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const deal = rows[item.index];
              const place = { transform: `translateY(${item.start}px)` };
              if (!deal)
                return (
                  <div key={item.key} ref={virtualizer.measureElement} data-index={item.index} className="cards-more" style={place}>
                    <button type="button" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
                      {isFetchingNextPage ? 'Loading more…' : `Show more (${rows.length} of ${total})`}
                    </button>
                  </div>
                );
              return (
                <BoardCard
                  key={item.key}
                  ref={virtualizer.measureElement}
                  data-index={item.index}
                  style={place}
                  deal={deal}
                  stageName={stage.name}
                  movable={movable}
                  blocked={blocked}
                  onMove={onMove}
                  index={item.index}
                  setSize={Math.max(total, rows.length)}
                />
              );
            })}
          </div>
        </div>
        {deals.isPending && seen ? <p className="muted column-note">Loading deals…</p> : null}
        {!deals.isPending && rows.length === 0 && !deals.isError ? (
          hiddenByStatus ? (
            <p className="muted column-note">
              {stage.kind === 'won' ? 'Won' : 'Lost'} deals are not shown.{' '}
              <Link to="." search={(s: Record<string, string>) => ({ ...s, status: stage.kind })} replace>
                Show {stage.kind} deals
              </Link>
            </p>
          ) : (
            <p className="muted column-note">No deals here.</p>
          )
        ) : null}
      </div>
    </section>
  );
}
