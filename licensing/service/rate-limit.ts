/**
 * Fixed-window counters in memory, one limiter per dimension (license, address). One process
 * serves the license service, so memory is the right place; a restart forgets, which only
 * ever lets callers through.
 */
export interface RateLimitRule {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export class FixedWindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private sweepAt = 0;

  constructor(private readonly rule: RateLimitRule) {}

  /** Counts one request; returns the seconds to wait when over the limit, else 0. */
  hit(key: string, nowMs: number): number {
    this.sweep(nowMs);
    let w = this.windows.get(key);
    if (!w || nowMs - w.start >= this.rule.windowMs) {
      w = { start: nowMs, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    if (w.count <= this.rule.limit) return 0;
    return Math.max(1, Math.ceil((w.start + this.rule.windowMs - nowMs) / 1000));
  }

  private sweep(nowMs: number) {
    if (nowMs < this.sweepAt) return;
    this.sweepAt = nowMs + this.rule.windowMs;
    for (const [key, w] of this.windows) if (nowMs - w.start >= this.rule.windowMs) this.windows.delete(key);
  }
}
