import { eq, lte, sql } from 'drizzle-orm';
import type { Clock } from '../../platform/clock';
import type { RateLimitRule } from '../../platform/rate-limiter';
import { storedValue } from '../../platform/pagination';
import { rateLimitWindows } from '../db/schema';
import type { DataLayer } from './data-layer';

/** A fixed-window counter: what the sign-in limits need, in memory or shared. */
export interface AttemptCounter {
  /** Seconds until the key may try again, or 0 when it is under the limit. Counts nothing. */
  retryAfter(key: string): Promise<number>;
  hit(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

/**
 * The same fixed windows as platform/rate-limiter's WindowCounter, kept in the database so that
 * every replica of an instance counts together (PostgreSQL; one SQLite server keeps them in
 * memory). One upsert per hit, atomic on both engines: an ended window starts again at one.
 * Ended windows are deleted at most once per window length per process.
 */
export class SharedWindowCounter implements AttemptCounter {
  private sweepAt = 0;

  constructor(
    private readonly data: DataLayer,
    /** Keeps this counter's keys apart from another's in the one table ("login-ip", "login-email"). */
    private readonly name: string,
    private readonly rule: RateLimitRule,
    private readonly clock: Clock,
  ) {}

  private key = (key: string) => `${this.name}:${key}`;

  async retryAfter(key: string): Promise<number> {
    const now = this.clock.now().getTime();
    const row = await this.data
      .db('instance')
      .select({ count: rateLimitWindows.count, resetAt: rateLimitWindows.resetAt })
      .from(rateLimitWindows)
      .where(eq(rateLimitWindows.key, this.key(key)))
      .get();
    if (!row || row.resetAt.getTime() <= now || row.count < this.rule.limit) return 0;
    return Math.max(1, Math.ceil((row.resetAt.getTime() - now) / 1000));
  }

  async hit(key: string): Promise<void> {
    const now = this.clock.now().getTime();
    const ended = sql`${rateLimitWindows.resetAt} <= ${storedValue(rateLimitWindows.resetAt, now)}`;
    const resetAt = new Date(now + this.rule.windowMs);
    await this.data
      .db('instance')
      .insert(rateLimitWindows)
      .values({ key: this.key(key), count: 1, resetAt })
      .onConflictDoUpdate({
        target: rateLimitWindows.key,
        set: {
          count: sql`CASE WHEN ${ended} THEN 1 ELSE ${rateLimitWindows.count} + 1 END`,
          resetAt: sql`CASE WHEN ${ended} THEN ${storedValue(rateLimitWindows.resetAt, resetAt.getTime())} ELSE ${rateLimitWindows.resetAt} END`,
        },
      })
      .run();
    if (now >= this.sweepAt) {
      this.sweepAt = now + this.rule.windowMs;
      await this.data.db('instance').delete(rateLimitWindows).where(lte(rateLimitWindows.resetAt, new Date(now))).run();
    }
  }

  async reset(key: string): Promise<void> {
    await this.data.db('instance').delete(rateLimitWindows).where(eq(rateLimitWindows.key, this.key(key))).run();
  }
}
