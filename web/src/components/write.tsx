import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { useWriteAccess } from '../lib/session';

/**
 * A control that changes data: hidden from viewers; in read-only license mode shown disabled
 * with the reason (title, and the banner through aria-describedby).
 */
export function WriteButton(props: ButtonHTMLAttributes<HTMLButtonElement> & { children: ReactNode }) {
  const access = useWriteAccess();
  if (!access.visible) return null;
  const blocked = access.disabledReason;
  return (
    <button
      type="button"
      {...props}
      disabled={Boolean(blocked) || props.disabled}
      title={blocked ?? props.title}
      aria-describedby={blocked ? 'license-banner' : props['aria-describedby']}
      className={[props.className, blocked ? 'write-disabled' : ''].filter(Boolean).join(' ') || undefined}
    />
  );
}

/** Shows its children only to people who may write (not viewers); read-only mode is left to the controls inside. */
export function ForWriters({ children }: { children: ReactNode }) {
  return useWriteAccess().visible ? <>{children}</> : null;
}
