import type { z } from '@hono/zod-openapi';
import type { fixedClock } from '../../platform/clock';
import type { RequestContext } from '../../server/lib/context';
import { validationFailed } from '../../platform/errors';
import { fieldIssues } from '../../platform/validation';
import { COMPANY_WORDS, FIRST_NAMES, LAST_NAMES } from './sample-names';
import type { SeededRandom } from './seeded-random';

/*
 * What the sample-data seeders share: the seeding state, writing "at" a
 * moment, the API's input validation, and the small name and date helpers.
 */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/**
 * Viewers cannot write, so records belong to these three. Each record is written by the person
 * it belongs to, so ownerId and assigneeId are left to the API's default: the writer.
 */
export const WRITERS = ['owner', 'admin', 'member'] as const;
export type Writer = (typeof WRITERS)[number];

export interface Seeding {
  random: SeededRandom;
  now: Date;
  /** The clock the writers' contexts run on, set to when each write "happened". */
  clock: ReturnType<typeof fixedClock>;
  crew: Record<Writer, { id: string; ctx: RequestContext }>;
  /** When the tenant's calendar day ends: "due today" tasks land before it. */
  endOfToday: Date;
  takenPeople: Set<string>;
  takenCompanies: Set<string>;
}

/** Runs a write as if it happened at `when`: created and closed dates and audit times follow the clock. */
export function at<T>(s: Seeding, when: Date, write: () => T): T {
  s.clock.set(when);
  return write();
}

/** The request body as the route's validator would pass it on, or the same VALIDATION_FAILED error. */
export function valid<S extends z.ZodType>(schema: S, input: z.input<S>): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationFailed(fieldIssues(result.error));
  return result.data;
}

/** The words an activity's or task's text is filled with. */
export interface Words {
  first: string;
  company: string;
  topic: string;
}

export function uniquePerson(random: SeededRandom, taken: Set<string>): { first: string; last: string } {
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    if (!taken.has(`${first} ${last}`)) {
      taken.add(`${first} ${last}`);
      return { first, last };
    }
  }
  throw new Error('Ran out of distinct person names: lengthen the name lists.');
}

/** Prospects' names never match a customer's, so only won leads land at existing companies. */
export function uniqueCompany(s: Seeding, suffixes: readonly string[]): string {
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const name = `${s.random.pick(COMPANY_WORDS)} ${s.random.pick(suffixes)}`;
    if (!s.takenCompanies.has(name)) {
      s.takenCompanies.add(name);
      return name;
    }
  }
  throw new Error('Ran out of distinct company names: lengthen the word lists.');
}

export const slugOf = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
export const emailFor = (first: string, last: string, domain: string) => `${slugOf(first)}.${slugOf(last)}@${domain}`;
export const digits = (random: SeededRandom, pattern: string) => pattern.replace(/#/g, () => String(random.int(0, 9)));
export const fill = (template: string, words: Words) => template.replace(/\{(first|company|topic)\}/g, (_, key: keyof Words) => words[key]);

/** Shuffled keys, each as often as its count says. */
export function spread<K extends string>(random: SeededRandom, counts: Readonly<Record<K, number>>): K[] {
  return random.shuffle((Object.entries(counts) as [K, number][]).flatMap(([key, n]) => Array.from({ length: n }, () => key)));
}

/** `count` values taking turns, shuffled: every value appears once count reaches the list's length. */
export function evenly<T>(random: SeededRandom, values: readonly T[], count: number): T[] {
  return random.shuffle(Array.from({ length: count }, (_, i) => values[i % values.length]!));
}

export function between(s: Seeding, from: Date, to: Date): Date {
  return new Date(Math.round(from.getTime() + s.random.next() * (to.getTime() - from.getTime())));
}

/** A moment between `maxDays` and `minDays` before now (negative days are in the future). */
export function daysAgo(s: Seeding, maxDays: number, minDays: number): Date {
  return between(s, new Date(s.now.getTime() - maxDays * DAY), new Date(s.now.getTime() - minDays * DAY));
}

export function clamp(date: Date, min: Date, max: Date): Date {
  return new Date(Math.min(Math.max(date.getTime(), min.getTime()), max.getTime()));
}

export const onTheHour = (date: Date) => new Date(Math.round(date.getTime() / HOUR) * HOUR);

/** The instant the tenant's current calendar day ends, worked out as the tasks service does. */
export function endOfLocalDay(now: Date, timeZone: string): Date {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const nextMidnightUtc = new Date(Date.parse(`${day}T00:00:00Z`) + DAY);
  const local = new Date(nextMidnightUtc.toLocaleString('en-US', { timeZone }));
  const utc = new Date(nextMidnightUtc.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(nextMidnightUtc.getTime() - (local.getTime() - utc.getTime()));
}
