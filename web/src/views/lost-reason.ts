import { ApiError } from '../api';
import { field, h } from '../dom';
import type { Deal } from '../types';
import { openDialog } from './dialog';
import { showFieldErrors } from './record-form';

/**
 * Asks why a deal was lost (the server requires a reason for lost stages) and
 * moves it with that reason. Resolves with the moved deal, or null on Cancel.
 */
export function lostReasonDialog(deal: Deal, stageName: string, move: (lostReason: string) => Promise<Deal>): Promise<Deal | null> {
  const reason = h('textarea', { name: 'lostReason', rows: 3, required: true, maxlength: 1000 });
  return openDialog({
    title: `Why was “${deal.title}” lost?`,
    body: [h('p', { class: 'muted' }, `It moves to ${stageName} and is closed as lost.`), field('Lost reason (required)', reason)],
    confirm: 'Mark as lost',
    danger: true,
    showErrors: (form, status, err) => {
      showFieldErrors(form, status, err);
      // The reason's own message sits under it; a summary box would only repeat it.
      if (err instanceof ApiError && err.fields.length && err.fields.every((f) => f.path === 'lostReason')) status.replaceChildren();
    },
    onConfirm: () => {
      const text = reason.value.trim();
      // Same wording as the server's own check, without the round trip.
      if (!text)
        throw new ApiError(400, 'VALIDATION_FAILED', 'Say why the deal was lost.', {
          fields: [{ path: 'lostReason', message: 'Say why the deal was lost.' }],
        });
      return move(text);
    },
  });
}
