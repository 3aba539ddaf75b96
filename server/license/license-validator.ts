import { validateLicenseOnline, type OnlineValidationResult } from '../../licensing/client';
import { countActiveUsers, countLiveTenants } from '../data/instance';
import type { Database } from '../data/data-layer';
import type { Logger } from '../../platform/logger';
import { PRODUCT_VERSION } from '../version';
import type { LicenseManager } from './license-manager';

export interface LicenseValidatorDeps {
  db: Database;
  license: LicenseManager;
  logger: Logger;
  serverUrl: string;
  timeoutMs: number;
  /** Injected in tests, or a proxy-aware fetch on Node 20. */
  fetch?: typeof globalThis.fetch | undefined;
}

export type ValidationOutcome = { kind: 'skipped'; reason: string } | OnlineValidationResult;

const MINUTE = 60_000;
/** After a failed check, try again this soon (plus jitter); grace keeps counting meanwhile. */
const RETRY_MS = 30 * MINUTE;
/** setTimeout cannot wait longer than ~24.8 days. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Periodic online validation: at start, then when the service says (its nextCheckAt), with
 * jitter so a fleet does not call at the same second. Air-gapped licenses make no call at all.
 * Only verified answers change anything (LicenseManager.recordValidation).
 */
export class LicenseValidator {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private running: Promise<ValidationOutcome> | undefined;

  constructor(private readonly deps: LicenseValidatorDeps) {}

  /** One check now. Concurrent calls share the same check. */
  runOnce(): Promise<ValidationOutcome> {
    this.running ??= this.check().finally(() => (this.running = undefined));
    return this.running;
  }

  private async check(): Promise<ValidationOutcome> {
    const { license, db, logger } = this.deps;
    await license.load();
    const terms = license.terms();
    if (!terms) return { kind: 'skipped', reason: 'no license is activated' };
    if (terms.policy.mode !== 'online') return { kind: 'skipped', reason: 'air-gapped licenses are never checked online' };
    const instanceId = license.instanceId ?? (await license.ensureInstanceId());
    const now = license.now();
    const result = await validateLicenseOnline({
      serverUrl: this.deps.serverUrl,
      licenseId: terms.licenseId,
      instanceId,
      activeUsers: await countActiveUsers(db),
      tenants: await countLiveTenants(db),
      version: PRODUCT_VERSION,
      trustedKeys: license.trustedKeys,
      now,
      timeoutMs: this.deps.timeoutMs,
      ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
    });
    await license.recordValidation(result, license.now());
    if (result.kind === 'verified')
      logger.info({ msg: 'license validated', status: result.status, nextCheckAt: result.nextCheckAt.toISOString() });
    else
      logger.warn({
        msg: 'license service unreachable; grace period counting',
        reason: result.reason,
        readOnlyFrom: license.state().readOnlyFrom?.toISOString(),
      });
    return result;
  }

  /** Checks now and keeps checking until stop(). */
  start(): void {
    this.stopped = false;
    void this.tick();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    let outcome: ValidationOutcome;
    try {
      outcome = await this.runOnce();
    } catch (err) {
      this.deps.logger.error({ msg: 'license check failed', err: err instanceof Error ? err.message : String(err) });
      outcome = { kind: 'unreachable', reason: 'internal error' };
    }
    if (this.stopped) return;
    let delay: number;
    if (outcome.kind === 'verified') delay = Math.max(MINUTE, outcome.nextCheckAt.getTime() - outcome.serverTime.getTime());
    else if (outcome.kind === 'unreachable') delay = RETRY_MS;
    else delay = 60 * MINUTE; // skipped: look again later (a key may be activated meanwhile)
    const jittered = Math.min(MAX_TIMER_MS, Math.round(delay * (0.9 + Math.random() * 0.2)));
    this.timer = setTimeout(() => void this.tick(), jittered);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
