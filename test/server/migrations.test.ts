import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client';
import { migrate, SchemaTooNewError, schemaStatus } from '../../server/db/migrate';
import { loadMigrations, type Migration } from '../../server/db/migrations-source';
import { openAndMigrate } from '../../server/runtime';
import { snapshot } from '../helpers/db-snapshot';
import { rawSqlite } from '../helpers/raw-db';
import { tempDir } from '../helpers/temp-dir';

/** Every table's rows and checksum, read through a connection of its own to the file. */
async function snapshotOf(file: string) {
  const raw = rawSqlite(file);
  try {
    return await snapshot(raw);
  } finally {
    await raw.close();
  }
}

describe('migrations', () => {
  it('a fresh database gets every migration; a second run changes nothing', async () => {
    const dir = tempDir();
    const { database, migration } = await openAndMigrate(dir);
    expect(migration.from).toBe(0);
    expect(migration.to).toBe(loadMigrations().length);
    expect(migration.backupFile).toBeUndefined();
    const before = await snapshotOf(database.file);
    const again = await migrate(database.sqlite, { backupDir: join(dir, 'backups') });
    expect(again.applied).toEqual([]);
    expect(await snapshotOf(database.file)).toEqual(before);
    expect(database.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(database.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(database.sqlite.pragma('synchronous', { simple: true })).toBe(1);
    expect(database.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(database.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    database.close();
  });

  it('refuses a database written by a newer build, and leaves it untouched', async () => {
    const dir = tempDir();
    const { database } = await openAndMigrate(dir);
    database.sqlite.pragma(`user_version = ${loadMigrations().length + 1}`);
    const before = await snapshotOf(database.file);
    database.close();

    await expect(openAndMigrate(dir)).rejects.toBeInstanceOf(SchemaTooNewError);
    await expect(openAndMigrate(dir)).rejects.toThrow(/newer release/);
    const reopened = openDatabase(join(dir, 'trasealla.db'));
    expect(await snapshotOf(reopened.file)).toEqual(before);
    reopened.close();
  });

  it('upgrading an existing database backs it up first, then applies only the new migration', async () => {
    const dir = tempDir();
    const { database } = await openAndMigrate(dir);
    database.sqlite.prepare("INSERT INTO instance_settings (key, value) VALUES ('marker', 'kept')").run();
    const next: Migration = {
      version: loadMigrations().length + 1,
      tag: '9999_test_add_column',
      statements: ['ALTER TABLE instance_settings ADD COLUMN note text'],
      hash: 'test',
    };
    const result = await migrate(database.sqlite, { migrations: [...loadMigrations(), next], backupDir: join(dir, 'backups') });
    expect(result.applied).toEqual(['9999_test_add_column']);
    expect(result.backupFile).toBeDefined();
    expect(existsSync(result.backupFile!)).toBe(true);
    const backup = openDatabase(result.backupFile!, { readonly: true });
    expect(schemaStatus(backup.sqlite).current).toBe(loadMigrations().length);
    expect(backup.sqlite.prepare("SELECT value FROM instance_settings WHERE key = 'marker'").get()).toEqual({ value: 'kept' });
    backup.close();
    database.close();
  });

  it('a migration that fails rolls back whole and leaves the version where it was', async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const { database } = await openAndMigrate(dir);
    const version = schemaStatus(database.sqlite).current;
    const broken: Migration = {
      version: version + 1,
      tag: '9999_broken',
      statements: ['CREATE TABLE half_done (x int)', 'THIS IS NOT SQL'],
      hash: 'broken',
    };
    await expect(migrate(database.sqlite, { migrations: [...loadMigrations(), broken] })).rejects.toThrow();
    expect(schemaStatus(database.sqlite).current).toBe(version);
    expect(database.sqlite.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    database.close();
    expect(readdirSync(dir)).toContain('trasealla.db');
  });

  it('every tenant-owned table leads its primary key and indexes with tenant_id', async () => {
    const dir = tempDir();
    const { database } = await openAndMigrate(dir);
    const sqlite = database.sqlite;
    const tables = (
      sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]
    ).map((t) => t.name);
    const owned = tables.filter((name) =>
      (sqlite.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[]).some((c) => c.name === 'tenant_id'),
    );
    expect(owned).toEqual(expect.arrayContaining(['users', 'api_keys', 'audit_log', 'sessions']));
    // Indexes deliberately global: sign-in finds people by email and API keys by prefix before the tenant is known.
    const globalByDesign = new Set(['users_email_idx', 'api_keys_prefix_unique']);
    for (const table of owned) {
      const indexes = sqlite.prepare(`PRAGMA index_list("${table}")`).all() as { name: string }[];
      for (const index of indexes) {
        if (globalByDesign.has(index.name)) continue;
        const first = (sqlite.prepare(`PRAGMA index_info("${index.name}")`).all() as { seqno: number; name: string }[]).find(
          (c) => c.seqno === 0,
        );
        if (table === 'sessions' && index.name.startsWith('sqlite_autoindex')) continue; // sessions are found by their random id
        expect(first?.name, `${table}.${index.name}`).toBe('tenant_id');
      }
    }
    database.close();
  });
});
