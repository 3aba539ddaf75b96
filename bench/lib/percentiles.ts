import { readFileSync } from 'node:fs';

/** p50 / p99 of a list of durations, in the unit given. */
export function percentiles(samples: number[]): { p50: number; p99: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99), mean: sorted.reduce((a, b) => a + b, 0) / sorted.length };
}

/** A process's resident memory now (VmRSS), in MB. */
export function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

/** Peak resident memory of a process, sampled from /proc while `during` runs. */
export async function peakRss<T>(pid: number, during: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = 0;
  const sample = () => {
    try {
      peak = Math.max(peak, rssMb(pid));
    } catch {
      // the process may have exited
    }
  };
  sample();
  const timer = setInterval(sample, 100);
  try {
    const result = await during();
    sample();
    return { result, peakMb: peak };
  } finally {
    clearInterval(timer);
  }
}
