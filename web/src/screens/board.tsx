import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  TouchSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  type PointerSensorOptions,
} from '@dnd-kit/core';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useId, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { CardOverlay } from '../components/board-card';
import { BoardColumn } from '../components/board-column';
import { MoveDialog } from '../components/board-move';
import { BOARD_STATUSES, useBoardSummary, useMoveDeal, type BoardFilters, type BoardStatus, type Stage } from '../components/board-queries';
import { ErrorBox, Loading } from '../components/errors';
import { Field } from '../components/field';
import { defaultPipeline, usePipelines } from '../components/form-pipelines';
import { PersonPicker } from '../components/record-picker';
import { Screen } from '../components/screen';
import { SubmitButton, useCreate } from '../components/submit';
import { useToast } from '../components/toast';
import { useAskLostReason } from '../components/lost-reason';
import { ForWriters } from '../components/write';
import { ok } from '../lib/api';
import { invalidateType } from '../lib/record-queries';
import { recordApi } from '../lib/records';
import { useWriteAccess } from '../lib/session';
import type { Deal, Pipeline } from '../lib/types';
import { useDebounced } from '../lib/use-debounced';
import { errorHeadline, fieldErrors } from '../lib/words';

/** Mouse and pen only: a finger goes to the TouchSensor, whose press-and-hold leaves scrolling to the page. */
class MouseAndPenSensor extends PointerSensor {
  static override activators = [
    {
      eventName: 'onPointerDown' as const,
      handler: ({ nativeEvent: e }: ReactPointerEvent, { onActivation }: PointerSensorOptions) => {
        if (!e.isPrimary || e.button !== 0 || e.pointerType === 'touch') return false;
        // The card's buttons and links keep their clicks; a drag starts anywhere else on the card (the title too).
        if ((e.target as Element).closest('button, input, textarea, select')) return false;
        onActivation?.({ event: e });
        return true;
      },
    },
  ];
}

const STATUS_LABEL: Record<BoardStatus, string> = { open: 'Open', won: 'Won', lost: 'Lost', all: 'All' };
const FILTER_NAMES = ['ownerId', 'q', 'closeFrom', 'closeTo'] as const;

function readFilters(search: Record<string, string>): BoardFilters {
  const status = (BOARD_STATUSES as readonly string[]).includes(search.status ?? '') ? (search.status as BoardStatus) : 'open';
  const out: BoardFilters = { status };
  for (const name of FILTER_NAMES) if (search[name]) out[name] = search[name];
  return out;
}

export default function Board() {
  const search = useSearch({ strict: false }) as Record<string, string>;
  const navigate = useNavigate();
  const pipelines = usePipelines();
  const all = pipelines.data ?? [];
  const pipeline = all.find((p) => p.id === (search.pipelineId ?? search.pipeline)) ?? defaultPipeline(all);
  const set = (changes: Record<string, string | undefined>) =>
    void navigate({ to: '.', search: { ...search, ...changes, pipeline: undefined }, replace: true });

  return (
    <Screen
      title="Pipeline"
      ready={!pipelines.isPending}
      actions={
        <Link
          className="button"
          to="/deals/list"
          search={Object.fromEntries(
            Object.entries({ ...readFilters(search), pipelineId: all.length > 1 ? pipeline?.id : undefined }).filter(([, v]) => v),
          )}
        >
          List view
        </Link>
      }
    >
      {pipelines.isPending ? <Loading /> : null}
      {pipelines.isError ? <ErrorBox error={pipelines.error} retry={() => void pipelines.refetch()} /> : null}
      {pipelines.isSuccess && !pipeline ? <p className="empty">No pipeline yet. An owner or admin creates one in Settings.</p> : null}
      {pipeline ? <PipelineBoard key={pipeline.id} pipeline={pipeline} pipelines={all} search={search} set={set} /> : null}
    </Screen>
  );
}

