import { lstatSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * A folder under TMPDIR that only this user can use, the same one at each start (so restarts
 * leave no litter), or a fresh one when the expected folder is not safely ours.
 */
export function privateTempDir(prefix: string): string {
  const uid = process.getuid?.() ?? userInfo().uid;
  const dir = join(tmpdir(), `${prefix}-${uid}`);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const stat = lstatSync(dir);
  if (stat.isDirectory() && !stat.isSymbolicLink() && stat.uid === uid && (stat.mode & 0o077) === 0) return dir;
  return mkdtempSync(join(tmpdir(), `${prefix}-`));
}
