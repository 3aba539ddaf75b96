import { sql } from 'drizzle-orm';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../server/data/sqlite-store';
import { openDatabase } from '../server/db/client';
import { migrate } from '../server/db/migrate';
import { copyInstance } from '../server/modules/system/database-copy.service';
import { peakRss } from './lib/percentiles';
import { freshDatabase, startPostgres } from '../test/helpers/postgres';

/*
 * `trasealla db copy` at size: BENCH_TENANTS x BENCH_CONTACTS contacts (default 100 x 1,000)
 * with an audit entry each, SQLite into a local PostgreSQL and back into a new data directory,
 * each direction's rows per second including the verification read of both sides, and the
 * process's peak RSS (the copy streams pages of 500 rows; memory should not grow with size).
 */

const TENANTS = Number(process.env.BENCH_TENANTS ?? 100);
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 1_000);

const source = mkdtempSync(join(tmpdir(), 'trasealla-copy-bench-'));
const handle = openDatabase(join(source, 'trasealla.db'));
await migrate(handle.sqlite);
handle.close();
const store = openSqliteStore(join(source, 'trasealla.db'));
await store.transaction('instance', async (db) => {
  for (let t = 0; t < TENANTS; t++) {
    const tenant = `ten_01JCOPY${String(t).padStart(18, '0')}`;
    await db.run(
      sql`INSERT INTO tenants (id, slug, name, settings, created_at, updated_at) VALUES (${tenant}, ${tenant}, ${tenant}, '{}', 0, 0)`,
    );
    for (let i = 0; i < CONTACTS; i += 200) {
      const n = Math.min(200, CONTACTS - i);
      const ids = Array.from({ length: n }, (_, j) => `con_${t}_${i + j}`);
      await db.run(
        sql`INSERT INTO contacts (tenant_id, id, first_name, last_name, email, created_at, updated_at) VALUES ${sql.join(
          ids.map((id, j) => sql`(${tenant}, ${id}, ${`First${i + j}`}, ${`Last${i + j}`}, ${`${id}@example.com`}, ${j}, ${j})`),
          sql`, `,
        )}`,
      );
      await db.run(
        sql`INSERT INTO audit_log (tenant_id, id, at, actor_type, action, entity, entity_id, changes) VALUES ${sql.join(
          ids.map((id, j) => sql`(${tenant}, ${`aud_${id}`}, ${j}, 'system', 'create', 'contacts', ${id}, '{"firstName":"x"}')`),
          sql`, `,
        )}`,
      );
    }
  }
});
await store.close();

const cluster = await startPostgres();
try {
  const url = await freshDatabase(cluster.url);
  const rows: string[] = [];
  for (const [label, from, to] of [
    ['SQLite → PostgreSQL', { engine: 'sqlite', dataDir: source }, { engine: 'postgres', url }],
    [
      'PostgreSQL → SQLite',
      { engine: 'postgres', url },
      { engine: 'sqlite', dataDir: mkdtempSync(join(tmpdir(), 'trasealla-copy-back-')) },
    ],
  ] as const) {
    const { result: report, peakMb } = await peakRss(process.pid, () => copyInstance(from, to));
    rows.push(
      `| ${label} | ${report.rows} | ${(report.durationMs / 1000).toFixed(1)} | ${Math.round(report.rows / (report.durationMs / 1000))} | ${peakMb.toFixed(0)} |`,
    );
  }
  console.log(`\ntrasealla db copy, ${TENANTS} tenants x ${CONTACTS} contacts, each with an audit entry (Node ${process.version})`);
  console.log('| direction | rows | seconds (copy and verify) | rows/s | peak RSS MB |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(row);
} finally {
  cluster.stop();
}