function PipelineBoard({
  pipeline,
  pipelines,
  search,
  set,
}: {
  pipeline: Pipeline;
  pipelines: Pipeline[];
  search: Record<string, string>;
  set: (changes: Record<string, string | undefined>) => void;
}) {
  const filters = useMemo(() => readFilters(search), [search]);
  const access = useWriteAccess();
  const movable = access.visible;
  const blocked = access.disabledReason;
  const summary = useBoardSummary(pipeline.id, filters);
  const mover = useMoveDeal(pipeline.id, filters);
  const toast = useToast();
  const [status, setStatus] = useState<{ text: string } | null>(null);
  const [dragging, setDragging] = useState<Deal | null>(null);
  const [moving, setMoving] = useState<Deal | null>(null);
  const { askLostReason, lostReasonDialog } = useAskLostReason();
  const boardRef = useRef<HTMLDivElement>(null);
  const stages = pipeline.stages;
  const stageName = (id: string | null | undefined) => stages.find((s) => s.id === id)?.name ?? 'another stage';

  /** After a move the card lives in another column: focus goes to it there (or to that column when it is not shown). */
  const refocus = (dealId: string, stageId: string) => {
    const focusIt = () => {
      const board = boardRef.current;
      const card = board?.querySelector<HTMLElement>(`[data-deal-id="${CSS.escape(dealId)}"] .stage-select`);
      (card ?? board?.querySelector<HTMLElement>(`[data-stage-id="${CSS.escape(stageId)}"]`))?.focus();
    };
    requestAnimationFrame(focusIt);
    // The board refetches after a move and may redraw the card a moment later; focus that fell
    // to the page with the old element is put back, for two seconds at most.
    let tries = 0;
    const timer = setInterval(() => {
      if (++tries > 20) return clearInterval(timer);
      if (document.activeElement === document.body) focusIt();
    }, 100);
  };

  /** One move; a refusal is told where the move was asked for (the dialog, or a notice after a drop). */
  async function move(vars: { deal: Deal; to: Stage; lostReason?: string }) {
    const saved = await mover.mutateAsync(vars);
    setStatus({ text: `Moved “${vars.deal.title}” to ${vars.to.name}.` });
    return saved;
  }

  /** A lost stage: the reason first (Cancel sends nothing), then the one PATCH with it; focus back on the card after. */
  async function moveToLost(deal: Deal, to: Stage) {
    const moved = await askLostReason({ deal, stageName: to.name, move: (lostReason) => move({ deal, to, lostReason }) });
    refocus(deal.id, moved ? to.id : deal.stageId);
  }

  /** A drop (pointer, touch or keyboard): one PATCH, or the lost reason asked first. */
  function dropped(deal: Deal, to: Stage) {
    if (deal.stageId === to.id) return;
    if (to.kind === 'lost') return void moveToLost(deal, to);
    move({ deal, to }).catch((e: unknown) => {
      setStatus(null);
      toast(`“${deal.title}” was not moved: ${errorHeadline(e) ?? fieldErrors(e, {}).others.join(' ')}`, { kind: 'error' });
    });
  }

  /** The Move… dialog's choice: moved at once, or (a lost stage) the chooser gives way to the lost reason dialog. */
  async function chosen(deal: Deal, to: Stage) {
    if (to.kind === 'lost') {
      setMoving(null);
      return moveToLost(deal, to);
    }
    await move({ deal, to });
    setMoving(null);
    refocus(deal.id, to.id);
  }

  const sensors = useSensors(
    useSensor(MouseAndPenSensor, { activationConstraint: { distance: 6 } }),
    // Press and hold to drag on a phone; a swipe before that scrolls the page as usual.
    useSensor(TouchSensor, { activationConstraint: { delay: 220, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnJump(stages) }),
  );

  const announcements: Announcements = {
    onDragStart: ({ active }) =>
      `Picked up ${dealOf(active)?.title ?? 'the deal'}. Arrow keys choose the stage, Space drops, Escape cancels.`,
    onDragOver: ({ active, over }) =>
      over
        ? `${dealOf(active)?.title ?? 'The deal'} is over ${stageName(String(over.id))}.`
        : `${dealOf(active)?.title ?? 'The deal'} is over no stage.`,
    onDragEnd: ({ active, over }) =>
      over && over.id !== dealOf(active)?.stageId
        ? `Dropped ${dealOf(active)?.title ?? 'the deal'} on ${stageName(String(over.id))}.`
        : `${dealOf(active)?.title ?? 'The deal'} stays in ${stageName(dealOf(active)?.stageId)}.`,
    onDragCancel: ({ active }) => `Cancelled. ${dealOf(active)?.title ?? 'The deal'} stays in ${stageName(dealOf(active)?.stageId)}.`,
  };

  const onDragStart = (e: DragStartEvent) => setDragging(dealOf(e.active) ?? null);
  const onDragEnd = (e: DragEndEvent) => {
    setDragging(null);
    const deal = dealOf(e.active);
    const to = stages.find((s) => s.id === e.over?.id);
    if (deal && to) dropped(deal, to);
  };

  const boardStages = stages.map((s) => ({ stage: s, summary: summary.data?.stages.find((x) => x.stageId === s.id) }));
  return (
    <div className="board-view">
      <BoardToolbar pipeline={pipeline} pipelines={pipelines} filters={filters} set={set} />
      <ForWriters>
        <QuickAdd pipeline={pipeline} onAdded={(d) => setStatus({ text: `Added “${d.title}” to ${stageName(d.stageId)}.` })} />
      </ForWriters>
      <div className="form-status" role="status" aria-live="polite">
        {status ? <p>{status.text}</p> : null}
      </div>
      {summary.isError ? <ErrorBox error={summary.error} retry={() => void summary.refetch()} /> : null}
      <DndContext
        sensors={sensors}
        collisionDetection={pointerThenRect}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDragging(null)}
        accessibility={{
          announcements,
          screenReaderInstructions: {
            draggable:
              'To move this deal, press Space, choose a stage with the arrow keys, and press Space again to drop it or Escape to cancel.',
          },
        }}
      >
        <div className="board" role="list" aria-label={`${pipeline.name} pipeline`} ref={boardRef}>
          {boardStages.map(({ stage, summary: s }) => (
            <BoardColumn
              key={stage.id}
              pipelineId={pipeline.id}
              stage={stage}
              summary={s}
              filters={filters}
              movable={movable}
              blocked={blocked}
              onMove={setMoving}
            />
          ))}
        </div>
        <DragOverlay dropAnimation={null}>{dragging ? <CardOverlay deal={dragging} /> : null}</DragOverlay>
      </DndContext>
      {movable && !blocked ? (
        <p className="hint">
          Drag a card to another stage (on a phone, press and hold it first), or use its Move… button to choose the stage.
        </p>
      ) : null}
      <MoveDialog
        deal={moving}
        stages={stages}
        choose={chosen}
        onClose={(moved) => {
          const was = moving;
          setMoving(null);
          if (was && !moved) refocus(was.id, was.stageId);
        }}
      />
      {lostReasonDialog}
    </div>
  );
}

