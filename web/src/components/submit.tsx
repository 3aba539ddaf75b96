import { useMutation, type UseMutationOptions } from '@tanstack/react-query';
import { useRef, type ReactNode } from 'react';
import { ApiError, newIdempotencyKey } from '../lib/api';
import { useWriteAccess } from '../lib/session';

/**
 * A mutation that creates something: one Idempotency-Key per form until it succeeds, so a
 * double click, a retry after a lost answer or a second submit while the first runs create one
 * record. The key is renewed after a success, for the next record made with the same form.
 */
export function useCreate<T, V>(
  create: (vars: V, idempotencyKey: string) => Promise<T>,
  options: Omit<UseMutationOptions<T, unknown, V>, 'mutationFn'> = {},
) {
  const key = useRef(newIdempotencyKey());
  const inFlight = useRef(false);
  const mutation = useMutation<T, unknown, V>({
    ...options,
    mutationFn: async (vars) => {
      inFlight.current = true;
      try {
        return await create(vars, key.current);
      } catch (e) {
        // The server kept its refusal (a 4xx) under this key: the corrected form is a new request,
        // and the same key with another body would be refused as reused. A lost answer (offline),
        // a 5xx or "still running" (409) keep the key, so a retry cannot create twice.
        if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 409) key.current = newIdempotencyKey();
        throw e;
      } finally {
        inFlight.current = false;
      }
    },
    onSuccess: (...args) => {
      key.current = newIdempotencyKey();
      return options.onSuccess?.(...args);
    },
  });
  // A second click lands before React re-renders the disabled button: it is ignored here.
  const submit = (vars: V) => {
    if (!inFlight.current) mutation.mutate(vars);
  };
  return { ...mutation, submit };
}

/** A form's submit button: disabled while its request runs (no second submit), and in read-only mode with the reason. */
export function SubmitButton({ pending, children, className = 'primary' }: { pending: boolean; children: ReactNode; className?: string }) {
  const { disabledReason } = useWriteAccess();
  return (
    <button
      type="submit"
      className={className}
      disabled={pending || Boolean(disabledReason)}
      aria-busy={pending || undefined}
      title={disabledReason ?? undefined}
      aria-describedby={disabledReason ? 'license-banner' : undefined}
    >
      {children}
    </button>
  );
}
