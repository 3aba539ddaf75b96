import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, startCli } from '../helpers/cli-process';
import { portAnswers, untilPortFree } from '../helpers/ports';
import { tempDir } from '../helpers/temp-dir';

const CLI = 'cli/main.ts';

/** Every live process whose command line mentions the marker (a unique data directory). */
function processesMentioning(marker: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

describe('the server process on a port and a data directory', () => {
  it('a busy port: exit 11 and a plain sentence naming --port, and the data directory is released', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    const dataDir = tempDir();
    try {
      const res = await runCli(CLI, ['serve', '--data-dir', dataDir, '--host', '127.0.0.1', '--port', String(port)]);
      expect(res.code).toBe(11);
      expect(res.stderr).toContain(`Port ${port} is already in use`);
      expect(res.stderr).toContain('--port');
      expect(res.stderr).not.toMatch(/at .*\.ts:\d+|EADDRINUSE/);
      // Nothing held: a server can take the same data directory right after.
      const next = startCli(CLI, ['serve', '--data-dir', dataDir, '--host', '127.0.0.1', '--port', '0']);
      await next.waitFor(/"msg":"listening"/);
      expect(await next.stop()).toBe(0);
    } finally {
      blocker.close();
    }
  });

  it('a SIGTERM while the server is still starting is a graceful stop once it has started (exit 0), not a kill', async () => {
    const starting = startCli(CLI, ['serve', '--data-dir', tempDir(), '--host', '127.0.0.1', '--port', '0']);
    // A fresh data directory is migrated first: the line comes before the port is open.
    await starting.waitFor(/"msg":"schema migrated"/);
    expect(await starting.stop('SIGTERM')).toBe(0);
    expect(starting.output()).toMatch(/"msg":"shutting down","signal":"SIGTERM"/);
    expect(starting.output()).toMatch(/"msg":"stopped"/);
  });

  it("an address that is not this machine's is a configuration error: exit 3 naming --host", async () => {
    // 192.0.2.1 is TEST-NET-1: never assigned to a machine, and nothing is sent to it (bind only).
    const res = await runCli(CLI, ['serve', '--data-dir', tempDir(), '--host', '192.0.2.1', '--port', '0']);
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('192.0.2.1 is not an address of this machine');
    expect(res.stderr).toContain('--host');
  });

  it('a second server on a data directory another one serves is refused with a plain sentence; restore is refused too', async () => {
    const dataDir = tempDir();
    const first = startCli(CLI, ['serve', '--data-dir', dataDir, '--host', '127.0.0.1', '--port', '0']);
    try {
      await first.waitFor(/"msg":"listening"/);
      const second = await runCli(CLI, ['serve', '--data-dir', dataDir, '--host', '127.0.0.1', '--port', '0']);
      expect(second.code).toBe(11);
      expect(second.stderr).toContain(`Another Trasealla server (pid ${first.child.pid}) is already serving ${dataDir}`);
      expect(second.stderr).not.toMatch(/SQLITE_BUSY|at .*\.ts:\d+/);
      const demo = await runCli(CLI, ['demo', '--data-dir', dataDir, '--port', '0']);
      expect(demo.code).toBe(11);
      const backupFile = join(tempDir(), 'b.db');
      expect((await runCli(CLI, ['backup', backupFile, '--data-dir', dataDir])).code).toBe(0);
      const restore = await runCli(CLI, ['restore', backupFile, '--data-dir', dataDir, '--force']);
      expect(restore.code).toBe(11);
      expect(restore.stderr).toContain(`A Trasealla server (pid ${first.child.pid}) is using ${dataDir}`);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    // kill -9 leaves no claim behind: the lock is the kernel's, not a file's.
    const crashed = startCli(CLI, ['serve', '--data-dir', dataDir, '--host', '127.0.0.1', '--port', '0']);
    await crashed.waitFor(/"msg":"listening"/);
    await crashed.stop('SIGKILL');
    const after = startCli(CLI, ['serve', '--data-dir', dataDir, '--host', '127.0.0.1', '--port', '0']);
    await after.waitFor(/"msg":"listening"/);
    expect(await after.stop()).toBe(0);
  }, 60_000);
  // backup FILE leaving nothing beside the backup, owner-only and self-contained: commands-in-process.test.ts.
});

describe('trasealla --version and --help', () => {
  it('--version prints the release; --help lists every exit code', async () => {
    const version = await runCli(CLI, ['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const help = await runCli(CLI, ['--help']);
    expect(help.code).toBe(0);
    for (const code of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]) expect(help.stdout).toMatch(new RegExp(`^\\s+${code}  \\S`, 'm'));
  });

  it('demo --help says where the demo listens, and HOST is honoured', async () => {
    const help = await runCli(CLI, ['demo', '--help']);
    expect(help.stdout).toContain('http://127.0.0.1:3000');
    expect(help.stdout).not.toContain('default 0.0.0.0');
    const dataDir = tempDir();
    const demo = startCli(CLI, ['demo', '--data-dir', dataDir, '--port', '0', '--empty'], { HOST: '127.0.0.2' });
    const [, url] = await demo.waitFor(/URL:\s+(http:\/\/\S+)/);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(await demo.stop()).toBe(0);
  });
});

describe('npm run demo as one process tree that stops when asked', () => {
  it('SIGTERM to the npm process stops the server: the port is free and no process of the chain is left', async () => {
    const dataDir = tempDir('trasealla-npm-demo-');
    const npm = spawn('npm', ['run', 'demo', '--', '--data-dir', dataDir, '--port', '0', '--empty'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout.on('data', (d: Buffer) => (output += d.toString()));
    npm.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => npm.on('close', resolve));
    const deadline = Date.now() + 60_000;
    while (!/URL:\s+http:\/\/127\.0\.0\.1:\d+/.test(output)) {
      if (Date.now() > deadline || npm.exitCode !== null) throw new Error(`the demo did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const port = Number(output.match(/URL:\s+http:\/\/127\.0\.0\.1:(\d+)/)![1]);
    expect(await portAnswers(port)).toBe(true);
    // The chain: npm, and under it the server (npm's shell execs node); find them by the data directory.
    expect(processesMentioning(dataDir).length).toBeGreaterThanOrEqual(2);
    npm.kill('SIGTERM');
    await exited;
    // Give the server its shutdown (it drains, checkpoints and exits well within this).
    for (let i = 0; i < 50 && processesMentioning(dataDir).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(processesMentioning(dataDir)).toEqual([]);
    expect(await untilPortFree(port, 0)).toBe(true);
    expect(existsSync(join(dataDir, 'server.pid'))).toBe(false);
  }, 90_000);
});
