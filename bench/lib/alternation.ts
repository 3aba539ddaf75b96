/*
 * A/B timing on a shared, noisy machine: both sides of a pair run in the same process, in short
 * slices taken in turn (A B, then B A in the next round, so neither side always goes first), and
 * every pair's rounds are spread over the whole run instead of one pair after another. What a
 * burst of load from elsewhere costs then lands on both sides. Each slice's CPU time is this
 * process's (user + system, process.cpuUsage), its wall time performance.now().
 */

export interface Pair {
  /** The speed-up the pair is about. */
  trick: string;
  /** The request (or service call) both sides serve. */
  request: string;
  /** What "with" and "without" run, in words. */
  detail: string;
  with: () => unknown;
  without: () => unknown;
}

export interface Samples {
  /** Per round: CPU µs per operation. */
  cpuUs: number[];
  /** Per round: wall µs per operation. */
  wallUs: number[];
}

export interface PairTiming {
  pair: Pair;
  iterations: number;
  with: Samples;
  without: Samples;
}

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export const median = (values: number[]) => quantile(values, 0.5);

async function slice(run: () => unknown, iterations: number): Promise<{ cpuUs: number; wallUs: number }> {
  // A few untimed calls first: whatever the other side left behind (a cache to refill, a
  // statement to prepare) is not charged to this side.
  for (let i = 0; i < 3; i++) await run();
  const cpu = process.cpuUsage();
  const wall = performance.now();
  for (let i = 0; i < iterations; i++) await run();
  const used = process.cpuUsage(cpu);
  return { cpuUs: (used.user + used.system) / iterations, wallUs: ((performance.now() - wall) * 1000) / iterations };
}

/** How many calls of `run` fill about `sliceMs` of wall time (after a warm-up). */
async function calibrate(run: () => unknown, sliceMs: number): Promise<number> {
  const warmUntil = performance.now() + sliceMs;
  while (performance.now() < warmUntil) await run();
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < sliceMs) {
    await run();
    n++;
  }
  return Math.max(5, n);
}

/** Times every pair, `rounds` slices a side, in alternation; `progress` hears each round's end. */
export async function timeInAlternation(
  pairs: Pair[],
  options: { rounds: number; sliceMs: number; progress?: (round: number) => void },
): Promise<PairTiming[]> {
  const timings: PairTiming[] = [];
  for (const pair of pairs) {
    const iterations = await calibrate(pair.with, options.sliceMs);
    await calibrate(pair.without, options.sliceMs / 2);
    timings.push({ pair, iterations, with: { cpuUs: [], wallUs: [] }, without: { cpuUs: [], wallUs: [] } });
  }
  for (let round = 0; round < options.rounds; round++) {
    for (const t of timings) {
      const sides = round % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const);
      for (const side of sides) {
        const { cpuUs, wallUs } = await slice(t.pair[side], t.iterations);
        t[side].cpuUs.push(cpuUs);
        t[side].wallUs.push(wallUs);
      }
    }
    options.progress?.(round + 1);
  }
  return timings;
}

/** The per-round savings (without − with) of a pair: paired by round, so a noisy round moves both sides. */
export function savings(t: { with: Samples; without: Samples }, of: 'cpuUs' | 'wallUs' = 'cpuUs'): number[] {
  return t.with[of].map((w, i) => t.without[of][i]! - w);
}
