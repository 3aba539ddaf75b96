import { spawnSync } from 'node:child_process';

/*
 * `npm run db:generate -- --name <name>`: one schema change, a migration for each engine.
 * drizzle-kit writes SQLite's (server/db/migrations) from schema.ts and schema-crm.ts; then
 * generate-pg-migration.ts writes PostgreSQL's (server/db/migrations-pg) from the same tables.
 */
const args = process.argv.slice(2);
const steps: [string, string[]][] = [
  ['npx', ['drizzle-kit', 'generate', '--config', 'server/db/drizzle.config.ts', ...args]],
  ['npx', ['tsx', 'scripts/generate-pg-migration.ts', ...args]],
];
for (const [command, commandArgs] of steps) {
  const result = spawnSync(command, commandArgs, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