const dealOf = (active: { data: { current?: Record<string, unknown> | undefined } }) => active.data.current?.deal as Deal | undefined;

/** The pointer's column when there is a pointer; for the keyboard, the column the card overlaps most. */
const pointerThenRect: CollisionDetection = (args) => {
  const hits = args.pointerCoordinates ? pointerWithin(args) : [];
  return hits.length > 0 ? hits : rectIntersection(args);
};

/** The keyboard drag's arrows go from column to column (board order), not 25 pixels at a time. */
function columnJump(stages: Stage[]): KeyboardCoordinateGetter {
  return (event, { context: { active, over, droppableRects, collisionRect } }) => {
    const forward = event.code === 'ArrowRight' || event.code === 'ArrowDown';
    const back = event.code === 'ArrowLeft' || event.code === 'ArrowUp';
    if (!forward && !back) return undefined;
    event.preventDefault();
    const ids = stages.map((s) => s.id).filter((id) => droppableRects.has(id));
    const here = String(over?.id ?? (active?.data.current?.deal as Deal | undefined)?.stageId ?? '');
    const i = ids.indexOf(here);
    const next = ids[Math.min(ids.length - 1, Math.max(0, (i < 0 ? 0 : i) + (forward ? 1 : -1)))];
    const rect = next ? droppableRects.get(next) : undefined;
    if (!rect || !collisionRect) return undefined;
    return { x: rect.left + Math.max(0, (rect.width - collisionRect.width) / 2), y: rect.top + Math.min(64, rect.height / 4) };
  };
}

