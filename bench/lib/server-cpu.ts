import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';

/** A process's CPU time so far (user + system), in µs, from /proc (clock ticks of 10 ms). */
export function processCpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

export interface HttpSlice {
  /** The server process's CPU µs per request over the slice. */
  cpuUs: number;
  requestsPerSecond: number;
  requests: number;
  failures: number;
}

/**
 * One short autocannon run against an already warm server, its CPU per request read from /proc
 * around it: unlike bench/lib/load.ts's measure(), no warm-up of its own, so that many short
 * slices of two variants can be taken in turn.
 */
export async function httpSlice(opts: {
  url: string;
  pid: number;
  seconds: number;
  connections?: number;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  body?: string;
}): Promise<HttpSlice> {
  const before = processCpuMicros(opts.pid);
  const r = await autocannon({
    url: opts.url,
    headers: opts.headers ?? {},
    connections: opts.connections ?? 10,
    method: opts.method ?? 'GET',
    duration: opts.seconds,
    ...(opts.body ? { body: opts.body } : {}),
  });
  const cpu = processCpuMicros(opts.pid) - before;
  return {
    cpuUs: r.requests.total > 0 ? cpu / r.requests.total : Number.NaN,
    requestsPerSecond: r.requests.total / opts.seconds,
    requests: r.requests.total,
    failures: r.errors + r.timeouts + r.non2xx,
  };
}
