/**
 * The license service's private signing key on disk (or in an env var). The file holds the
 * 32-byte Ed25519 seed; it must be mode 0600 and is never logged or returned by any route.
 */
import { chmodSync, existsSync, openSync, closeSync, readFileSync, statSync, writeSync } from 'node:fs';
import { bytesToHex, hexToBytes, signingKeyPairFromSeed, type SigningKeyPair } from '../key';

const FILE_TYPE = 'tras-license-signing-key';

/** Thrown for missing, unreadable, insecure or invalid key material; messages never contain the key. */
export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

export function serializeSigningKey(pair: SigningKeyPair): string {
  return `${JSON.stringify(
    {
      type: FILE_TYPE,
      version: 1,
      keyId: pair.keyId,
      publicKey: bytesToHex(pair.publicKey),
      seed: Buffer.from(pair.seed).toString('base64'),
      note: 'Trasealla license signing key. SECRET: keep this file mode 0600 and never commit it.',
    },
    null,
    2,
  )}\n`;
}

/** Parses key material: the JSON file format, or a bare 32-byte seed in base64 or hex (for LICENSE_SIGNING_KEY). */
export function parseSigningKey(text: string, source: string): SigningKeyPair {
  const trimmed = text.trim();
  let seed: Uint8Array | undefined;
  if (trimmed.startsWith('{')) {
    let parsed: { type?: unknown; seed?: unknown; keyId?: unknown };
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new SigningKeyError(`${source} is not valid JSON.`);
    }
    if (parsed.type !== FILE_TYPE || typeof parsed.seed !== 'string')
      throw new SigningKeyError(`${source} is not a tras-license signing key.`);
    seed = Uint8Array.from(Buffer.from(parsed.seed, 'base64'));
    const pair = seed.length === 32 ? signingKeyPairFromSeed(seed) : undefined;
    if (!pair) throw new SigningKeyError(`${source} does not hold a 32-byte seed.`);
    if (parsed.keyId !== pair.keyId)
      throw new SigningKeyError(`${source} names key id ${String(parsed.keyId)} but its seed derives ${pair.keyId}.`);
    return pair;
  }
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) seed = hexToBytes(trimmed);
  else if (/^[A-Za-z0-9+/]{43}=?$/.test(trimmed)) seed = Uint8Array.from(Buffer.from(trimmed, 'base64'));
  if (!seed || seed.length !== 32)
    throw new SigningKeyError(`${source} is not a signing key (expected the key file's JSON or a 32-byte seed in hex or base64).`);
  return signingKeyPairFromSeed(seed);
}

export function readSigningKeyFile(path: string): SigningKeyPair {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    throw new SigningKeyError(`The signing key file ${path} does not exist or cannot be read.`);
  }
  // Like ssh: refuse a private key that other users can read.
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new SigningKeyError(
      `The signing key file ${path} is readable by other users (mode ${(mode & 0o777).toString(8)}). Run: chmod 600 ${path}`,
    );
  }
  return parseSigningKey(readFileSync(path, 'utf8'), `The signing key file ${path}`);
}

/** Writes a new key file with mode 0600 from the first byte; refuses to overwrite unless `force`. */
export function writeSigningKeyFile(path: string, pair: SigningKeyPair, force = false): void {
  if (existsSync(path) && !force) throw new SigningKeyError(`${path} already exists. Use --force to overwrite it (the old key is lost).`);
  const fd = openSync(path, force ? 'w' : 'wx', 0o600);
  try {
    writeSync(fd, serializeSigningKey(pair));
  } finally {
    closeSync(fd);
  }
  chmodSync(path, 0o600); // an existing file keeps its old mode when overwritten
}

/** The signing key from LICENSE_SIGNING_KEY_FILE (preferred) or LICENSE_SIGNING_KEY; undefined when neither is set. */
export function loadSigningKey(env: { file?: string | undefined; inline?: string | undefined }): SigningKeyPair | undefined {
  if (env.file) return readSigningKeyFile(env.file);
  if (env.inline) return parseSigningKey(env.inline, 'LICENSE_SIGNING_KEY');
  return undefined;
}
