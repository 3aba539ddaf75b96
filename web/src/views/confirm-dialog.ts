import { h, uid } from '../dom';

/**
 * Asks before a consequential action, in an in-page modal <dialog> (never
 * window.confirm): the browser traps focus in it and Escape cancels. Focus
 * starts on Cancel, so Enter alone never confirms a destructive step, and
 * returns to what opened it. Resolves true only on the confirm button.
 */
export function confirmDialog(opts: { title: string; message: string; confirm: string; danger?: boolean }): Promise<boolean> {
  const opener = document.activeElement as HTMLElement | null;
  const titleId = uid('confirm');
  const textId = uid('confirm-text');
  const cancel = h('button', { type: 'submit', value: 'cancel' }, 'Cancel');
  const ok = h('button', { type: 'submit', value: 'confirm', class: opts.danger ? 'primary danger' : 'primary' }, opts.confirm);
  const dialog = h(
    'dialog',
    { class: 'confirm', 'aria-labelledby': titleId, 'aria-describedby': textId },
    h('form', { method: 'dialog' }, h('h2', { id: titleId }, opts.title), h('p', { id: textId }, opts.message), h('div', { class: 'actions' }, ok, cancel)),
  );
  document.body.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener?.isConnected) opener.focus();
      resolve(dialog.returnValue === 'confirm');
    });
    dialog.showModal();
    cancel.focus();
  });
}
