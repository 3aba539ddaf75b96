import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { rowLevelSecurity, tenantColumnOf } from '../server/db/row-level-security';
import { pgSchema } from '../server/db/schema-pg';
import { postgresSearchStatements, postgresSearchTriggers } from '../server/db/search-index-postgres';
import { SEARCHED_RECORDS } from '../server/modules/crm/record-types';

/*
 * `npm run db:generate -- --name <name>` runs this after drizzle-kit's SQLite migration: the
 * PostgreSQL migration for the same schema change, from server/db/schema-pg.ts (derived from the
 * one schema), diffed against the last PostgreSQL snapshot, with row-level security for every new
 * tenant table. Written as drizzle-kit writes its own: NNNN_<name>.sql, meta/_journal.json and a
 * snapshot, so server/db/migrations-source.ts reads both folders the same way.
 */

type Snapshot = Parameters<typeof generateMigration>[0];
interface Journal {
  version: string;
  dialect: string;
  entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[];
}

const dir = join(import.meta.dirname, '..', 'server', 'db', 'migrations-pg');
const journalFile = join(dir, 'meta', '_journal.json');
const snapshotFile = join(dir, 'meta', 'snapshot.json');

const nameArg = process.argv.indexOf('--name');
const name = (nameArg >= 0 ? process.argv[nameArg + 1] : undefined) ?? 'change';
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error(`The migration name must be lower-case letters, digits and underscores: ${name}`);
  process.exit(2);
}

const journal: Journal = existsSync(journalFile)
  ? (JSON.parse(readFileSync(journalFile, 'utf8')) as Journal)
  : { version: '7', dialect: 'postgresql', entries: [] };
const previous: Snapshot = existsSync(snapshotFile)
  ? (JSON.parse(readFileSync(snapshotFile, 'utf8')) as Snapshot)
  : generateDrizzleJson({});
const current = generateDrizzleJson(pgSchema, previous.id);
const statements = await generateMigration(previous, current);
if (statements.length === 0) {
  console.log('PostgreSQL: no schema changes.');
  process.exit(0);
}

const before = new Set(Object.keys((previous as { tables: Record<string, unknown> }).tables));
const newTenantTables = Object.entries(pgSchema)
  .filter(([table]) => !before.has(`public.${table}`))
  .filter(([table, t]) => getTableConfig(t).columns.some((c) => c.name === tenantColumnOf(table)))
  .map(([table]) => table);

// The full-text index: its functions and table with the first migration, then the triggers of each searched type whose table is new.
const newSearched = SEARCHED_RECORDS.filter((r) => !before.has(`public.${r.table}`));
const search = before.size === 0 ? postgresSearchStatements(SEARCHED_RECORDS) : postgresSearchTriggers(newSearched);

const idx = journal.entries.length;
const tag = `${String(idx).padStart(4, '0')}_${name}`;
const sql = [...statements, ...[...newTenantTables.flatMap(rowLevelSecurity), ...search].map((s) => `${s};`)].join(
  '\n--> statement-breakpoint\n',
);
writeFileSync(join(dir, `${tag}.sql`), `${sql}\n`);
journal.entries.push({ idx, version: '7', when: Date.now(), tag, breakpoints: true });
writeFileSync(journalFile, `${JSON.stringify(journal, null, 2)}\n`);
writeFileSync(snapshotFile, `${JSON.stringify(current, null, 2)}\n`);
console.log(
  `PostgreSQL migration ${tag}.sql: ${statements.length} statements, row-level security on ${newTenantTables.length} new tables, search triggers for ${before.size === 0 ? SEARCHED_RECORDS.length : newSearched.length} types.`,
);
