import {
  defaultTrustedKeys,
  termsFromJson,
  termsToJson,
  verifyKey,
  verifyRenewal,
  verifyValidationSignature,
  type KeyFailureCode,
  type LicenseTerms,
  type TrustedKeySet,
} from '../../licensing/key';
import type { OnlineValidationResult } from '../../licensing/client';
import type { DataLayer } from '../data/data-layer';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { LicenseGate } from './license-gate';
import { seatLimitError } from './license-gate';
import { evaluateLicense, type LicenseState } from './license-state';
import {
  ensureInstanceId,
  readHighWater,
  readSetting,
  readValidation,
  SETTING,
  writeSetting,
  writeValidation,
  type ValidationRecord,
} from './license-store';

/** Why a key (or renewal) was not activated. The CLI maps each code to its own exit code. */
export type ActivationFailure = KeyFailureCode | 'wrong_instance' | 'older_key' | 'other_customer' | 'wrong_license';

export class LicenseKeyError extends Error {
  constructor(
    readonly code: ActivationFailure,
    message: string,
    readonly position?: number,
  ) {
    super(message);
    this.name = 'LicenseKeyError';
  }
}

export interface LicenseManagerDeps {
  data: DataLayer;
  clock: Clock;
  logger?: Logger | undefined;
  /** The build's trusted signing keys (default: defaultTrustedKeys()). */
  trustedKeys?: TrustedKeySet | undefined;
  /** The command an operator runs to activate this instance, quoted in LICENSE_REQUIRED answers. */
  setupCommand?: string | undefined;
  /** false: never write (doctor looks at a database opened read-only). */
  persist?: boolean | undefined;
}

export interface ActivationResult {
  changed: boolean;
  terms: LicenseTerms;
  previous?: LicenseTerms | undefined;
}

const HOUR_MS = 3_600_000;
const HEADER = 'Trasealla-License-Warning';

/** Header values must be Latin-1; warnings are ASCII, but a customer's name might not be. */
const headerSafe = (s: string) => s.replace(/[^\x20-\x7e]/g, '?');

/**
 * The license as the running server sees it: loads the activated key, an
 * imported renewal and the last online verdict from instance_settings,
 * re-verifies their signatures, and answers the gate's questions on the
 * injected clock, never earlier than the latest time ever seen.
 */
export class LicenseManager implements LicenseGate {
  readonly trustedKeys: TrustedKeySet;
  private raw: Record<string, string | undefined> = {};
  private keyTerms: LicenseTerms | undefined;
  private effective: LicenseTerms | undefined;
  private invalidReason: string | undefined;
  private validation: ValidationRecord = {};
  private highWater = 0;
  private persistedHighWater = 0;
  private instance: string | undefined;

  private constructor(private readonly deps: LicenseManagerDeps) {
    this.trustedKeys = deps.trustedKeys ?? defaultTrustedKeys();
  }

  /** The manager over the stored license, loaded. */
  static async open(deps: LicenseManagerDeps): Promise<LicenseManager> {
    const manager = new LicenseManager(deps);
    await manager.load();
    return manager;
  }

  /** Instance settings, outside whatever unit of work the caller is in (the license is the instance's, not a request's). */
  private get db() {
    return this.deps.data.db('instance');
  }

  /** Re-reads the stored license (another process, e.g. the CLI, may have changed it). Cheap when nothing changed. */
  async load(): Promise<void> {
    const db = this.db;
    const stored = await this.deps.data.read('instance', async () => ({
      key: await readSetting(db, SETTING.key),
      renewal: await readSetting(db, SETTING.renewal),
      validation: await readSetting(db, SETTING.validation),
      activatedAt: await readSetting(db, SETTING.activatedAt),
      instanceId: await readSetting(db, SETTING.instanceId),
      highWater: await readHighWater(db),
    }));
    const { highWater, ...raw } = stored;
    this.persistedHighWater = Math.max(this.persistedHighWater, highWater);
    this.highWater = Math.max(this.highWater, this.persistedHighWater);
    if (Object.keys(raw).every((k) => raw[k as keyof typeof raw] === this.raw[k])) return;
    this.raw = raw;
    this.instance = raw.instanceId;
    this.validation = await readValidation(db);
    this.keyTerms = undefined;
    this.effective = undefined;
    this.invalidReason = undefined;
    if (!raw.key) return;
    const verified = verifyKey(raw.key, { trustedKeys: this.trustedKeys, now: new Date(0) });
    // Dates are judged by evaluateLicense on our own clock; here only the signature matters.
    const terms = verified.ok ? verified.terms : verified.terms;
    if (!terms) {
      this.invalidReason = `The activated license key no longer verifies: ${verified.ok ? '' : verified.message} Activate a valid key with "trasealla license update".`;
      return;
    }
    this.keyTerms = terms;
    this.effective = terms;
    if (terms.instanceId && terms.instanceId !== this.instance) {
      this.invalidReason = `The license key is bound to instance ${terms.instanceId}, but this is instance ${this.instance ?? '(none)'}.`;
    }
    if (raw.renewal) {
      const renewed = verifyRenewal(raw.renewal, { trustedKeys: this.trustedKeys, now: new Date(0), licenseId: terms.licenseId });
      const renewedTerms = renewed.ok
        ? renewed.terms
        : renewed.code === 'not_yet_valid' || renewed.code === 'expired'
          ? renewed.terms
          : undefined;
      if (renewedTerms && renewedTerms.issuedAt >= this.effective.issuedAt) this.effective = renewedTerms;
    }
    const signed = this.validation.signed;
    if (signed && this.validation.terms) {
      const ok = verifyValidationSignature(signed, this.trustedKeys);
      if (ok.ok && ok.signed.answer.licenseId === terms.licenseId) {
        try {
          this.effective = termsFromJson(ok.signed.answer.terms);
        } catch {
          /* keep the key's terms */
        }
      } else {
        // A stored verdict that does not verify is ignored, as if it had never come.
        this.validation = {
          ...this.validation,
          status: undefined,
          terms: undefined,
          signed: undefined,
          lastGoodAt: undefined,
        } as ValidationRecord;
      }
    }
  }

