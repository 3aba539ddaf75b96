import { measure, printTable, startFixture } from './lib/load';

/**
 * Platform core throughput on loopback, each figure beside the bare
 * node:http ceiling measured in the same run (this machine is shared and
 * noisy: compare ratios, not absolute numbers, across runs).
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

const hello = await startFixture<{ url: string }>('hello-server.ts');
const ceiling = await measure('node:http hello world (ceiling)', { url: hello.info.url, seconds, connections, pid: hello.child.pid! });
await hello.stop();

const crm = await startFixture<{ url: string; token: string; userId: string }>('crm-server.ts');
const auth = { authorization: `Bearer ${crm.info.token}` };
const results = [
  ceiling,
  await measure('GET /healthz', { url: `${crm.info.url}/healthz`, seconds, connections, pid: crm.child.pid! }),
  await measure('GET /api/auth/me (JWT)', { url: `${crm.info.url}/api/auth/me`, headers: auth, seconds, connections, pid: crm.child.pid! }),
  await measure('GET /api/users/:id (tenant-scoped read)', {
    url: `${crm.info.url}/api/users/${crm.info.userId}`,
    headers: auth,
    seconds,
    connections,
    pid: crm.child.pid!,
  }),
  await measure('GET /api/users?limit=50 (tenant-scoped list)', {
    url: `${crm.info.url}/api/users?limit=50`,
    headers: auth,
    seconds,
    connections,
    pid: crm.child.pid!,
  }),
];
await crm.stop();
printTable(`Platform core, ${connections} connections, ${seconds} s per case (Node ${process.version})`, results, ceiling);
const bad = results.filter((r) => r.errors > 0 || r.non2xx > 0);
if (bad.length > 0) {
  console.error(`Requests failed in: ${bad.map((r) => r.name).join(', ')}`);
  process.exitCode = 1;
}
