import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { ApiError, client, ok, onApiEvents, setSignedIn, toApiError } from './api';
import type { License, Me } from './types';

/** Who is signed in and what the license says: loaded once, shared by every screen through the query cache. */
export type SessionState =
  { state: 'signed-in'; me: Me; license: License | null } | { state: 'signed-out' } | { state: 'setup'; command: string };

export const SESSION_KEY = ['session'] as const;

export async function loadSession(): Promise<SessionState> {
  const res = await client.api.auth.me.$get();
  // The route's type names only its 200; the middleware's 401 and 503 are not in it.
  const status: number = res.status;
  if (status === 503) {
    const err = await toApiError(res);
    if (err.code === 'LICENSE_REQUIRED') return { state: 'setup', command: err.details.setupCommand ?? 'trasealla setup' };
    throw err;
  }
  if (status === 401) {
    setSignedIn(false);
    return { state: 'signed-out' };
  }
  if (!res.ok) throw await toApiError(res);
  const me = await res.json();
  setSignedIn(true);
  const license = await ok(client.api.license.$get()).catch(() => null);
  return { state: 'signed-in', me, license };
}

export function useSessionState() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: loadSession, staleTime: 60_000, retry: false });
}

/** The signed-in session; only for screens inside the shell, which renders them only when signed in. */
export function useSession(): { me: Me; license: License | null } {
  const { data } = useSessionState();
  if (data?.state !== 'signed-in') throw new Error('useSession outside the signed-in shell');
  return data;
}

/** Why writes are refused right now (read-only license), or null. */
export function readOnlyReason(license: License | null): string | null {
  if (!license?.readOnly) return null;
  return `${license.reason ?? 'The license does not allow changes.'} Reading and exporting keep working.`;
}

export interface WriteAccess {
  /** Viewers never see write controls. */
  visible: boolean;
  /** In read-only license mode write controls are shown disabled with this reason. */
  disabledReason: string | null;
}

export function useWriteAccess(): WriteAccess {
  const { me, license } = useSession();
  return { visible: me.role !== 'viewer', disabledReason: readOnlyReason(license) };
}

export const isOperatorOf = (me: Me) => me.user?.isOperator === true && !me.apiKey;

export function useRefreshSession() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: SESSION_KEY });
}

/* The license warning the server puts on any answer (header), shown in the banner. */
let warning: string | null = null;
const warningListeners = new Set<() => void>();
export function useLicenseWarning(): string | null {
  return useSyncExternalStore(
    (cb) => (warningListeners.add(cb), () => warningListeners.delete(cb)),
    () => warning,
  );
}

/** Wires the API's events (license warning header, session expiry) to the app; returns nothing to undo: once per page. */
export function listenToApi(onExpired: () => void) {
  onApiEvents({
    expired: onExpired,
    warning: (text) => {
      if (text === warning) return;
      warning = text;
      warningListeners.forEach((l) => l());
    },
  });
}

export const isApiError = (e: unknown, status?: number): e is ApiError =>
  e instanceof ApiError && (status === undefined || e.status === status);
