import { useCallback, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../lib/api';
import type { Deal } from '../lib/types';
import { fieldErrors } from '../lib/words';
import { Modal } from './dialog';
import { ErrorBox } from './errors';
import { Field } from './field';

/*
 * Why a deal was lost: the server requires a reason for a lost stage. The dialog asks for it and
 * runs the move with it; an empty reason is refused in place with the server's own wording,
 * without the round trip. Escape and Cancel change nothing (and cannot interrupt a move that is
 * already on its way).
 */

const SAY_WHY = 'Say why the deal was lost.';

export interface LostReasonRequest {
  deal: Pick<Deal, 'id' | 'title'>;
  /** The lost stage it moves to. */
  stageName: string;
  /** Makes the move with the reason; a throw keeps the dialog open with the error. */
  move: (lostReason: string) => Promise<unknown>;
}

export function LostReasonDialog({ request, onClose }: { request: LostReasonRequest | null; onClose: (moved: unknown) => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);
  const { byField, others } = fieldErrors(error, { lostReason: 'Lost reason' });
  const close = (moved: unknown) => {
    setReason('');
    setError(null);
    onClose(moved);
  };
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (running || !request) return;
    const text = reason.trim();
    if (!text) return setError(new ApiError(400, 'VALIDATION_FAILED', SAY_WHY, { fields: [{ path: 'lostReason', message: SAY_WHY }] }));
    setRunning(true);
    setError(null);
    try {
      close((await request.move(text)) ?? true);
    } catch (err) {
      setError(err);
    } finally {
      setRunning(false);
    }
  }
  return (
    <Modal
      open={request !== null}
      onOpenChange={(o) => (o || running ? undefined : close(null))}
      title={request ? `Why was “${request.deal.title}” lost?` : ''}
      {...(request ? { description: `It moves to ${request.stageName} and is closed as lost.` } : {})}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label="Lost reason (required)" name="lostReason" error={byField.lostReason}>
          <textarea name="lostReason" rows={3} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <ErrorBox error={error} others={others} />
        <div className="actions">
          <button type="submit" className="primary danger" disabled={running} aria-busy={running || undefined}>
            Mark as lost
          </button>
          <button type="button" onClick={() => close(null)} disabled={running}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}

/**
 * `const { askLostReason, lostReasonDialog } = useAskLostReason()`: render `lostReasonDialog`
 * once, then `await askLostReason({ deal, stageName, move })` gives what `move` answered, or
 * null when the user cancelled.
 */
export function useAskLostReason(): { askLostReason: (req: LostReasonRequest) => Promise<unknown>; lostReasonDialog: ReactNode } {
  const [request, setRequest] = useState<LostReasonRequest | null>(null);
  const resolver = useRef<(moved: unknown) => void>(() => {});
  const askLostReason = useCallback(
    (req: LostReasonRequest) =>
      new Promise<unknown>((resolve) => {
        resolver.current = resolve;
        setRequest(req);
      }),
    [],
  );
  const lostReasonDialog = (
    <LostReasonDialog
      request={request}
      onClose={(moved) => {
        setRequest(null);
        resolver.current(moved);
      }}
    />
  );
  return { askLostReason, lostReasonDialog };
}
