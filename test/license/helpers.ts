import { generateSigningKeyPair, signKey, FEATURES, type LicenseTerms } from '../../licensing/key';
import { devSigningKeyPair } from '../../licensing/key/dev-keypair';
import { developmentKey } from '../../server/license/dev-license';

export const DAY = 86_400_000;

/** A development-signed key with the given terms (the default test clock is 2026-11-25T09:00Z). */
export function devKey(overrides: Partial<Omit<LicenseTerms, 'keyId' | 'formatVersion'>> = {}): string {
  return developmentKey({ customer: 'Acme Health', tier: 'ENT', issuedAt: new Date('2026-01-01T00:00:00Z'), ...overrides });
}

/** Looks exactly like a development key, but signed by someone else's private key: a forgery. */
export function forgedKey(): string {
  const impostor = generateSigningKeyPair();
  const terms: LicenseTerms = {
    formatVersion: 1,
    keyId: devSigningKeyPair().keyId,
    licenseId: 'lic_0123456789ABCDEF',
    customer: 'Acme Health',
    tier: 'ENT',
    maxUsers: 1000,
    maxTenants: 100,
    features: [...FEATURES],
    issuedAt: new Date('2026-01-01T00:00:00Z'),
    expiresAt: null,
    policy: { mode: 'air-gapped' },
  };
  return signKey(terms, { keyId: terms.keyId, secretKey: impostor.secretKey });
}

/** One character changed in the body: what a typo does. */
export function mistyped(key: string, at = 60): string {
  const c = key[at] === 'A' ? 'B' : 'A';
  return key.slice(0, at) + c + key.slice(at + 1);
}
