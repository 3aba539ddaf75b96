import type { LicenseTerms, ValidationStatus } from '../../licensing/key';

/*
 * The license's state at a moment, computed from the terms in force and what
 * online validation last said. Pure: the manager feeds it the stored facts
 * and the instance's clock (never earlier than the high-water mark).
 */

export const DAY_MS = 86_400_000;
/** Days ahead of expiry at which warnings start, get louder, and get loudest. */
export const WARNING_DAYS = [30, 7, 1] as const;
/** Air-gapped licenses carry no grace period in their policy; after expiry they get this many days. */
export const AIR_GAPPED_GRACE_DAYS = 14;

export type LicenseStatus =
  /** Never activated: the API asks for `trasealla setup`. */
  | 'unlicensed'
  /** The stored key no longer verifies with this build's keys, or is bound to another instance. */
  | 'invalid'
  | 'active'
  /** Expired, or not validated for too long, but inside the grace period: everything works, with a warning. */
  | 'grace'
  /** Past grace (expiry or missing validation): read-only. */
  | 'expired'
  | 'revoked'
  | 'suspended';

export interface ValidationFacts {
  /** Online policy: the last verified answer's time (or the activation time before the first). */
  lastGoodAt: Date;
  /** The last verified answer's verdict. */
  status?: ValidationStatus;
  message?: string;
}

export interface LicenseState {
  status: LicenseStatus;
  readOnly: boolean;
  /** Why, in a sentence, when not simply active. */
  reason?: string;
  terms?: LicenseTerms;
  /** When writes stop (expiry plus grace, or last good validation plus grace), if that is ahead. */
  readOnlyFrom?: Date;
  graceEndsAt?: Date;
  warnings: string[];
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export function expiryGraceDays(terms: LicenseTerms): number {
  return terms.policy.mode === 'online' ? terms.policy.graceDays : AIR_GAPPED_GRACE_DAYS;
}

/** How long an online license may go without a verified answer: its grace days, but never less than one check interval. */
export function validationGraceDays(terms: LicenseTerms): number {
  return terms.policy.mode === 'online' ? Math.max(terms.policy.graceDays, terms.policy.checkIntervalDays) : Infinity;
}

function daysLeftText(ms: number): string {
  const days = Math.ceil(ms / DAY_MS);
  return days <= 1 ? 'in less than a day' : `in ${days} days`;
}

export function evaluateLicense(input: {
  terms?: LicenseTerms;
  invalidReason?: string;
  validation?: ValidationFacts;
  now: Date;
}): LicenseState {
  const { terms, now } = input;
  if (!terms) return { status: 'unlicensed', readOnly: true, reason: 'No license is activated. Run "trasealla setup".', warnings: [] };
  if (input.invalidReason)
    return { status: 'invalid', readOnly: true, reason: input.invalidReason, terms, warnings: [input.invalidReason] };
  const v = input.validation;
  if (v?.status === 'revoked' || v?.status === 'suspended') {
    const reason = `The license was ${v.status} by Trasealla${v.message ? ` (${v.message})` : ''}. The CRM is read-only; contact Trasealla.`;
    return { status: v.status, readOnly: true, reason, terms, warnings: [reason] };
  }
  const warnings: string[] = [];
  let status: LicenseStatus = 'active';
  let reason: string | undefined;
  let readOnlyFrom: Date | undefined;
  let graceEndsAt: Date | undefined;
  const t = now.getTime();

  if (terms.expiresAt) {
    const expires = terms.expiresAt.getTime();
    const graceEnd = expires + expiryGraceDays(terms) * DAY_MS;
    if (t < expires) {
      const left = expires - t;
      if (left <= WARNING_DAYS[0] * DAY_MS)
        warnings.push(`The license expires ${daysLeftText(left)}, on ${day(terms.expiresAt)}. Renew it with Trasealla.`);
      readOnlyFrom = new Date(graceEnd);
    } else if (t < graceEnd) {
      status = 'grace';
      graceEndsAt = new Date(graceEnd);
      readOnlyFrom = graceEndsAt;
      reason = `The license expired on ${day(terms.expiresAt)}. The CRM becomes read-only ${daysLeftText(graceEnd - t)}, on ${day(graceEndsAt)}. Renew it with Trasealla.`;
      warnings.push(reason);
    } else {
      reason = `The license expired on ${day(terms.expiresAt)} and its grace period ended on ${day(new Date(graceEnd))}. The CRM is read-only; renew the license ("trasealla license update").`;
      return { status: 'expired', readOnly: true, reason, terms, graceEndsAt: new Date(graceEnd), warnings: [reason] };
    }
  }

  if (terms.policy.mode === 'online' && v) {
    const overdueAt = v.lastGoodAt.getTime() + terms.policy.checkIntervalDays * DAY_MS;
    const cutoff = v.lastGoodAt.getTime() + validationGraceDays(terms) * DAY_MS;
    if (t >= cutoff) {
      reason = `The license could not be validated with Trasealla since ${day(v.lastGoodAt)} and the grace period ended on ${day(new Date(cutoff))}. The CRM is read-only until the license service can be reached ("trasealla license validate").`;
      return { status: 'expired', readOnly: true, reason, terms, graceEndsAt: new Date(cutoff), warnings: [reason] };
    }
    if (t >= overdueAt) {
      status = 'grace';
      graceEndsAt = new Date(Math.min(cutoff, graceEndsAt?.getTime() ?? Infinity));
      const w = `The license service has not confirmed the license since ${day(v.lastGoodAt)}. The CRM becomes read-only ${daysLeftText(cutoff - t)}, on ${day(new Date(cutoff))}, unless it can be reached.`;
      reason ??= w;
      warnings.push(w);
    }
    readOnlyFrom = new Date(Math.min(readOnlyFrom?.getTime() ?? Infinity, cutoff));
    if (v.status === 'over_seats')
      warnings.push(`Trasealla reports more active users than the license allows${v.message ? ` (${v.message})` : ''}.`);
  }
  const state: LicenseState = { status, readOnly: false, terms, warnings };
  if (reason) state.reason = reason;
  if (readOnlyFrom) state.readOnlyFrom = readOnlyFrom;
  if (graceEndsAt) state.graceEndsAt = graceEndsAt;
  return state;
}
