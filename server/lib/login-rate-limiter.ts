import type { Clock } from '../../platform/clock';
import { rateLimited } from '../../platform/errors';
import { WindowCounter, type RateLimitRule } from '../../platform/rate-limiter';
import type { AttemptCounter } from '../data/shared-window-counter';

/** A counter for one limit: in memory (one server owns the instance) or in the database (replicas share it). */
export type CounterFactory = (name: string, rule: RateLimitRule) => AttemptCounter;

export const inMemoryCounters =
  (clock: Clock): CounterFactory =>
  (_name, rule) => {
    const counter = new WindowCounter(rule, clock);
    return {
      retryAfter: async (key) => counter.retryAfter(key),
      hit: async (key) => counter.hit(key),
      reset: async (key) => counter.reset(key),
    };
  };

/** Sign-in limits: every attempt counts per client address, failures count per email. */
export class LoginRateLimiter {
  private readonly byIp: AttemptCounter;
  private readonly byEmail: AttemptCounter;

  constructor(options: { ipPerMinute: number; emailFailuresPer15Minutes: number }, counters: CounterFactory) {
    this.byIp = counters('login-ip', { limit: options.ipPerMinute, windowMs: 60_000 });
    this.byEmail = counters('login-email', { limit: options.emailFailuresPer15Minutes, windowMs: 15 * 60_000 });
  }

  /** Throws 429 with Retry-After when either limit is reached; otherwise counts the attempt. */
  async check(ip: string, email: string): Promise<void> {
    const [byIp, byEmail] = await Promise.all([this.byIp.retryAfter(ip), this.byEmail.retryAfter(email.toLowerCase())]);
    const wait = Math.max(byIp, byEmail);
    if (wait > 0) throw rateLimited(`Too many sign-in attempts. Try again in ${wait} seconds.`, wait, { retryAfterSeconds: wait });
    await this.byIp.hit(ip);
  }

  failed(email: string): Promise<void> {
    return this.byEmail.hit(email.toLowerCase());
  }

  succeeded(email: string): Promise<void> {
    return this.byEmail.reset(email.toLowerCase());
  }
}
