import type { Database } from '../data/data-layer';
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

export function readSetting(db: Database, key: string): Promise<string | undefined> {
  return getInstanceSetting(db, key);
}

export function writeSetting(db: Database, key: string, value: string, now: Date): Promise<void> {
  return setInstanceSetting(db, key, value, now);
}

/** The instance id, created on first use. */
export async function ensureInstanceId(db: Database, now: Date): Promise<string> {
  const existing = await getInstanceSetting(db, SETTING.instanceId);
  if (existing) return existing;
  const id = newId('ins', now.getTime());
  await setInstanceSetting(db, SETTING.instanceId, id, now);
  return id;
}

export async function readValidation(db: Database): Promise<ValidationRecord> {
  const raw = await getInstanceSetting(db, SETTING.validation);
  if (!raw) return {};
  try {
    return JSON.parse(raw) as ValidationRecord;
  } catch {
    return {};
  }
}

export function writeValidation(db: Database, record: ValidationRecord, now: Date): Promise<void> {
  return setInstanceSetting(db, SETTING.validation, JSON.stringify(record), now);
}

export async function readHighWater(db: Database): Promise<number> {
  const raw = Number((await getInstanceSetting(db, SETTING.highWater)) ?? 0);
  return Number.isFinite(raw) ? raw : 0;
}
