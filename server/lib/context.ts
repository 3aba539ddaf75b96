import type { Config } from '../config';
import type { DatabaseHandle } from '../db/client';
import type { DataLayer } from '../data/data-layer';
import type { Role } from './roles';
import type { TenantScope } from '../data/tenant-scope';
import type { LicenseGate } from '../license/license-gate';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { Metrics } from './metrics';
import type { LoginRateLimiter } from './login-rate-limiter';

/** Everything the app is built from; tests build their own. */
export interface AppDeps {
  config: Config;
  /** The data layer every query goes through (services, middleware, license state). */
  data: DataLayer;
  /** The SQLite file itself, for what is not a query: migrations, backups, checkpoints, integrity checks (absent on PostgreSQL). */
  database?: DatabaseHandle;
  logger: Logger;
  clock: Clock;
  license: LicenseGate;
  /** HS256 key for session tokens, from the data directory. */
  tokenKey: Uint8Array;
  loginLimiter: LoginRateLimiter;
  metrics: Metrics;
  /** Folder of the built web UI, if there is one. */
  webDir?: string | undefined;
}

export interface AuthInfo {
  tenant: { id: string; slug: string; name: string };
  user: { id: string; email: string; name: string; role: Role; isOperator: boolean } | null;
  apiKey: { id: string; name: string } | null;
  role: Role;
  isOperator: boolean;
  sessionId: string | null;
  /** How the caller came: a credential over HTTP, or the operator at the server's command line (no credential). */
  via: 'cookie' | 'bearer' | 'api_key' | 'cli';
}

/** What a service needs to act for the caller: the scope carries tenant, actor and request id. */
export interface RequestContext {
  deps: AppDeps;
  auth: AuthInfo;
  scope: TenantScope;
  requestId: string;
}

export type AppEnv = {
  Variables: {
    requestId: string;
    deps: AppDeps;
    auth: AuthInfo;
    scope: TenantScope;
    ctx: RequestContext;
  };
};
