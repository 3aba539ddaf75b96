import type { Queryable } from '../db/client';
import { getInstanceSetting, setInstanceSetting } from '../data/instance';
import { newId } from '../../platform/ids';
import type { LicenseTermsJson, SignedValidationAnswer, ValidationStatus } from '../../licensing/key';

/*
 * The license's persisted state, in the instance_settings key/value table:
 *   instance_id        this installation's id (generated once, sent to the license service)
 *   license.key        the activated key text, exactly as verified
 *   license.renewal    an imported offline renewal document (air-gapped), if any
 *   license.validation JSON: the last online check and the last good one (ValidationRecord)
 *   license.activated  ISO time the current key was activated
 *   clock.high_water   the latest time (ms) this instance has ever seen
 *   setup.tenant_id    the organisation `trasealla setup` created
 */
export const SETTING = {
  instanceId: 'instance_id',
  key: 'license.key',
  renewal: 'license.renewal',
  validation: 'license.validation',
  activatedAt: 'license.activated',
  highWater: 'clock.high_water',
  setupTenant: 'setup.tenant_id',
} as const;

/** What the last online checks said. Only a verified signed answer sets `verified`. */
export interface ValidationRecord {
  /** When the last check was attempted and what came of it. */
  lastAttemptAt?: string;
  lastResult?: 'verified' | 'unreachable';
  lastReason?: string;
  /** The last verified answer: when, what status, the terms it carried and the signed evidence. */
  lastGoodAt?: string;
  status?: ValidationStatus;
  message?: string;
  terms?: LicenseTermsJson;
  nextCheckAt?: string;
  signed?: SignedValidationAnswer;
}

export function readSetting(db: Queryable, key: string): string | undefined {
  return getInstanceSetting(db, key);
}

export function writeSetting(db: Queryable, key: string, value: string, now: Date): void {
  setInstanceSetting(db, key, value, now);
}

/** The instance id, created on first use. */
export function ensureInstanceId(db: Queryable, now: Date): string {
  const existing = getInstanceSetting(db, SETTING.instanceId);
  if (existing) return existing;
  const id = newId('ins', now.getTime());
  setInstanceSetting(db, SETTING.instanceId, id, now);
  return id;
}

export function readValidation(db: Queryable): ValidationRecord {
  const raw = getInstanceSetting(db, SETTING.validation);
  if (!raw) return {};
  try {
    return JSON.parse(raw) as ValidationRecord;
  } catch {
    return {};
  }
}

export function writeValidation(db: Queryable, record: ValidationRecord, now: Date): void {
  setInstanceSetting(db, SETTING.validation, JSON.stringify(record), now);
}

export function readHighWater(db: Queryable): number {
  const raw = Number(getInstanceSetting(db, SETTING.highWater) ?? 0);
  return Number.isFinite(raw) ? raw : 0;
}
