import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { SHIPPED_NODE_FLAGS } from '../../build/node-flags';

export interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** Server CPU time (user + system) per request, when the server's pid was given: steadier than req/s on a shared machine. */
  cpuUsPerRequest?: number | undefined;
}

/** A process's CPU time so far, in µs, from /proc (clock ticks of 10 ms). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** Runs a fixture server in its own process (through tsx, with the shipped executable's V8 flags) and waits for the URL it reports. */
export async function startFixture<T extends { url: string }>(
  relativePath: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ info: T; child: ChildProcess; stop(): Promise<void> }> {
  const file = fileURLToPath(new URL(`../fixtures/${relativePath}`, import.meta.url));
  // BENCH_CPU_PROFILE_DIR=dir writes a V8 CPU profile of each fixture server (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`] : [];
  const child = fork(file, [], {
    execArgv: ['--import', 'tsx', ...SHIPPED_NODE_FLAGS, ...profile],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
  });
  const info = await new Promise<T>((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`${relativePath} exited with ${code}`)));
  });
  return {
    info,
    child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A bounded autocannon run against loopback: a warm-up, then the measured interval. */
export async function measure(
  name: string,
  opts: {
    url: string;
    headers?: Record<string, string>;
    connections?: number;
    seconds?: number;
    method?: 'GET' | 'POST';
    body?: string;
    pid?: number;
  },
): Promise<LoadResult> {
  const base = {
    url: opts.url,
    headers: opts.headers ?? {},
    connections: opts.connections ?? 10,
    method: opts.method ?? 'GET',
    ...(opts.body ? { body: opts.body } : {}),
  };
  await autocannon({ ...base, duration: 1 });
  const cpuBefore = opts.pid ? cpuMicros(opts.pid) : 0;
  const r = await autocannon({ ...base, duration: opts.seconds ?? 5 });
  const cpuUsPerRequest = opts.pid && r.requests.total > 0 ? (cpuMicros(opts.pid) - cpuBefore) / r.requests.total : undefined;
  return {
    name,
    requestsPerSecond: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    cpuUsPerRequest,
  };
}

export function printTable(title: string, rows: LoadResult[], baseline: LoadResult): void {
  console.log(`\n${title}`);
  console.log('| case | req/s | p50 ms | p99 ms | vs ceiling | server CPU µs/req | CPU vs ceiling | errors | non-2xx |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const ratio = r.requestsPerSecond / baseline.requestsPerSecond;
    const cpu = r.cpuUsPerRequest === undefined ? '' : r.cpuUsPerRequest.toFixed(0);
    // Throughput a server-bound run would reach relative to the ceiling: ceiling CPU / this CPU.
    const cpuRatio =
      r.cpuUsPerRequest && baseline.cpuUsPerRequest ? `${((100 * baseline.cpuUsPerRequest) / r.cpuUsPerRequest).toFixed(1)}%` : '';
    console.log(
      `| ${r.name} | ${Math.round(r.requestsPerSecond)} | ${r.p50} | ${r.p99} | ${(ratio * 100).toFixed(1)}% | ${cpu} | ${cpuRatio} | ${r.errors} | ${r.non2xx} |`,
    );
  }
}
