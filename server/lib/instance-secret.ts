import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataLayer } from '../data/data-layer';
import { firstInstanceSetting } from '../data/instance';

export const SECRET_FILE = 'instance-secret';

/**
 * The per-instance key that signs session tokens. Generated once into the
 * data directory with mode 0600; losing it only signs everybody out.
 */
export function loadOrCreateInstanceSecret(dataDir: string): Uint8Array {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, SECRET_FILE);
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  // Tighten a file someone copied in with looser permissions.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (secret.length < 32)
    throw new Error(`${file} is damaged (too short). Delete it to generate a new one; everyone will have to sign in again.`);
  return new Uint8Array(secret);
}

/** The instance_settings key of the signing key when the database is shared by replicas. */
export const SECRET_SETTING = 'session_signing_key';

/**
 * The signing key kept in the database, for PostgreSQL, where several replicas must verify each
 * other's tokens: the first replica to start generates it, every later one reads the same.
 */
export async function sharedInstanceSecret(data: DataLayer): Promise<Uint8Array> {
  const stored = await data.transaction('instance', () =>
    firstInstanceSetting(data.db('instance'), SECRET_SETTING, randomBytes(32).toString('base64'), new Date()),
  );
  return new Uint8Array(Buffer.from(stored, 'base64'));
}
