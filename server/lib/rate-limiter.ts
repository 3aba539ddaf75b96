import type { Clock } from './clock';
import { AppError } from './errors';

/**
 * Fixed-window counters in memory. One server process owns the embedded
 * database, so in-process state is the whole truth; expired windows are
 * swept as they are touched and on a size cap, so memory stays bounded.
 */
export class WindowCounter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
    private readonly maxKeys = 100_000,
  ) {}

  /** Seconds until the key may try again, or 0 when it is under the limit. */
  retryAfter(key: string): number {
    const now = this.clock.now().getTime();
    const entry = this.windows.get(key);
    if (!entry || entry.resetAt <= now) return 0;
    return entry.count >= this.limit ? Math.ceil((entry.resetAt - now) / 1000) : 0;
  }

  hit(key: string): void {
    const now = this.clock.now().getTime();
    const entry = this.windows.get(key);
    if (!entry || entry.resetAt <= now) {
      if (this.windows.size >= this.maxKeys) this.sweep(now);
      this.windows.set(key, { count: 1, resetAt: now + this.windowMs });
    } else {
      entry.count += 1;
    }
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private sweep(now: number) {
    for (const [key, entry] of this.windows) if (entry.resetAt <= now) this.windows.delete(key);
    // Still full of live windows: drop the oldest rather than grow without bound.
    if (this.windows.size >= this.maxKeys) {
      const first = this.windows.keys().next();
      if (!first.done) this.windows.delete(first.value);
    }
  }
}

/** Sign-in limits: every attempt counts per client address, failures count per email. */
export class LoginRateLimiter {
  private readonly byIp: WindowCounter;
  private readonly byEmail: WindowCounter;

  constructor(options: { ipPerMinute: number; emailFailuresPer15Minutes: number }, clock: Clock) {
    this.byIp = new WindowCounter(options.ipPerMinute, 60_000, clock);
    this.byEmail = new WindowCounter(options.emailFailuresPer15Minutes, 15 * 60_000, clock);
  }

  /** Throws 429 with Retry-After when either limit is reached; otherwise counts the attempt. */
  check(ip: string, email: string): void {
    const wait = Math.max(this.byIp.retryAfter(ip), this.byEmail.retryAfter(email.toLowerCase()));
    if (wait > 0) {
      throw new AppError(
        429,
        'RATE_LIMITED',
        `Too many sign-in attempts. Try again in ${wait} seconds.`,
        { retryAfterSeconds: wait },
        {
          'Retry-After': String(wait),
        },
      );
    }
    this.byIp.hit(ip);
  }

  failed(email: string): void {
    this.byEmail.hit(email.toLowerCase());
  }

  succeeded(email: string): void {
    this.byEmail.reset(email.toLowerCase());
  }
}
