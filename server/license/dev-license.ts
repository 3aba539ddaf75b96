import { FEATURES, signKey, type LicenseTerms } from '../../licensing/key';
import { devSigningKeyPair } from '../../licensing/key/dev-keypair';
import { encodeCrockford, randomBytes } from '../../licensing/key';

/**
 * Development-signed keys for the demo and tests. Only non-production builds trust the
 * development signing key, so these are worthless against a release.
 */
export function developmentKey(overrides: Partial<Omit<LicenseTerms, 'keyId' | 'formatVersion'>> = {}): string {
  const pair = devSigningKeyPair();
  const terms: LicenseTerms = {
    formatVersion: 1,
    keyId: pair.keyId,
    licenseId: `lic_${encodeCrockford(randomBytes(10)).slice(0, 16)}`,
    customer: 'Development',
    tier: 'TRL',
    maxUsers: 25,
    maxTenants: 3,
    features: [...FEATURES],
    issuedAt: new Date(Math.floor(Date.now() / 1000) * 1000),
    expiresAt: null,
    policy: { mode: 'air-gapped' },
    ...overrides,
  };
  return signKey(terms, pair);
}
