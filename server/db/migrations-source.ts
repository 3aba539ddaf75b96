import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

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

const DEFAULT_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** The migrations drizzle-kit generated, in order, read from the committed folder. */
export function loadMigrations(dir = DEFAULT_DIR): Migration[] {
  const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as Journal;
  return journal.entries
    .sort((a, b) => a.idx - b.idx)
    .map((entry, i) => {
      const sql = readFileSync(join(dir, `${entry.tag}.sql`), 'utf8');
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
