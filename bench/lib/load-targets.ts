import autocannon from 'autocannon';
import { readdirSync, readFileSync } from 'node:fs';
import type { LoadResult } from './load';

/*
 * bench/lib/load.ts's measure, for load split across several server processes at once (one
 * autocannon per process, the connections shared out, all started together) and with the CPU of
 * other processes counted beside the servers' own: a PostgreSQL cluster's backends.
 */

/** A process's CPU time so far, in µs, from /proc (clock ticks of 10 ms); 0 once it is gone. */
export function cpuMicros(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return 0;
  }
}

/** A process and its children now (a PostgreSQL postmaster and its backends). */
export function processTree(root: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(
        readFileSync(`/proc/${entry}/stat`, 'utf8')
          .replace(/^.*\) /, '')
          .split(' ')[1],
      );
      if (ppid === root) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return [root, ...children];
}

/** CPU of a changing set of processes over an interval: those present at both ends (a backend that exits meanwhile is lost). */
function cpuOf(pids: () => number[]): () => number {
  const before = new Map(pids().map((pid) => [pid, cpuMicros(pid)]));
  return () => {
    let sum = 0;
    for (const pid of pids()) if (before.has(pid)) sum += cpuMicros(pid) - before.get(pid)!;
    return sum;
  };
}

export interface Target {
  url: string;
  headers?: Record<string, string>;
  /** The server process, for its CPU per request. */
  pid: number;
}

export interface Request {
  name: string;
  /** Appended to each target's url. */
  path: string;
  method?: 'GET' | 'POST';
  body?: string;
  /** Extra headers (a content type). */
  headers?: Record<string, string>;
  /** Authenticated with each target's own headers (default true). */
  auth?: boolean;
}

export interface SplitResult {
  name: string;
  /** One row per target, as bench/lib/load.ts reports them (CPU: that process's own). */
  perTarget: LoadResult[];
  /** All targets together: requests per second summed, latency the worst target's, CPU per request over every request. */
  total: LoadResult;
  /** CPU of the watched processes (a database cluster) per request, over every request. */
  watchedCpuUsPerRequest?: number | undefined;
}

/** A bounded run against every target at once, `connections` shared out evenly: a 1 s warm-up, then `seconds` measured. */
export async function measureTargets(
  request: Request,
  targets: Target[],
  opts: { connections?: number; seconds?: number; watch?: () => number[] },
): Promise<SplitResult> {
  const connections = opts.connections ?? 32;
  const each = (target: Target, i: number, duration: number) =>
    autocannon({
      url: `${target.url}${request.path}`,
      headers: { ...(request.auth === false ? {} : (target.headers ?? {})), ...(request.headers ?? {}) },
      connections: Math.floor(connections / targets.length) + (i < connections % targets.length ? 1 : 0),
      method: request.method ?? 'GET',
      ...(request.body ? { body: request.body } : {}),
      duration,
    });
  await Promise.all(targets.map((t, i) => each(t, i, 1)));
  const servers = targets.map((t) => cpuOf(() => [t.pid]));
  const watched = opts.watch ? cpuOf(opts.watch) : undefined;
  const results = await Promise.all(targets.map((t, i) => each(t, i, opts.seconds ?? 5)));
  const serverCpu = servers.map((spent) => spent());
  const watchedCpu = watched?.();
  const requests = results.reduce((sum, r) => sum + r.requests.total, 0);
  const perTarget: LoadResult[] = results.map((r, i) => ({
    name: `${request.name}${targets.length > 1 ? ` [process ${i + 1}]` : ''}`,
    requestsPerSecond: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    cpuUsPerRequest: r.requests.total > 0 ? serverCpu[i]! / r.requests.total : undefined,
  }));
  return {
    name: request.name,
    perTarget,
    total: {
      name: request.name,
      requestsPerSecond: perTarget.reduce((sum, r) => sum + r.requestsPerSecond, 0),
      p50: Math.max(...perTarget.map((r) => r.p50)),
      p99: Math.max(...perTarget.map((r) => r.p99)),
      errors: perTarget.reduce((sum, r) => sum + r.errors, 0),
      non2xx: perTarget.reduce((sum, r) => sum + r.non2xx, 0),
      cpuUsPerRequest: requests > 0 ? serverCpu.reduce((a, b) => a + b, 0) / requests : undefined,
    },
    watchedCpuUsPerRequest: watchedCpu !== undefined && requests > 0 ? watchedCpu / requests : undefined,
  };
}
