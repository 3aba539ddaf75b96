/**
 * THE DEVELOPMENT SIGNING KEY PAIR. NOT SECRET. NEVER TRUSTED BY PRODUCTION BUILDS.
 *
 * It is committed on purpose so that development, tests and demos can issue keys without
 * Trasealla's real signing key. `defaultTrustedKeys()` trusts its public key only when the
 * build is not production (see docs/license-key.md, "Which keys a build trusts"); a key
 * signed with it is therefore worthless against a released binary.
 */
import { hexToBytes } from './hex';
import { signingKeyPairFromSeed, type SigningKeyPair } from './ed25519';

export const DEV_SIGNING_SEED_HEX = '1371b5509db996b1e4106f7f3ed3757cf530193cf27823d2c0947a9fbafe1175';
export const DEV_PUBLIC_KEY_HEX = '720382f189c64c2de7af02dd8da241fbb13965eae6579c75b6d25db4d9e33ccb';

let cached: SigningKeyPair | undefined;

/** The development key pair (seed included): for tests, demos and local `tras-license`. */
export function devSigningKeyPair(): SigningKeyPair {
  cached ??= signingKeyPairFromSeed(hexToBytes(DEV_SIGNING_SEED_HEX));
  return cached;
}
