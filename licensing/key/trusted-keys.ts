/**
 * The set of signing public keys a build trusts, by key id. Several ids at once is what makes
 * rotation possible: a new release adds the new key id and keeps the old ones.
 */
import { keyIdFor } from './ed25519';
import { hexToBytes } from './hex';
import { DEV_PUBLIC_KEY_HEX } from './dev-keypair';
import { PRODUCTION_PUBLIC_KEYS_HEX } from './production-keys';

export type TrustedKeySet = ReadonlyMap<string, Uint8Array> | Readonly<Record<string, Uint8Array>>;

export function trustedPublicKey(set: TrustedKeySet, keyId: string): Uint8Array | undefined {
  if (set instanceof Map) return set.get(keyId);
  const record = set as Readonly<Record<string, Uint8Array>>;
  return Object.prototype.hasOwnProperty.call(record, keyId) ? record[keyId] : undefined;
}

export function trustedKeyIds(set: TrustedKeySet): string[] {
  return set instanceof Map ? [...set.keys()] : Object.keys(set);
}

/** Builds a set from public keys, each filed under its derived key id. */
export function trustedKeySetOf(...publicKeys: Uint8Array[]): Map<string, Uint8Array> {
  return new Map(publicKeys.map((pk) => [keyIdFor(pk), pk]));
}

/**
 * Whether this build is a production build. A release bundles with esbuild
 * `define: { 'process.env.TRASEALLA_BUILD': '"production"' }`, which turns this comparison
 * into a constant; unbundled (tsx, tests) it reads the environment and defaults to development.
 * Setting the variable at run time can only REMOVE trust (in the dev key), never add it.
 */
export function isProductionBuild(): boolean {
  return process.env.TRASEALLA_BUILD === 'production';
}

/** The build's trusted keys: production keys always; the development key only outside production. */
export function defaultTrustedKeys(production = isProductionBuild()): Map<string, Uint8Array> {
  const set = new Map<string, Uint8Array>();
  for (const [keyId, hex] of Object.entries(PRODUCTION_PUBLIC_KEYS_HEX)) set.set(keyId, hexToBytes(hex));
  if (!production) {
    const dev = hexToBytes(DEV_PUBLIC_KEY_HEX);
    set.set(keyIdFor(dev), dev);
  }
  return set;
}