  /**
   * The instance's time: the injected clock, but never before the latest time ever seen (setting
   * the clock back revives nothing). An hour past the stored mark, the new mark is written in the
   * background, outside the caller's unit of work.
   */
  now(): Date {
    const t = this.deps.clock.now().getTime();
    if (t > this.highWater) this.highWater = t;
    if (this.highWater - this.persistedHighWater > HOUR_MS && !this.persisting) {
      this.persisting = this.deps.data
        .detached(() => this.persistHighWater())
        .catch((err: unknown) => this.deps.logger?.warn({ msg: 'could not store the clock high-water mark', err: String(err) }))
        .finally(() => (this.persisting = undefined));
    }
    return new Date(this.highWater);
  }

  private persisting: Promise<unknown> | undefined;

  async persistHighWater(): Promise<void> {
    if (this.highWater <= this.persistedHighWater || this.deps.persist === false) return;
    const mark = this.highWater;
    await writeSetting(this.db, SETTING.highWater, String(mark), new Date(mark));
    this.persistedHighWater = Math.max(this.persistedHighWater, mark);
  }

  get instanceId(): string | undefined {
    return this.instance;
  }

  /** Creates the instance id if there is none yet (setup does this first). */
  async ensureInstanceId(): Promise<string> {
    this.instance = await ensureInstanceId(this.db, this.deps.clock.now());
    this.raw.instanceId = this.instance;
    return this.instance;
  }

  terms(): LicenseTerms | undefined {
    return this.effective;
  }

  keyText(): string | undefined {
    return this.raw.key;
  }

  validationRecord(): ValidationRecord {
    return this.validation;
  }

  state(): LicenseState {
    const v = this.validation;
    const lastGood = v.lastGoodAt ?? this.raw.activatedAt;
    return evaluateLicense({
      terms: this.effective,
      invalidReason: this.invalidReason,
      validation: lastGood
        ? { lastGoodAt: new Date(lastGood), ...(v.status ? { status: v.status } : {}), ...(v.message ? { message: v.message } : {}) }
        : undefined,
      now: this.now(),
    });
  }

  // The gate.

  /** Setup-required mode: the whole API answers 503 with the command to run. */
  assertActivated(): void {
    if (!this.effective && !this.invalidReason) {
      const command = this.deps.setupCommand ?? 'trasealla setup';
      throw new AppError(503, 'LICENSE_REQUIRED', `This Trasealla CRM has not been set up yet. On the server, run: ${command}`, {
        setupCommand: command,
      });
    }
  }

  assertWritable(): void {
    this.assertActivated();
    const state = this.state();
    if (!state.readOnly) return;
    const message = `${state.reason ?? 'The license does not allow changes.'} Reading and exporting your data keep working.`;
    if (state.status === 'revoked' || state.status === 'suspended')
      throw new AppError(403, 'LICENSE_REVOKED', message, { status: state.status });
    throw new AppError(403, 'LICENSE_EXPIRED', message, { status: state.status });
  }

  assertCanAddUser(activeUsers: number): void {
    this.assertWritable();
    const max = this.effective!.maxUsers;
    if (activeUsers + 1 > max) throw seatLimitError(max);
  }

  assertCanAddTenant(tenants: number): void {
    this.assertWritable();
    const max = this.effective!.maxTenants;
    if (tenants + 1 > max)
      throw new AppError(
        403,
        'LICENSE_TENANT_LIMIT',
        `Your license allows ${max} organisation${max === 1 ? '' : 's'}. Delete one or ask Trasealla for more.`,
      );
  }

