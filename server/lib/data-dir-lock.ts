import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SERVER_PID_FILE = 'server.pid';

/**
 * Notes in the data directory that a server process is using it, so `trasealla restore`
 * can refuse to replace a database under a running server. Returns the release function.
 */
export function markDataDirInUse(dataDir: string): () => void {
  const file = join(dataDir, SERVER_PID_FILE);
  writeFileSync(file, `${process.pid}\n`, { mode: 0o600 });
  return () => {
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file);
    } catch {
      /* already gone */
    }
  };
}

/** The pid of a live server holding the data directory, if any (a stale file from a crash is ignored). */
export function serverHoldingDataDir(dataDir: string): number | undefined {
  const file = join(dataDir, SERVER_PID_FILE);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}
