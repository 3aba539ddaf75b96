import { ensureWebBuilt } from '../build/web-build';
import { ROOT } from './helpers/cli-process';
import { migratePostgres } from '../server/db/migrate-pg';
import { POSTGRES_URL_ENV, postgresBinDir, prepareAppTemplate, startPostgres } from './helpers/postgres';

/**
 * Runs once before any test file. The browser suites run in parallel workers;
 * each building web/dist itself raced (one deleted the other's files mid-build).
 * One throw-away PostgreSQL cluster serves every suite that needs one (each takes
 * a database of its own); it is stopped and deleted when the run ends.
 */
export default async function setup(): Promise<() => void> {
  if (!process.env.TRASEALLA_TEST_WEB_DIST) ensureWebBuilt(ROOT);
  if (process.env.TRASEALLA_SKIP_POSTGRES === '1' || process.env[POSTGRES_URL_ENV] || !postgresBinDir()) return () => {};
  const cluster = await startPostgres();
  process.env[POSTGRES_URL_ENV] = cluster.url;
  await prepareAppTemplate(cluster.url, (client) => migratePostgres(client));
  return () => cluster.stop();
}
