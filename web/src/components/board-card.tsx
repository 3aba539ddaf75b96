import { useDraggable } from '@dnd-kit/core';
import { Link } from '@tanstack/react-router';
import { forwardRef, useCallback, type HTMLAttributes } from 'react';
import { dayDate, money } from '../lib/format';
import { usePersonName, useRecord } from '../lib/record-queries';
import type { Company, Deal } from '../lib/types';
import { WriteButton } from './write';

/** What a card shows: its title (the deal's page), value, company, owner and expected close. */
function CardBody({ deal, link = true }: { deal: Deal; link?: boolean }) {
  const company = useRecord('companies', deal.companyId);
  const personName = usePersonName();
  return (
    <>
      <strong className="deal-title">
        {link ? (
          // Not draggable itself: a drag started on the title moves the card, not the link.
          <Link to="/deals/$id" params={{ id: deal.id }} draggable={false}>
            {deal.title}
          </Link>
        ) : (
          deal.title
        )}
      </strong>
      <span className="value">{money(deal.value, deal.currency)}</span>
      {deal.status !== 'open' ? <span className={`badge ${deal.status}`}>{deal.status}</span> : null}
      <dl className="deal-facts">
        {deal.companyId ? (
          <div>
            <dt className="sr-only">Company</dt>
            <dd>{(company.data as Company | undefined)?.name ?? (company.isError ? 'A company in the trash' : '…')}</dd>
          </div>
        ) : null}
        <div>
          <dt className="sr-only">Owner</dt>
          <dd>{deal.ownerId ? personName(deal.ownerId) : 'No owner'}</dd>
        </div>
        {deal.expectedCloseDate ? (
          <div>
            <dt>Closes</dt>
            <dd>
              <time dateTime={deal.expectedCloseDate}>{dayDate(`${deal.expectedCloseDate}T00:00:00`)}</time>
            </dd>
          </div>
        ) : null}
      </dl>
    </>
  );
}

/** The copy that follows the pointer (or the keyboard) while a card is dragged. */
export function CardOverlay({ deal }: { deal: Deal }) {
  return (
    <article className={`deal ${deal.status} overlay`} aria-hidden="true">
      <CardBody deal={deal} link={false} />
    </article>
  );
}

export interface CardProps {
  deal: Deal;
  stageName: string;
  /** Drag and Move… are offered (not a viewer). */
  movable: boolean;
  /** Why moves are refused right now (read-only license), or null. */
  blocked: string | null;
  onMove: (deal: Deal) => void;
  index: number;
  setSize: number;
}

/**
 * A deal on the board. Pointer and touch drag it from anywhere on the card; the keyboard drags
 * it with its handle (Space, arrows between columns, Space to drop: one move at the drop), or
 * moves it with "Move…", a stage list confirmed by its Move button.
 */
export const BoardCard = forwardRef<HTMLElement, CardProps & HTMLAttributes<HTMLElement>>(function BoardCard(
  { deal, stageName, movable, blocked, onMove, index, setSize, ...rest },
  measureRef,
) {
  const canDrag = movable && !blocked;
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable({
    id: deal.id,
    data: { deal },
    disabled: !canDrag,
  });
  // Stable: a new callback each render would detach and re-attach the node, and each of those re-measures.
  const ref = useCallback(
    (el: HTMLElement | null) => {
      setNodeRef(el);
      if (typeof measureRef === 'function') measureRef(el);
      else if (measureRef) measureRef.current = el;
    },
    [setNodeRef, measureRef],
  );
  return (
    <article
      {...rest}
      ref={ref}
      className={`deal ${deal.status}${isDragging ? ' dragging' : ''}${canDrag ? ' can-drag' : ''}`}
      role="listitem"
      aria-label={deal.title}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      data-deal-id={deal.id}
      {...(canDrag ? listeners : {})}
    >
      <CardBody deal={deal} />
      {movable ? (
        <div className="deal-actions">
          {canDrag ? (
            <button
              type="button"
              className="drag-handle"
              ref={setActivatorNodeRef}
              {...attributes}
              aria-label={`Drag ${deal.title}`}
              title="Drag to another stage (keyboard: Space, then the arrow keys, then Space)"
            >
              <span aria-hidden="true">⠿</span>
            </button>
          ) : null}
          <WriteButton className="stage-select" aria-label={`Move… (stage of ${deal.title}: ${stageName})`} onClick={() => onMove(deal)}>
            Move…
          </WriteButton>
        </div>
      ) : null}
    </article>
  );
});
