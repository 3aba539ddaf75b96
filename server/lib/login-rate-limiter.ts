import type { Clock } from '../../platform/clock';
import { rateLimited } from '../../platform/errors';
import { WindowCounter } from '../../platform/rate-limiter';

/** Sign-in limits: every attempt counts per client address, failures count per email. */
export class LoginRateLimiter {
  private readonly byIp: WindowCounter;
  private readonly byEmail: WindowCounter;

  constructor(options: { ipPerMinute: number; emailFailuresPer15Minutes: number }, clock: Clock) {
    this.byIp = new WindowCounter({ limit: options.ipPerMinute, windowMs: 60_000 }, clock);
    this.byEmail = new WindowCounter({ limit: options.emailFailuresPer15Minutes, windowMs: 15 * 60_000 }, clock);
  }

  /** Throws 429 with Retry-After when either limit is reached; otherwise counts the attempt. */
  check(ip: string, email: string): void {
    const wait = Math.max(this.byIp.retryAfter(ip), this.byEmail.retryAfter(email.toLowerCase()));
    if (wait > 0) throw rateLimited(`Too many sign-in attempts. Try again in ${wait} seconds.`, wait, { retryAfterSeconds: wait });
    this.byIp.hit(ip);
  }

  failed(email: string): void {
    this.byEmail.hit(email.toLowerCase());
  }

  succeeded(email: string): void {
    this.byEmail.reset(email.toLowerCase());
  }
}
