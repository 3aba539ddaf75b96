import pg from 'pg';
import { ConfigError } from '../../platform/config';
import type { Logger } from '../../platform/logger';
import { migratePostgres } from './migrate-pg';
import type { MigrateResult } from './migrate';

/** A PostgreSQL URL as it may be shown: its password replaced. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unreadable URL)';
  }
}

/** node-postgres's errors for a database that cannot be used at all: the URL is wrong, not the data. */
const UNUSABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', '28P01', '28000', '3D000', '42501']);

/**
 * Brings a PostgreSQL database's schema up to date before the server uses it (under
 * migratePostgres's advisory lock, so replicas starting together migrate once) and warns when
 * the role would not be bound by row-level security. A database that cannot be reached or
 * signed in to is a configuration error whose sentence names the host, never the password.
 */
export async function preparePostgres(
  url: string,
  options: { logger?: Logger; onProgress?: (message: string) => void } = {},
): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const migration = await migratePostgres(client, {
      onProgress: options.onProgress ?? ((message) => options.logger?.info({ msg: message })),
    });
    const { rows } = await client.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
      'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user',
    );
    if (rows[0]?.rolsuper || rows[0]?.rolbypassrls)
      options.logger?.warn({
        msg: 'the PostgreSQL role bypasses row-level security (a superuser or BYPASSRLS): tenant isolation then rests on the queries alone. Connect as an ordinary role.',
      });
    return migration;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code && UNUSABLE.has(code))
      throw new ConfigError(`Cannot use the PostgreSQL database ${redactedUrl(url)} (TRASEALLA_DATABASE_URL): ${(err as Error).message}.`);
    throw err;
  } finally {
    await client.end().catch(() => {});
  }
}
