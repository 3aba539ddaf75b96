import { TIER_NAMES, type LicenseTerms } from '../licensing/key';
import { type LicenseKeyError, type ActivationFailure } from '../server/license/license-manager';
import { CliError, EXIT } from './exit-codes';

const EXIT_FOR: Record<ActivationFailure, number> = {
  malformed: EXIT.KEY_MISTYPED,
  checksum: EXIT.KEY_MISTYPED,
  bad_signature: EXIT.KEY_NOT_GENUINE,
  unknown_key: EXIT.KEY_UNKNOWN_SIGNER,
  not_yet_valid: EXIT.KEY_NOT_USABLE,
  expired: EXIT.KEY_NOT_USABLE,
  wrong_instance: EXIT.KEY_NOT_USABLE,
  older_key: EXIT.KEY_NOT_USABLE,
  wrong_license: EXIT.KEY_NOT_USABLE,
  other_customer: EXIT.KEY_OTHER_CUSTOMER,
};

const ADVICE: Partial<Record<ActivationFailure, string>> = {
  malformed: 'Copy the whole key again from the email Trasealla sent.',
  bad_signature: 'Use the key exactly as Trasealla sent it, or ask Trasealla sales for a new one.',
};

/** A refused key as a plain sentence and its own exit code: a typo and a forgery never look alike. */
export function keyRefused(err: LicenseKeyError): CliError {
  const advice = ADVICE[err.code];
  return new CliError(`License key refused: ${err.message}${advice ? ` ${advice}` : ''}`, EXIT_FOR[err.code]);
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : 'never (perpetual)');

export function describeTerms(t: LicenseTerms): string[] {
  return [
    `  Customer:    ${t.customer}`,
    `  License:     ${t.licenseId} (${TIER_NAMES[t.tier]})`,
    `  Users:       up to ${t.maxUsers}`,
    `  Tenants:     up to ${t.maxTenants}`,
    `  Features:    ${t.features.length ? t.features.join(', ') : '(none)'}`,
    `  Expires:     ${day(t.expiresAt)}`,
    `  Validation:  ${t.policy.mode === 'online' ? `online, every ${t.policy.checkIntervalDays} days, ${t.policy.graceDays} days' grace` : 'air-gapped (never contacts Trasealla)'}`,
    ...(t.instanceId ? [`  Instance:    ${t.instanceId}`] : []),
  ];
}
