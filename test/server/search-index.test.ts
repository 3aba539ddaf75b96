import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client';
import { migrate } from '../../server/db/migrate';
import { loadMigrations } from '../../server/db/migrations-source';
import { SEARCH_SLOTS, searchTriggers } from '../../server/db/search-index-definition';
import { phoneForms, tenantSearchKey } from '../../server/db/search-text';
import { SEARCHED_RECORDS, SEARCH_KINDS } from '../../server/modules/crm/record-types';
import { tempDir } from '../helpers/temp-dir';

const normalise = (sql: string) => sql.replace(/\s+/g, ' ').trim();

describe('the search index, from one definition', () => {
  it('a migrated database carries exactly the triggers the definition generates', async () => {
    const handle = openDatabase(join(tempDir(), 'crm.db'));
    try {
      await migrate(handle.sqlite, { backupDir: tempDir(), now: () => new Date() });
      const installed = new Map(
        (
          handle.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_search_%'").all() as {
            name: string;
            sql: string;
          }[]
        ).map((t) => [t.name, normalise(t.sql)]),
      );
      for (const record of SEARCHED_RECORDS)
        for (const sql of searchTriggers(record)) {
          const name = /CREATE TRIGGER (\w+)/.exec(sql)![1]!;
          expect(installed.get(name), name).toBe(normalise(sql));
        }
    } finally {
      handle.close();
    }
  });

  it('every searched kind has a definition and a slot of its own, with room for more', () => {
    expect(SEARCHED_RECORDS.map((r) => r.kind).sort()).toEqual([...SEARCH_KINDS].sort());
    const slots = SEARCHED_RECORDS.map((r) => r.slot);
    expect(new Set(slots).size).toBe(slots.length);
    expect(Math.max(...slots)).toBeLessThan(SEARCH_SLOTS);
    expect(SEARCH_SLOTS - slots.length).toBeGreaterThanOrEqual(32);
  });

  it('phone numbers are indexed as typed, as digits, and by their last ten and seven digits', () => {
    expect(phoneForms('+44 (20) 7946-0123')).toBe('+44 (20) 7946-0123 442079460123 2079460123 9460123');
    expect(phoneForms(null)).toBe('');
  });

  it('upgrading a database from the first index re-keys every live record, and search finds them as before', async () => {
    const dir = tempDir();
    const file = join(dir, 'crm.db');
    const migrations = loadMigrations();
    const before = migrations.findIndex((m) => m.tag === '0004_search_triggers');
    expect(before).toBeGreaterThan(0);
    // A database as the previous release left it: migrations up to 0003, with records indexed the old way.
    const old = openDatabase(file);
    await migrate(old.sqlite, { backupDir: dir, now: () => new Date(), migrations: migrations.slice(0, before) });
    const TENANT = 'ten_01JD6Z3Q8X5V2N4M7K9P0R1S2T';
    old.sqlite.exec(`
      INSERT INTO tenants (id, slug, name, status, settings, created_at, updated_at) VALUES ('${TENANT}', 'acme', 'Acme', 'active', '{}', 0, 0);
      INSERT INTO companies (id, tenant_id, name, phone, created_at, updated_at) VALUES ('com_1', '${TENANT}', 'Northwind', '+1 (555) 010-2030', 0, 0);
      INSERT INTO companies (id, tenant_id, name, created_at, updated_at, deleted_at) VALUES ('com_2', '${TENANT}', 'Gone Ltd', 0, 0, 1);`);
    expect(old.sqlite.prepare('SELECT rowid FROM search_index').all()).toEqual([{ rowid: 4 }]); // rowid 1 * 4 + 0
    old.close();

    const upgraded = openDatabase(file);
    try {
      await migrate(upgraded.sqlite, { backupDir: dir, now: () => new Date() });
      const rows = upgraded.sqlite.prepare('SELECT rowid, kind, ref FROM search_index').all();
      expect(rows).toEqual([{ rowid: 1 * SEARCH_SLOTS + 0, kind: 'company', ref: 'com_1' }]);
      const found = upgraded.sqlite
        .prepare('SELECT ref FROM search_index WHERE search_index MATCH ? AND tenant = ?')
        .all(`extra: "${tenantSearchKey(TENANT)}0102030"*`, TENANT);
      expect(found).toEqual([{ ref: 'com_1' }]);
    } finally {
      upgraded.close();
    }
    expect(new Database(file, { readonly: true }).pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
