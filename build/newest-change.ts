import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The latest modification time under a path (0 when it does not exist): what decides whether a build is stale. */
export function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const f of readdirSync(path, { recursive: true, encoding: 'utf8' })) newest = Math.max(newest, statSync(join(path, f)).mtimeMs);
  return newest;
}
