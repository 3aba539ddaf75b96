/** What every service function receives: the database, the clock, the signer, who acts, for which request. */
import type { Signer } from '../key';
import type { Clock } from '../../server/lib/clock';
import type { LicenseDb } from './db/open-database';

export interface ServiceContext {
  db: LicenseDb;
  clock: Clock;
  /** Absent when the service runs without a private key: issuing, renewing and validating then answer 503. */
  signer: Signer | undefined;
  actor: string;
  requestId: string;
}
