/** Where build/binary.ts writes, shared with the tests that decide whether a build is current. */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { newestChange } from './newest-change';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BINARY_DIR = join(ROOT, 'dist');
/** Compiled better-sqlite3 addons, by version and Node ABI (git-ignored). */
export const ADDON_CACHE_DIR = join(ROOT, '.cache', 'binary');
export const TRASEALLA_BINARY = join(BINARY_DIR, 'trasealla');
export const TRAS_LICENSE_BINARY = join(BINARY_DIR, 'tras-license');

/** What goes into the executables: a change to any of it makes a build stale. */
const INPUTS = ['platform', 'server', 'cli', 'licensing', 'build', 'package.json', 'package-lock.json', join('web', 'dist')];

/** Whether both executables exist and are newer than every file they are built from. */
export function binariesAreCurrent(): boolean {
  if (!existsSync(TRASEALLA_BINARY) || !existsSync(TRAS_LICENSE_BINARY)) return false;
  const built = Math.min(statSync(TRASEALLA_BINARY).mtimeMs, statSync(TRAS_LICENSE_BINARY).mtimeMs);
  return INPUTS.every((input) => newestChange(join(ROOT, input)) < built);
}
