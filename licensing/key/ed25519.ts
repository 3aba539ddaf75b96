/**
 * Ed25519 through tweetnacl: pure JavaScript, audited, no native code, so the key module runs
 * the same in the server, the CLI, a single-executable build or a browser. Verification of a
 * key happens a few times a day, so its speed does not matter here (see the benchmark).
 */
import nacl from 'tweetnacl';
import { encodeCrockford } from './base32';

export interface SigningKeyPair {
  keyId: string;
  publicKey: Uint8Array;
  /** tweetnacl's 64-byte secret key (seed followed by public key). */
  secretKey: Uint8Array;
  /** The 32-byte seed the pair derives from; what key files store. */
  seed: Uint8Array;
}

/**
 * What signs: a key id and a secret key (64-byte tweetnacl form, or the 32-byte seed).
 * `sign` may supply a faster implementation of the same deterministic Ed25519 (the service
 * passes node:crypto); signatures are byte-identical either way.
 */
export interface Signer {
  keyId: string;
  secretKey: Uint8Array;
  sign?: (message: Uint8Array) => Uint8Array;
}

/** The signing key id: the first 40 bits of SHA-512(public key), as 8 Crockford characters. */
export function keyIdFor(publicKey: Uint8Array): string {
  if (publicKey.length !== nacl.sign.publicKeyLength) throw new RangeError('An Ed25519 public key is 32 bytes.');
  return encodeCrockford(nacl.hash(publicKey).subarray(0, 5));
}

export function signingKeyPairFromSeed(seed: Uint8Array): SigningKeyPair {
  if (seed.length !== nacl.sign.seedLength) throw new RangeError('An Ed25519 seed is 32 bytes.');
  const pair = nacl.sign.keyPair.fromSeed(seed);
  return { keyId: keyIdFor(pair.publicKey), publicKey: pair.publicKey, secretKey: pair.secretKey, seed: Uint8Array.from(seed) };
}

export function generateSigningKeyPair(): SigningKeyPair {
  return signingKeyPairFromSeed(nacl.randomBytes(nacl.sign.seedLength));
}

export function signBytes(message: Uint8Array, signer: Signer): Uint8Array {
  if (signer.sign) return signer.sign(message);
  const secret =
    signer.secretKey.length === nacl.sign.seedLength ? nacl.sign.keyPair.fromSeed(signer.secretKey).secretKey : signer.secretKey;
  if (secret.length !== nacl.sign.secretKeyLength) throw new RangeError('An Ed25519 secret key is 64 bytes (or a 32-byte seed).');
  return nacl.sign.detached(message, secret);
}

export function verifyBytes(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== nacl.sign.signatureLength || publicKey.length !== nacl.sign.publicKeyLength) return false;
  return nacl.sign.detached.verify(message, signature, publicKey);
}

/** Random bytes from tweetnacl's CSPRNG (crypto.getRandomValues underneath). */
export function randomBytes(n: number): Uint8Array {
  return nacl.randomBytes(n);
}

export const SIGNATURE_BYTES = nacl.sign.signatureLength;
