/**
 * A node:crypto Ed25519 signer for the service's hot path (one signature per validation answer).
 * Ed25519 is deterministic, so its signatures are byte-identical to tweetnacl's; OpenSSL is just
 * much faster (see bench/license.bench.ts).
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { Signer, SigningKeyPair } from '../key';

// DER headers that wrap a raw 32-byte Ed25519 seed / public key as PKCS#8 / SPKI.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function nodePrivateKey(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

export function nodePublicKey(publicKey: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]), format: 'der', type: 'spki' });
}

export function nodeSigner(pair: SigningKeyPair): Signer {
  const key = nodePrivateKey(pair.seed);
  return {
    keyId: pair.keyId,
    secretKey: pair.secretKey,
    sign: (message) => new Uint8Array(sign(null, message, key)),
  };
}

export function nodeVerify(message: Uint8Array, signature: Uint8Array, publicKey: KeyObject): boolean {
  return verify(null, message, publicKey, signature);
}
