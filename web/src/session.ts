import type { License, Me } from './types';

/** Who is signed in and what the license allows; read by every view to decide on write controls. */
export const session: { me: Me | null; license: License | null; warning: string | null } = { me: null, license: null, warning: null };

export const isViewer = () => session.me?.role === 'viewer';

/** Why writes are refused right now (read-only license), or null. */
export function readOnlyReason(): string | null {
  const l = session.license;
  if (!l?.readOnly) return null;
  return `${l.reason ?? 'The license does not allow changes.'} Reading and exporting keep working.`;
}

/**
 * Wraps a write control: viewers never see it; in read-only mode it is shown
 * disabled with the reason (title and the banner via aria-describedby).
 */
export function writeControl<E extends HTMLButtonElement | HTMLInputElement | HTMLSelectElement | HTMLAnchorElement>(el: E): E | null {
  if (isViewer()) return null;
  const reason = readOnlyReason();
  if (reason) {
    if ('disabled' in el) el.disabled = true;
    else {
      el.setAttribute('aria-disabled', 'true');
      el.removeAttribute('href');
    }
    el.title = reason;
    el.setAttribute('aria-describedby', 'license-banner');
    el.classList.add('write-disabled');
  }
  return el;
}

/** For whole forms: null for viewers; every control disabled in read-only mode. */
export function writeForm(form: HTMLFormElement): HTMLFormElement | null {
  if (isViewer()) return null;
  const reason = readOnlyReason();
  if (reason) {
    const fs = form.querySelector('fieldset');
    if (fs) fs.disabled = true;
    form.title = reason;
    form.querySelectorAll('button, input, select, textarea').forEach((c) => {
      (c as HTMLButtonElement).disabled = true;
      c.setAttribute('aria-describedby', 'license-banner');
    });
  }
  return form;
}

/** After my name or my organisation's name changes: the top bar's "name · organisation · role" line follows. */
export function refreshWhoLine(): void {
  const me = session.me;
  const who = document.querySelector('.who span');
  if (me && who) who.textContent = `${me.user?.name ?? me.apiKey?.name ?? ''} · ${me.tenant.name} · ${me.role}`;
}

/** Instance operators (the instance-admin flag) manage every organisation; an API key never does. */
export const isOperator = () => session.me?.user?.isOperator === true && !session.me.apiKey;
