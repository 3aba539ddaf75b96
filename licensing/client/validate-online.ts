/**
 * The CRM side of periodic validation: asks the license service about a license and believes
 * the answer only when it is signed by a trusted key, echoes our nonce, names our license and
 * instance, and carries a server time close to ours. Everything else (no connection, timeout,
 * 408, 429, 5xx, any other non-200, a bad signature, a replayed or stale answer) is reported as
 * `unreachable`: a network fault or a party in the middle can delay a verdict, never deliver one.
 */
import {
  bytesToBase64,
  randomBytes,
  termsFromJson,
  VALIDATION_STATUSES,
  verifyValidationSignature,
  type LicenseTerms,
  type SignedValidationAnswer,
  type TrustedKeySet,
  type ValidationStatus,
} from '../key';

export const DEFAULT_MAX_SKEW_MS = 5 * 60_000;
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface ValidateOnlineOptions {
  /** Base URL of the license service, e.g. https://license.trasealla.com */
  serverUrl: string;
  licenseId: string;
  instanceId: string;
  activeUsers: number;
  tenants: number;
  /** The CRM version, recorded by the service. */
  version: string;
  trustedKeys: TrustedKeySet;
  /** The caller's clock (the CRM's injected Clock); the answer's serverTime must be close to it. */
  now?: Date;
  /** Injected fetch (tests, or a proxy-aware fetch on Node 20). Defaults to the global fetch. */
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
  maxSkewMs?: number;
}

export type OnlineValidationResult =
  | {
      kind: 'verified';
      status: ValidationStatus;
      terms: LicenseTerms;
      nextCheckAt: Date;
      serverTime: Date;
      message?: string;
      /** The signed answer as received, to store as evidence of the last good validation. */
      signed: SignedValidationAnswer;
    }
  | { kind: 'unreachable'; reason: string; httpStatus?: number };

const unreachable = (reason: string, httpStatus?: number): OnlineValidationResult =>
  httpStatus === undefined ? { kind: 'unreachable', reason } : { kind: 'unreachable', reason, httpStatus };

/**
 * Proxies: the global fetch honours HTTPS_PROXY/HTTP_PROXY/NO_PROXY only when Node runs with
 * NODE_USE_ENV_PROXY=1 (Node 24; also 22.21+). Node 20's fetch ignores them and we add no
 * dependency to fix that; a caller there can inject a proxy-aware `fetch`. When a proxy is
 * configured but cannot be in use, the failure reason says so.
 */
function proxyHint(): string {
  const env = globalThis.process?.env ?? {};
  const proxy = env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy;
  if (!proxy || env.NODE_USE_ENV_PROXY === '1') return '';
  return ' (HTTPS_PROXY is set, but this Node only uses it with NODE_USE_ENV_PROXY=1 on Node 24 or later)';
}

/** A fresh 128-bit nonce, base64url. */
export function newNonce(): string {
  return bytesToBase64(randomBytes(16)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export async function validateLicenseOnline(opts: ValidateOnlineOptions): Promise<OnlineValidationResult> {
  const doFetch = opts.fetch ?? globalThis.fetch;
  const nonce = newNonce();
  const url = `${opts.serverUrl.replace(/\/+$/, '')}/v1/licenses/validate`;
  let response: Response;
  try {
    response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        licenseId: opts.licenseId,
        instanceId: opts.instanceId,
        activeUsers: opts.activeUsers,
        tenants: opts.tenants,
        version: opts.version,
        nonce,
      }),
      signal: AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (e) {
    const name = (e as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') return unreachable(`no answer within ${opts.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`);
    const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
    return unreachable(
      `cannot connect to ${new URL(url).origin}: ${cause?.code ?? cause?.message ?? (e as Error)?.message ?? 'network error'}${proxyHint()}`,
    );
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    const what =
      response.status === 408
        ? 'timed out'
        : response.status === 429
          ? 'is rate limiting us'
          : response.status >= 500
            ? 'failed'
            : 'refused the request';
    return unreachable(`the license service ${what} (HTTP ${response.status})`, response.status);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return unreachable('the license service answered something that is not JSON', 200);
  }
  return checkAnswer(body, nonce, opts);
}

/** Every check an answer must pass before it is believed. Exported for tests and stored-answer audits. */
export function checkAnswer(
  body: unknown,
  nonce: string,
  opts: Pick<ValidateOnlineOptions, 'licenseId' | 'instanceId' | 'trustedKeys' | 'now' | 'maxSkewMs'>,
): OnlineValidationResult {
  const verified = verifyValidationSignature(body, opts.trustedKeys);
  if (!verified.ok) return unreachable(`ignored an answer that failed verification: ${verified.reason}`);
  const { answer } = verified.signed;
  if (answer.nonce !== nonce) return unreachable('ignored an answer to another request (nonce mismatch: a replay?)');
  if (answer.licenseId !== opts.licenseId || answer.instanceId !== opts.instanceId) {
    return unreachable('ignored an answer about another license or instance');
  }
  const serverTime = new Date(answer.serverTime);
  const nextCheckAt = new Date(answer.nextCheckAt);
  const now = opts.now ?? new Date();
  if (Number.isNaN(serverTime.getTime()) || Number.isNaN(nextCheckAt.getTime())) return unreachable('ignored an answer with invalid times');
  const skew = Math.abs(serverTime.getTime() - now.getTime());
  if (skew > (opts.maxSkewMs ?? DEFAULT_MAX_SKEW_MS)) {
    return unreachable(`ignored a stale answer: its server time is ${Math.round(skew / 1000)} s away from this clock`);
  }
  if (!(VALIDATION_STATUSES as readonly string[]).includes(answer.status))
    return unreachable(`ignored an answer with unknown status "${answer.status}"`);
  let terms: LicenseTerms;
  try {
    terms = termsFromJson(answer.terms);
  } catch (e) {
    return unreachable(`ignored an answer with unreadable terms: ${(e as Error).message}`);
  }
  if (terms.licenseId !== opts.licenseId) return unreachable('ignored an answer whose terms are for another license');
  const result: OnlineValidationResult = {
    kind: 'verified',
    status: answer.status,
    terms,
    nextCheckAt,
    serverTime,
    signed: verified.signed,
  };
  if (typeof answer.message === 'string') result.message = answer.message;
  return result;
}
