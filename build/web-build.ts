import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { newestChange } from './newest-change';

/**
 * web/dist from web/src, when it is missing or older than its sources. One function for the demo
 * and the test suite. Vite runs as its own process (not imported), so the single executable's
 * bundle never pulls Vite in; the executable has its UI embedded and never gets here.
 */
export interface WebBuildResult {
  status: 'current' | 'built' | 'no-sources';
  ms: number;
}

export function webBuildIsCurrent(root: string): boolean {
  const web = join(root, 'web');
  const built = join(web, 'dist', 'index.html');
  if (!existsSync(built)) return false;
  const sources = Math.max(
    newestChange(join(web, 'src')),
    newestChange(join(web, 'index.html')),
    newestChange(join(web, 'vite.config.ts')),
  );
  return statSync(built).mtimeMs >= sources;
}

export function ensureWebBuilt(root: string, log: (line: string) => void = () => {}): WebBuildResult {
  const started = Date.now();
  if (!existsSync(join(root, 'web', 'src'))) return { status: 'no-sources', ms: 0 };
  if (webBuildIsCurrent(root)) return { status: 'current', ms: Date.now() - started };
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) throw new Error(`The web UI is not built and Vite is not installed: run "npm ci", then "npm run build:web".`);
  log('Building the web UI (web/dist) from web/src…');
  const res = spawnSync(process.execPath, [vite, 'build', '--config', join(root, 'web', 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (res.status !== 0)
    throw new Error(`Building the web UI failed (vite exited with ${res.status ?? res.signal}). Run "npm run build:web" to see why.`);
  return { status: 'built', ms: Date.now() - started };
}
