import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { SEA_ASSET, seaAsset } from '../lib/sea-assets';

export interface Migration {
  /** 1-based; equals the PRAGMA user_version after it is applied. */
  version: number;
  tag: string;
  statements: string[];
  hash: string;
}

interface Journal {
  entries: { idx: number; tag: string }[];
}

/** Reads one file of the migrations folder, by its path inside the folder ('meta/_journal.json'). */
type MigrationFileReader = (relativePath: string) => string;

function folderReader(dir: string): MigrationFileReader {
  return (relativePath) => readFileSync(join(dir, relativePath), 'utf8');
}

/** One engine's migrations in this build: the folder beside this module, packed as assets in the single executable. */
export interface MigrationSet {
  folder: string;
  assetPrefix: string;
}

export const SQLITE_MIGRATIONS: MigrationSet = { folder: 'migrations', assetPrefix: SEA_ASSET.migrationsPrefix };
export const POSTGRES_MIGRATIONS: MigrationSet = { folder: 'migrations-pg', assetPrefix: SEA_ASSET.pgMigrationsPrefix };

function buildReader(set: MigrationSet): MigrationFileReader {
  const packed = seaAsset(`${set.assetPrefix}meta/_journal.json`);
  if (packed) {
    return (relativePath) => {
      const bytes = seaAsset(`${set.assetPrefix}${relativePath}`);
      if (!bytes) throw new Error(`migration file ${relativePath} is missing from this build`);
      return bytes.toString('utf8');
    };
  }
  return folderReader(fileURLToPath(new URL(`./${set.folder}/`, import.meta.url)));
}

/** The migrations drizzle-kit generated, in order: from `dir`, or the build's own for an engine (packed or committed). */
export function loadMigrations(dir?: string, set: MigrationSet = SQLITE_MIGRATIONS): Migration[] {
  const read = dir ? folderReader(dir) : buildReader(set);
  const journal = JSON.parse(read('meta/_journal.json')) as Journal;
  return journal.entries
    .sort((a, b) => a.idx - b.idx)
    .map((entry, i) => {
      const sql = read(`${entry.tag}.sql`);
      return {
        version: i + 1,
        tag: entry.tag,
        statements: sql
          .split('--> statement-breakpoint')
          .map((s) => s.trim())
          .filter(Boolean),
        hash: createHash('sha256').update(sql).digest('hex'),
      };
    });
}