function BoardToolbar({
  pipeline,
  pipelines,
  filters,
  set,
}: {
  pipeline: Pipeline;
  pipelines: Pipeline[];
  filters: BoardFilters;
  set: (changes: Record<string, string | undefined>) => void;
}) {
  const [q, setQ] = useState(filters.q ?? '');
  const settled = useDebounced(q.trim(), 300);
  const current = filters.q ?? '';
  const setRef = useRef(set);
  setRef.current = set;
  // What this input last wrote to the URL: that change coming back must not undo the typing since.
  const written = useRef(current);
  useEffect(() => {
    if (settled === current) return;
    written.current = settled;
    setRef.current({ q: settled || undefined });
    // Only a pause in typing writes the URL; a URL change from elsewhere (Back, Clear) is read below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settled]);
  const [lastUrlQ, setLastUrlQ] = useState(current);
  if (current !== lastUrlQ) {
    setLastUrlQ(current);
    if (current !== written.current && current !== q.trim()) setQ(current);
  }
  const statusId = useId();
  const anyFilter = FILTER_NAMES.some((n) => filters[n]);
  return (
    <div className="board-toolbar">
      <div className="toolbar">
        {pipelines.length > 1 ? (
          <Field label="Pipeline">
            <select name="pipelineId" value={pipeline.id} onChange={(e) => set({ pipelineId: e.target.value })}>
              {pipelines.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        <div className="field status-toggle">
          <span className="field-label" id={statusId}>
            Deals
          </span>
          <div className="segmented-buttons" role="group" aria-labelledby={statusId}>
            {BOARD_STATUSES.map((s) => (
              <button
                key={s}
                type="button"
                aria-pressed={filters.status === s}
                onClick={() => set({ status: s === 'open' ? undefined : s })}
              >
                {STATUS_LABEL[s]}
              </button>
            ))}
          </div>
        </div>
      </div>
      <form
        className="toolbar board-filters"
        aria-label="Board filters"
        role="search"
        onSubmit={(e) => (e.preventDefault(), set({ q: q.trim() || undefined }))}
      >
        <Field label="Search deals">
          <input type="search" name="q" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
        </Field>
        <Field label="Owner">
          <PersonPicker
            value={filters.ownerId ?? null}
            onChange={(id) => set({ ownerId: id ?? undefined })}
            clearable
            emptyLabel="Anyone"
          />
        </Field>
        <Field label="Expected close from">
          <input
            type="date"
            name="closeFrom"
            value={filters.closeFrom ?? ''}
            max={filters.closeTo}
            onChange={(e) => set({ closeFrom: e.target.value || undefined })}
          />
        </Field>
        <Field label="Expected close to">
          <input
            type="date"
            name="closeTo"
            value={filters.closeTo ?? ''}
            min={filters.closeFrom}
            onChange={(e) => set({ closeTo: e.target.value || undefined })}
          />
        </Field>
        {anyFilter ? (
          <button
            type="button"
            onClick={() => (setQ(''), set({ q: undefined, ownerId: undefined, closeFrom: undefined, closeTo: undefined }))}
          >
            Clear filters
          </button>
        ) : null}
      </form>
    </div>
  );
}

/** The board's own quick add: a deal in one of this pipeline's open stages. */
function QuickAdd({ pipeline, onAdded }: { pipeline: Pipeline; onAdded: (deal: Deal) => void }) {
  const qc = useQueryClient();
  const open = pipeline.stages.filter((s) => s.kind === 'open');
  const [title, setTitle] = useState('');
  const [value, setValue] = useState('');
  const [stageId, setStageId] = useState(open[0]?.id ?? '');
  const create = useCreate(
    async (body: Record<string, unknown>, key: string) =>
      (await ok(recordApi('deals').$post({ json: body as never, header: { 'idempotency-key': key } }))) as unknown as Deal,
    {
      onSuccess: (deal) => {
        setTitle('');
        setValue('');
        invalidateType(qc, 'deals');
        onAdded(deal);
      },
    },
  );
  const { byField, others } = fieldErrors(create.error, { title: 'Deal title', value: 'Value', stageId: 'Stage' });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    create.submit({ title: title.trim(), pipelineId: pipeline.id, stageId, ...(value.trim() ? { value: Number(value) } : {}) });
  };
  return (
    <form className="card quick-add inline" aria-label="New deal" onSubmit={submit} noValidate>
      <fieldset>
        <legend>New deal</legend>
        <Field label="Deal title" error={byField.title} name="title">
          <input name="title" required value={title} onChange={(e) => setTitle(e.target.value)} />
        </Field>
        <Field label="Value" error={byField.value} name="value">
          <input
            name="value"
            type="number"
            min="0"
            step="0.01"
            inputMode="decimal"
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        </Field>
        <Field label="Stage" error={byField.stageId} name="stageId">
          <select name="stageId" value={stageId} onChange={(e) => setStageId(e.target.value)}>
            {open.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
        <SubmitButton pending={create.isPending}>Add deal</SubmitButton>
      </fieldset>
      {create.error ? <ErrorBox error={create.error} others={others} /> : null}
    </form>
  );
}
