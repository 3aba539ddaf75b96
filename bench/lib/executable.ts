import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { TRASEALLA_BINARY } from '../../build/binary-paths';

/** dist/trasealla when it has been built (npm run build:binary); otherwise says how to build it. */
export function builtExecutable(): string | undefined {
  if (existsSync(TRASEALLA_BINARY)) return TRASEALLA_BINARY;
  console.log('\n(dist/trasealla not built: run npm run build:binary to measure the shipped server too)');
  return undefined;
}

export interface ServedExecutable {
  url: string;
  pid: number;
  /** The Node version inside the executable. */
  node: string;
  stop(): Promise<void>;
}

/**
 * `trasealla serve` from the executable on a free loopback port, ready when /readyz says so.
 * Its log lines go where the fixtures' go (nowhere): reading them here would cost CPU the
 * load generator needs.
 */
export async function serveExecutable(binary: string, env: NodeJS.ProcessEnv): Promise<ServedExecutable> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = spawn(binary, ['serve', '--port', String(port), '--host', '127.0.0.1'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
    await exited;
  };
  try {
    for (let ready = false; !ready;) {
      if (server.exitCode !== null || server.signalCode !== null)
        throw new Error(`dist/trasealla serve exited (${server.exitCode ?? server.signalCode})`);
      ready = await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (!ready) await new Promise((r) => setTimeout(r, 200));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const node = spawnSync(binary, ['version', '--json'], { encoding: 'utf8' }).stdout.match(/"node":"([^"]+)"/)?.[1] ?? '?';
  return { url, pid: server.pid!, node, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}
