/** What every service function receives, and the Hono variables of a request to the service. */
import type { Clock } from '../../platform/clock';
import type { Signer } from '../key';
import type { LicenseDb } from './db/open-database';

export interface ServiceContext {
  db: LicenseDb;
  clock: Clock;
  /** Absent when the service runs without a private key: issuing, renewing and validating then answer 503. */
  signer: Signer | undefined;
  actor: string;
  requestId: string;
}

/** requestId comes from platform/http/response-headers; actor from the operator routes' auth. */
export type ServiceEnv = { Variables: { requestId: string; actor: string } };
