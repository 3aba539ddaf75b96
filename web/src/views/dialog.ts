import { h, uid, type Child } from '../dom';
import { errorBox } from './login';

export interface DialogOptions<T> {
  title: string;
  /** The form's fields and any text above them. */
  body: Child[];
  confirm: string;
  /**
   * Runs on Confirm. Throwing keeps the dialog open with the error shown in it
   * (the API's field errors go next to their inputs when `showErrors` is given).
   */
  onConfirm(form: HTMLFormElement): Promise<T> | T;
  showErrors?(form: HTMLFormElement, status: HTMLElement, err: unknown): void;
  danger?: boolean;
}

/**
 * A modal <dialog>: the browser traps focus inside it, Escape cancels, and focus
 * returns to what opened it. Resolves with onConfirm's result, or null on Cancel.
 */
export function openDialog<T>(opts: DialogOptions<T>): Promise<T | null> {
  const opener = document.activeElement as HTMLElement | null;
  const titleId = uid('dlg');
  const status = h('div', { class: 'form-status', 'aria-live': 'polite' });
  const confirmBtn = h('button', { type: 'submit', class: opts.danger ? 'primary danger' : 'primary' }, opts.confirm);
  const cancelBtn = h('button', { type: 'button' }, 'Cancel');
  const form = h(
    'form',
    { novalidate: true },
    h('h2', { id: titleId }, opts.title),
    ...opts.body,
    status,
    h('div', { class: 'actions' }, confirmBtn, cancelBtn),
  );
  const dialog = h('dialog', { class: 'modal', 'aria-labelledby': titleId }, form);
  document.body.append(dialog);

  return new Promise<T | null>((resolve) => {
    let result: T | null = null;
    const finish = () => dialog.close();
    dialog.addEventListener('close', () => {
      dialog.remove();
      // The opener may have been redrawn meanwhile; only refocus it while it is still on the page.
      if (opener?.isConnected) opener.focus();
      resolve(result);
    });
    let busy = false;
    cancelBtn.addEventListener('click', finish);
    // Escape while the request runs would hide a change the server is making anyway: wait for it.
    dialog.addEventListener('cancel', (e) => busy && e.preventDefault());
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (busy) return;
      busy = confirmBtn.disabled = cancelBtn.disabled = true;
      try {
        result = await opts.onConfirm(form);
        busy = false;
        finish();
      } catch (err) {
        if (opts.showErrors) opts.showErrors(form, status, err);
        else status.replaceChildren(errorBox(err));
        busy = confirmBtn.disabled = cancelBtn.disabled = false;
        // Disabling the focused button dropped focus out of the dialog; put it back.
        if (!form.contains(document.activeElement)) confirmBtn.focus();
      }
    });
    dialog.showModal();
    // Start in the first field; with none (a plain confirmation), on Cancel so Enter alone never confirms.
    (form.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea') ?? cancelBtn).focus();
  });
}

/**
 * Asks before a consequential action (never window.confirm). With no field in it, focus starts
 * on Cancel, so Enter alone never confirms. Resolves true only on the confirm button.
 */
export async function confirmDialog(opts: { title: string; message: string; confirm: string; danger?: boolean }): Promise<boolean> {
  const answer = await openDialog({
    title: opts.title,
    body: [h('p', null, opts.message)],
    confirm: opts.confirm,
    danger: opts.danger ?? false,
    onConfirm: () => true,
  });
  return answer === true;
}
