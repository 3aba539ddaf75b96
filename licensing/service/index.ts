/** The license service: app factory, start function and configuration. */
export { createLicenseServiceApp, DEFAULT_RATE_LIMITS, type LicenseServiceDeps, type LicenseServiceApp } from './app';
export { startLicenseService, type RunningLicenseService } from './start';
export { loadServiceConfig, DEFAULT_PORT, type LicenseServiceConfig } from './config';
export { openLicenseDatabase, type LicenseDb } from './db/open-database';
export { generateOperatorToken, hashOperatorToken } from './operator-token';
export { readSigningKeyFile, writeSigningKeyFile, parseSigningKey, SigningKeyError } from './signing-key-file';
export { nodeSigner } from './node-signer';