  assertFeature(feature: string): void {
    this.assertActivated();
    if (!(this.effective?.features as string[] | undefined)?.includes(feature))
      throw new AppError(
        403,
        'LICENSE_FEATURE_DISABLED',
        `Your license does not include the "${feature}" feature. Ask Trasealla to add it.`,
        { feature },
      );
  }

  warningHeaders(): Record<string, string> {
    if (!this.effective) return {};
    const state = this.state();
    return state.warnings.length > 0 ? { [HEADER]: headerSafe(state.warnings[0]!) } : {};
  }

  notReadyReason(): string | null {
    if (!this.effective && !this.invalidReason) return `no license is activated: run "${this.deps.setupCommand ?? 'trasealla setup'}"`;
    return null;
  }

  // Changes.

  /**
   * Verifies a key offline and makes it the instance's license. The same key again changes
   * nothing; a newer key for the same customer replaces the old one; another customer's key
   * (or an older key) on an activated instance needs `force`.
   */
  async activate(keyText: string, options: { force?: boolean } = {}): Promise<ActivationResult> {
    const now = this.now();
    const verified = verifyKey(keyText, { trustedKeys: this.trustedKeys, now });
    if (!verified.ok) throw new LicenseKeyError(verified.code, verified.message, verified.position);
    const terms = verified.terms;
    const instanceId = await this.ensureInstanceId();
    if (terms.instanceId && terms.instanceId !== instanceId)
      throw new LicenseKeyError(
        'wrong_instance',
        `This key is bound to instance ${terms.instanceId}; this instance is ${instanceId}. Ask Trasealla for a key for ${instanceId}.`,
      );
    const previous = this.keyTerms;
    if (previous && JSON.stringify(termsToJson(previous)) === JSON.stringify(termsToJson(terms)) && !this.invalidReason)
      return { changed: false, terms, previous };
    if (previous && !options.force) {
      if (previous.customer !== terms.customer)
        throw new LicenseKeyError(
          'other_customer',
          `This instance is licensed to "${previous.customer}"; the new key is for "${terms.customer}". Re-run with --force to replace the license.`,
        );
      if (previous.licenseId === terms.licenseId && terms.issuedAt < previous.issuedAt)
        throw new LicenseKeyError(
          'older_key',
          `This key is older than the one activated (issued ${terms.issuedAt.toISOString().slice(0, 10)}). Re-run with --force to use it anyway.`,
        );
    }
    const db = this.db;
    await this.deps.data.transaction('instance', async () => {
      await writeSetting(db, SETTING.key, keyText.replace(/\s+/g, '').toUpperCase(), now);
      await writeSetting(db, SETTING.activatedAt, now.toISOString(), now);
      await writeSetting(db, SETTING.renewal, '', now);
      await writeValidation(db, {}, now);
    });
    await this.persistHighWater();
    await this.load();
    this.deps.logger?.info({
      msg: 'license activated',
      licenseId: terms.licenseId,
      tier: terms.tier,
      maxUsers: terms.maxUsers,
      maxTenants: terms.maxTenants,
    });
    return { changed: true, terms, previous };
  }

  /** Imports a signed offline renewal document (air-gapped licenses). */
  async importRenewal(text: string): Promise<ActivationResult> {
    const current = this.keyTerms;
    if (!current) throw new LicenseKeyError('wrong_license', 'No license is activated here yet. Run "trasealla setup" first.');
    const verified = verifyRenewal(text, { trustedKeys: this.trustedKeys, now: this.now(), licenseId: current.licenseId });
    if (!verified.ok) throw new LicenseKeyError(verified.code, verified.message, verified.position);
    const previous = this.effective;
    if (previous && JSON.stringify(termsToJson(previous)) === JSON.stringify(termsToJson(verified.terms)))
      return { changed: false, terms: verified.terms, previous };
    const now = this.now();
    await this.deps.data.transaction('instance', async () => {
      await writeSetting(this.db, SETTING.renewal, text, now);
      // Verdicts about the old terms no longer describe what is in force.
      await writeValidation(this.db, { ...this.validation, terms: undefined, signed: undefined } as ValidationRecord, now);
    });
    await this.load();
    return { changed: true, terms: verified.terms, previous };
  }

  /** Stores an online check's outcome. Only a verified answer changes the verdict or the terms. */
  async recordValidation(result: OnlineValidationResult, at: Date): Promise<void> {
    const record: ValidationRecord = { ...this.validation, lastAttemptAt: at.toISOString(), lastResult: result.kind };
    if (result.kind === 'unreachable') {
      record.lastReason = result.reason;
    } else {
      delete record.lastReason;
      record.lastGoodAt = at.toISOString();
      record.status = result.status;
      record.terms = termsToJson(result.terms);
      record.nextCheckAt = result.nextCheckAt.toISOString();
      record.signed = result.signed;
      if (result.message) record.message = result.message;
      else delete record.message;
    }
    await writeValidation(this.db, record, at);
    await this.persistHighWater();
    await this.load();
  }
}
