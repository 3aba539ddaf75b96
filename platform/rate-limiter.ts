import type { Clock } from './clock';

/**
 * Fixed-window counters in memory, one per limited dimension (client address, email, license).
 * Each app is one process that owns its database, so in-process state is the whole truth; a
 * restart forgets, which only ever lets callers through. Memory stays bounded: expired windows
 * are swept at most once per window length, and a map still full of live windows drops its
 * oldest window that has not reached its limit rather than grow.
 */
export interface RateLimitRule {
  /** Hits allowed per window. */
  limit: number;
  windowMs: number;
}

export class WindowCounter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private sweepAt = 0;

  private readonly limit: number;
  private readonly windowMs: number;

  constructor(
    rule: RateLimitRule,
    private readonly clock: Clock,
    private readonly maxKeys = 100_000,
  ) {
    this.limit = rule.limit;
    this.windowMs = rule.windowMs;
  }

  /** Seconds until the key may try again, or 0 when it is under the limit. Counts nothing. */
  retryAfter(key: string): number {
    const now = this.clock.now().getTime();
    const entry = this.windows.get(key);
    if (!entry || entry.resetAt <= now) return 0;
    return entry.count >= this.limit ? Math.max(1, Math.ceil((entry.resetAt - now) / 1000)) : 0;
  }

  /** Counts one hit. */
  hit(key: string): void {
    const now = this.clock.now().getTime();
    const entry = this.windows.get(key);
    if (!entry || entry.resetAt <= now) {
      if (now >= this.sweepAt || this.windows.size >= this.maxKeys) this.sweep(now);
      this.windows.set(key, { count: 1, resetAt: now + this.windowMs });
    } else {
      entry.count += 1;
    }
  }

  /** Counts one hit when the key is under the limit; otherwise counts nothing and returns the seconds to wait. */
  take(key: string): number {
    const wait = this.retryAfter(key);
    if (wait === 0) this.hit(key);
    return wait;
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private sweep(now: number) {
    this.sweepAt = now + this.windowMs;
    for (const [key, entry] of this.windows) if (entry.resetAt <= now) this.windows.delete(key);
    // Still full of live windows: drop the oldest one that is under its limit rather than grow
    // without bound. A refused key keeps its window, so flooding fresh keys cannot free it; only
    // when every window is at its limit (limit x maxKeys hits in one window) does the oldest go.
    if (this.windows.size >= this.maxKeys) {
      let victim: string | undefined;
      for (const [key, entry] of this.windows)
        if (entry.count < this.limit) {
          victim = key;
          break;
        }
      victim ??= this.windows.keys().next().value;
      if (victim !== undefined) this.windows.delete(victim);
    }
  }
}
