import * as Dialog from '@radix-ui/react-dialog';
import { useRef, useState } from 'react';
import type { Deal } from '../lib/types';
import { fieldErrors } from '../lib/words';
import type { Stage } from './board-queries';
import { ErrorBox } from './errors';

/**
 * Moving a deal without dragging it (the keyboard's way, and anyone's): a list of the stages,
 * confirmed by its Move button. The arrows only choose; nothing is sent before Move. The
 * dialog stays open with the server's refusal, if any. A lost stage hands over to the lost
 * reason dialog (`choose` does that), which asks before anything is sent.
 */
export function MoveDialog({
  deal,
  stages,
  onClose,
  choose,
}: {
  deal: Deal | null;
  stages: Stage[];
  /** `moved`: the card has moved (the board puts focus on it in its new column). */
  onClose: (moved: boolean) => void;
  /** Makes the move (or asks for the lost reason first); a throw keeps the dialog open with the error. */
  choose: (deal: Deal, to: Stage) => Promise<unknown>;
}) {
  return (
    <Dialog.Root open={deal !== null} onOpenChange={(open) => open || onClose(false)}>
      <Dialog.Portal>
        <Dialog.Overlay className="modal-backdrop" />
        {deal ? <MoveForm key={deal.id} deal={deal} stages={stages} onClose={onClose} choose={choose} /> : null}
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function MoveForm({
  deal,
  stages,
  onClose,
  choose,
}: {
  deal: Deal;
  stages: Stage[];
  onClose: (moved: boolean) => void;
  choose: (deal: Deal, to: Stage) => Promise<unknown>;
}) {
  const [stageId, setStageId] = useState(deal.stageId);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const moved = useRef(false);
  const to = stages.find((s) => s.id === stageId);
  const { others } = fieldErrors(error, {});

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (pending || !to) return;
    if (to.id === deal.stageId) return onClose(false);
    setPending(true);
    setError(null);
    try {
      moved.current = true;
      await choose(deal, to);
    } catch (err) {
      moved.current = false;
      setError(err);
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog.Content
      className="modal move-dialog"
      onCloseAutoFocus={(e) => {
        // The card is in another column now (a new element): the board puts focus on it there.
        if (moved.current) e.preventDefault();
      }}
    >
      <Dialog.Title>Move “{deal.title}”</Dialog.Title>
      <Dialog.Description className="sr-only">Choose its new stage, then Move.</Dialog.Description>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <fieldset className="stage-choices">
          <legend>Stage of {deal.title}</legend>
          {stages.map((s) => (
            <label key={s.id} className="check">
              <input type="radio" name="stageId" value={s.id} checked={s.id === stageId} onChange={() => setStageId(s.id)} />
              {s.name}
              {s.id === deal.stageId ? <span className="muted"> (current)</span> : null}
              {s.kind !== 'open' && s.id !== deal.stageId ? <span className="muted"> — closes it as {s.kind}</span> : null}
            </label>
          ))}
        </fieldset>
        {error ? <ErrorBox error={error} others={others} /> : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={pending} aria-busy={pending || undefined}>
            {to?.kind === 'lost' && to.id !== deal.stageId ? 'Move…' : 'Move'}
          </button>
          <button type="button" onClick={() => onClose(false)}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog.Content>
  );
}
