import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli-process';
import { freePort } from '../helpers/ports';
import { freshDatabase, skipWithoutPostgres } from '../helpers/postgres';
import { tempDir } from '../helpers/temp-dir';

/*
 * Choosing PostgreSQL with one setting, as an operator does at 2 a.m.: the real `trasealla`
 * process, its exit codes and sentences, and never the URL's password in what it prints.
 */

const cli = (args: string[], env: NodeJS.ProcessEnv) =>
  runCli('cli/main.ts', [...args, '--data-dir', tempDir()], { env, timeoutMs: 60_000 });

describe('TRASEALLA_DATABASE_URL', () => {
  it('a server that cannot be reached stops the server with exit 3, naming the host but not the password', async () => {
    const port = await freePort();
    const url = `postgres://crm:Sup3r-Secret-pw@127.0.0.1:${port}/crm`;
    const run = await cli(['serve', '--port', '0'], { TRASEALLA_DATABASE_URL: url });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`postgres://crm:***@127.0.0.1:${port}/crm`);
    expect(run.stderr + run.stdout).not.toContain('Sup3r-Secret-pw');
  });

  it('a URL that is not PostgreSQL is refused with exit 3 and the setting named', async () => {
    const run = await cli(['migrate'], { TRASEALLA_DATABASE_URL: 'mysql://root:pw@db/crm' });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/TRASEALLA_DATABASE_URL: Must be a PostgreSQL URL/);
    expect(run.stderr).not.toContain('root:pw');
  });

  it('a _FILE that does not exist is refused with exit 3, naming the variable and the file', async () => {
    const run = await cli(['migrate'], { TRASEALLA_DATABASE_URL_FILE: '/nonexistent/database-url' });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/TRASEALLA_DATABASE_URL_FILE: cannot read \/nonexistent\/database-url: there is no such file/);
  });

  it('backup, restore and doctor say they work on SQLite and what to use instead (exit 3)', async () => {
    const env = { TRASEALLA_DATABASE_URL: 'postgres://crm@127.0.0.1:5432/crm' };
    const backup = await cli(['backup', join(tempDir(), 'x.db')], env);
    expect(backup.code).toBe(3);
    expect(backup.stderr).toMatch(/lives in PostgreSQL: back it up with pg_dump/);
    expect((await cli(['restore', join(tempDir(), 'x.db')], env)).stderr).toMatch(/pg_restore/);
    expect((await cli(['doctor'], env)).code).toBe(3);
  });
});

describe.skipIf(skipWithoutPostgres('trasealla migrate on PostgreSQL'))('trasealla migrate on PostgreSQL', () => {
  it('migrates a database named in a secret file, then finds nothing to do', async () => {
    const file = join(tempDir(), 'database-url');
    writeFileSync(file, `${await freshDatabase()}\n`, { mode: 0o600 });
    const first = await cli(['migrate'], { TRASEALLA_DATABASE_URL_FILE: file });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Applying PostgreSQL migration 1 \(/);
    expect(first.stdout).toMatch(/Schema upgraded from version 0 to \d+\./);
    const again = await cli(['migrate', '--json'], { TRASEALLA_DATABASE_URL_FILE: file });
    expect(JSON.parse(again.stdout)).toMatchObject({ applied: [] });
  });
});
