import Database from 'better-sqlite3';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SERVER_PID_FILE = 'server.pid';
/** A tiny SQLite file whose exclusive lock is the data directory's "a server runs here". */
export const SERVER_LOCK_FILE = 'server.lock';

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number | undefined,
  ) {
    super(
      `Another Trasealla server${pid ? ` (pid ${pid})` : ''} is already serving ${dataDir}. Stop it first, or give this one its own --data-dir.`,
    );
    this.name = 'DataDirInUseError';
  }
}

function pidInFile(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, SERVER_PID_FILE), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Claims the data directory for this server process, or throws DataDirInUseError.
 *
 * The claim is SQLite's own exclusive file lock (fcntl), held by an open connection for the
 * life of the process: the kernel drops it when the process ends however it ends (kill -9
 * included), so there is never a stale claim to clean up, and it holds across PID namespaces
 * (two containers on one volume), where a PID file alone would be fooled. The PID file beside
 * it is only there so the refusal can name the process.
 */
export function claimDataDir(dataDir: string): () => void {
  const lock = new Database(join(dataDir, SERVER_LOCK_FILE), { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    // No journal file beside it: the table only ever names the holder.
    lock.pragma('journal_mode = MEMORY');
    // The first write takes the EXCLUSIVE lock; in this locking mode it is kept until close.
    lock.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL); DELETE FROM holder;');
    lock.prepare('INSERT INTO holder (pid) VALUES (?)').run(process.pid);
  } catch (err) {
    lock.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new DataDirInUseError(dataDir, pidInFile(dataDir));
    throw err;
  }
  const pidFile = join(dataDir, SERVER_PID_FILE);
  try {
    writeFileSync(pidFile, `${process.pid}\n`, { mode: 0o600 });
  } catch (err) {
    lock.close();
    throw err;
  }
  return () => {
    try {
      if (readFileSync(pidFile, 'utf8').trim() === String(process.pid)) rmSync(pidFile);
    } catch {
      /* already gone */
    }
    lock.close();
  };
}
