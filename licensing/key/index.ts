/**
 * The TRAS license key format: a pure module (no server, database or CLI imports) shared by the
 * CRM server, the customer CLI, the license service and tras-license. Spec: docs/license-key.md.
 */
export {
  TIERS,
  TIER_NAMES,
  FEATURES,
  FORMAT_VERSION,
  LICENSE_ID_PATTERN,
  KEY_ID_PATTERN,
  LIMITS,
  isTier,
  isFeature,
  type Tier,
  type Feature,
  type LicensePolicy,
  type LicenseTerms,
} from './terms';
export { TermsError } from './payload';
export {
  signKey,
  verifyKey,
  decodeKeyUnverified,
  MAX_KEY_LENGTH,
  type VerifyKeyResult,
  type DecodeKeyResult,
  type KeyFailureCode,
} from './license-key';
export { signRenewal, verifyRenewal, type VerifyRenewalResult, type RenewalFailureCode } from './renewal';
export { generateSigningKeyPair, signingKeyPairFromSeed, keyIdFor, randomBytes, type SigningKeyPair, type Signer } from './ed25519';
export {
  defaultTrustedKeys,
  isProductionBuild,
  trustedKeySetOf,
  trustedKeyIds,
  trustedPublicKey,
  type TrustedKeySet,
} from './trusted-keys';
export { canonicalEncode } from './canonical';
export { termsToJson, termsFromJson, type LicenseTermsJson } from './terms-json';
export {
  signValidationResponse,
  verifyValidationSignature,
  VALIDATION_STATUSES,
  type ValidationStatus,
  type ValidationAnswer,
  type SignedValidationAnswer,
} from './validation-answer';
export { encodeCrockford, decodeCrockford, CROCKFORD_ALPHABET } from './base32';
export { bytesToHex, hexToBytes } from './hex';
export { bytesToBase64, base64ToBytes } from './base64';
