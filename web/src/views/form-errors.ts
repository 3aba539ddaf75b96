import { ApiError } from '../api';
import { h } from '../dom';
import { errorBox } from './login';

/**
 * Shows an API error on a form: each field issue next to the control named by
 * its full dotted path ("settings.timezone", "owner.email"), else by its first
 * segment; issues with no control are listed under the message so none is lost.
 */
export function showFormErrors(form: HTMLFormElement, status: HTMLElement, err: unknown): void {
  clearFormErrors(form, status);
  const box = errorBox(err);
  status.replaceChildren(box);
  if (!(err instanceof ApiError)) return;
  const loose: string[] = [];
  let first: HTMLElement | null = null;
  for (const issue of err.fields) {
    const control = controlFor(form, issue.path);
    if (!control) {
      loose.push(issue.path && issue.path !== '(body)' ? `${issue.path}: ${issue.message}` : issue.message);
      continue;
    }
    setFieldError(control, issue.message);
    first ??= control;
  }
  if (loose.length)
    box.append(
      h(
        'ul',
        null,
        loose.map((m) => h('li', null, m)),
      ),
    );
  first?.focus();
}

function controlFor(form: HTMLFormElement, path: string): HTMLElement | null {
  const named = (name: string) => (name ? form.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`) : null);
  return named(path) ?? named(path.split('.')[0] ?? '');
}

/** One inline error: the field's error slot (made by dom.field) shows it and the control points at it. */
export function setFieldError(control: HTMLElement, message: string): void {
  const slot = document.getElementById(`${control.id}-error`);
  if (!slot) return;
  slot.textContent = message;
  slot.hidden = false;
  control.setAttribute('aria-invalid', 'true');
  control.setAttribute('aria-describedby', slot.id);
}

export function clearFormErrors(form: HTMLElement, status?: HTMLElement): void {
  form.querySelectorAll<HTMLElement>('.field-error').forEach((p) => (p.hidden = true));
  form.querySelectorAll('[aria-invalid]').forEach((c) => {
    c.removeAttribute('aria-invalid');
    if (c.getAttribute('aria-describedby')?.endsWith('-error')) c.removeAttribute('aria-describedby');
  });
  status?.replaceChildren();
}

/** A plain success line, announced politely. */
export const success = (text: string) => h('p', { class: 'success', role: 'status' }, text);
