import { hc } from 'hono/client';
import type { AppType } from '../../../server/app';

/** One API error, as the server's `{ error: { code, message, details?, requestId } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { fields?: { path: string; message: string }[]; setupCommand?: string; [k: string]: unknown } = {},
  ) {
    super(message);
  }
  get fields() {
    return this.details.fields ?? [];
  }
}

type Listener = { expired(): void; warning(text: string | null): void };
const listeners: Listener = { expired: () => {}, warning: () => {} };

/** The shell registers what happens on session expiry and on license warnings seen in any answer. */
export function onApiEvents(l: Partial<Listener>) {
  Object.assign(listeners, l);
}

let signedIn = false;
export const setSignedIn = (value: boolean) => void (signedIn = value);

/** fetch for this API: same-origin cookies, license warnings and session expiry noticed. Raw bodies (CSV) go through it too. */
export async function apiFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(input, { ...init, credentials: 'same-origin' });
  } catch (e) {
    // fetch rejects only when no answer came: offline, server down, connection cut.
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'OFFLINE', 'Cannot reach the server. Check the connection and try again.');
  }
  const warning = res.headers.get('trasealla-license-warning');
  if (warning) listeners.warning(warning);
  if (res.status === 401 && signedIn && !String(input).includes('/api/auth/login')) {
    signedIn = false;
    listeners.expired();
  }
  return res;
}

/** The typed API client: a server change that breaks the UI fails `npm run typecheck`. */
export const client = hc<AppType>('/', { fetch: apiFetch });

type OkBody<R> = R extends { ok: true; json(): Promise<infer T> } ? T : never;

export async function toApiError(res: Response): Promise<ApiError> {
  let body: { error?: { code?: string; message?: string; details?: ApiError['details'] } } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(
    res.status,
    body.error?.code ?? `HTTP_${res.status}`,
    body.error?.message ?? `The server answered ${res.status}.`,
    body.error?.details ?? {},
  );
}

/** Awaits a typed call and gives its success body, or throws ApiError. */
export async function ok<R extends Response>(call: Promise<R>): Promise<OkBody<R>> {
  const res = await call;
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as OkBody<R>;
  return (await res.json()) as OkBody<R>;
}

/**
 * A key for the Idempotency-Key header: one per form (or per action), so a double click or a
 * retry after a lost answer creates one record. getRandomValues, not randomUUID: the latter
 * exists only in secure contexts, and an intranet CRM is often served over plain http.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Is this the server saying the session is gone (the shell sends the user to sign in)? */
export const isUnauthenticated = (e: unknown) => e instanceof ApiError && e.status === 401;
