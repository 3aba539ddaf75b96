import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli-process';
import { freePort, untilPortFree } from '../helpers/ports';
import { tempDir } from '../helpers/temp-dir';

/*
 * The README's promise, kept by running it: its first two command lines are read from the README
 * itself; the first runs in a fresh `git clone` of this repository (the committed HEAD, nothing
 * installed or built in it) and must bring up a demo CRM with sample data; the second must be the
 * command .ci/run runs. The clone installs from the npm registry as a newcomer's would (npm's own
 * cache makes it quicker, not different).
 */
export function readmeCommandLines(readme: string): string[] {
  const start = readme.indexOf('```sh\n');
  const end = readme.indexOf('```', start + 6);
  if (start < 0 || end < 0) return [];
  return readme
    .slice(start + 6, end)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** The environment of a new shell: none of npm's, vitest's or this project's variables. */
function newcomerEnv(port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|VITEST|TRASEALLA_|NODE_OPTIONS$|INIT_CWD$|TEST$|PORT$|HOST$|LOG_LEVEL$)/.test(key)) continue;
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(':')
    .filter((dir) => !dir.includes('node_modules'))
    .join(':');
  env.PORT = String(port);
  return env;
}

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const lines = readmeCommandLines(readme);

describe('the README starts with two command lines', () => {
  it('exactly two: one that installs and runs the demo, one that runs every test, which is what .ci/run runs', () => {
    expect(
      readme
        .slice(0, readme.indexOf('```sh'))
        .split('\n')
        .filter((l) => l.startsWith('## ')),
    ).toEqual([]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^npm ci && npm run demo\b/);
    const testCommand = lines[1]!.replace(/\s+#.*$/, '');
    expect(testCommand).toBe('npm test');
    expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/^[^#\n]*\bnpm test\b/m);
  });

  const children: number[] = [];
  afterAll(() => {
    for (const pid of children) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  });

  it(
    'the first, in a fresh clone, installs, builds and serves a demo CRM with sample data; SIGTERM stops it',
    async () => {
      const clone = join(tempDir('trasealla-clone-'), 'trasealla-crm');
      const cloned = spawnSync('git', ['clone', '--quiet', ROOT, clone], { encoding: 'utf8' });
      expect(cloned.status, cloned.stderr).toBe(0);
      const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
      if (dirty) console.warn(`fresh-clone test: the clone has the committed HEAD; uncommitted changes are not in it:\n${dirty}`);

      const port = await freePort();
      const started = Date.now();
      // Its own process group, so the whole chain (sh, npm, node) can be stopped and checked.
      const shell = spawn('sh', ['-c', lines[0]!], {
        cwd: clone,
        env: newcomerEnv(port),
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(shell.pid!);
      let output = '';
      shell.stdout.on('data', (d: Buffer) => (output += d.toString()));
      shell.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise<number | null>((resolve) => shell.on('close', resolve));
      const deadline = started + 12 * 60_000;
      while (!/Password:\s+\S+/.test(output)) {
        if (shell.exitCode !== null) throw new Error(`the README's first line exited with ${shell.exitCode}:\n${output.slice(-4000)}`);
        if (Date.now() > deadline) throw new Error(`no login printed within 12 minutes:\n${output.slice(-4000)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      const seconds = (Date.now() - started) / 1000;
      console.log(`[fresh clone] README line 1 ("${lines[0]}") printed the login after ${seconds.toFixed(0)} s`);

      const url = output.match(/URL:\s+(http:\/\/\S+)/)![1]!;
      expect(url).toBe(`http://127.0.0.1:${port}`);
      const email = output.match(/Email:\s+(\S+)/)![1]!;
      const password = output.match(/Password:\s+(\S+)/)![1]!;
      expect(output).not.toMatch(/not set up|expires in|"level"/);

      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      expect(login.status).toBe(200);
      const { token } = (await login.json()) as { token: string };
      const get = async (path: string) => {
        const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status, path).toBe(200);
        return (await res.json()) as { data: Record<string, unknown>[]; total: number };
      };
      expect((await get('/api/companies?limit=1')).total).toBeGreaterThanOrEqual(40);
      expect((await get('/api/contacts?limit=1')).total).toBeGreaterThanOrEqual(250);
      expect((await get('/api/leads?limit=1')).total).toBeGreaterThanOrEqual(60);
      expect((await get('/api/tasks?view=overdue&limit=1')).total).toBeGreaterThan(0);
      // The board: deals in more than one stage of each pipeline.
      const pipelines = (await get('/api/pipelines')).data;
      expect(pipelines.length).toBe(2);
      for (const pipeline of pipelines) {
        const deals = (await get(`/api/deals?pipelineId=${pipeline.id as string}&limit=100`)).data;
        expect(new Set(deals.map((d) => d.stageId)).size, `${pipeline.name as string} has deals in several stages`).toBeGreaterThan(1);
      }
      // The web UI was built by the demo and is served.
      expect(await (await fetch(`${url}/`)).text()).toMatch(/<script type="module"/);

      process.kill(-shell.pid!, 'SIGTERM');
      await exited;
      expect(await untilPortFree(port)).toBe(true);
    },
    15 * 60_000,
  );
});
