import Database from 'better-sqlite3';
import { Command } from 'commander';
import { existsSync, statfsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { schemaStatus } from '../../server/db/migrate';
import { SECRET_FILE } from '../../server/lib/instance-secret';
import { createLogger } from '../../server/lib/logger';
import { fixedClock, systemClock } from '../../server/lib/clock';
import { LicenseManager } from '../../server/license/license-manager';
import { databasePath } from '../../server/runtime';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { configFrom, dataDirOption } from '../options';
import { printJson } from '../runtime';

type Level = 'ok' | 'warn' | 'fail';
interface Check {
  name: string;
  level: Level;
  detail: string;
}

const MIN_FREE_BYTES = 500 * 1024 * 1024;

function run(dataDir: string): Check[] {
  const checks: Check[] = [];
  const add = (name: string, level: Level, detail: string) => checks.push({ name, level, detail });
  if (!existsSync(dataDir)) {
    add('data directory', 'fail', `${dataDir} does not exist. Run "trasealla setup --data-dir ${dataDir}".`);
    return checks;
  }
  const dirMode = statSync(dataDir).mode & 0o777;
  add(
    'data directory',
    dirMode & 0o077 ? 'warn' : 'ok',
    dirMode & 0o077 ? `mode ${dirMode.toString(8)}: others can read it. Run: chmod 700 ${dataDir}` : `${dataDir} (mode 700)`,
  );
  const secret = join(dataDir, SECRET_FILE);
  if (!existsSync(secret)) add('instance secret', 'warn', 'missing: it is created at the next start (everyone signs in again).');
  else {
    const mode = statSync(secret).mode & 0o777;
    add('instance secret', mode & 0o077 ? 'fail' : 'ok', mode & 0o077 ? `mode ${mode.toString(8)}: run chmod 600 ${secret}` : 'mode 600');
  }
  try {
    const fs = statfsSync(dataDir);
    const free = fs.bavail * fs.bsize;
    add('disk space', free < MIN_FREE_BYTES ? 'warn' : 'ok', `${Math.round(free / 1024 / 1024)} MiB free`);
  } catch {
    add('disk space', 'warn', 'could not be measured');
  }
  const file = databasePath(dataDir);
  if (!existsSync(file)) {
    add('database', 'fail', `no database: run "trasealla setup --data-dir ${dataDir}".`);
    return checks;
  }
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const schema = schemaStatus(sqlite);
    add(
      'schema',
      schema.current === schema.latest ? 'ok' : schema.current > schema.latest ? 'fail' : 'warn',
      schema.current === schema.latest
        ? `version ${schema.current}`
        : schema.current > schema.latest
          ? `version ${schema.current} was written by a newer release (this one knows ${schema.latest}).`
          : `version ${schema.current}; this release upgrades it to ${schema.latest} at start ("trasealla migrate").`,
    );
    const integrity = (sqlite.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    add(
      'integrity',
      integrity === 'ok' ? 'ok' : 'fail',
      integrity === 'ok' ? 'integrity_check ok' : `${integrity}: restore from a backup.`,
    );
    if (schema.current > 0) {
      // Read-only look at the license: a clock that never moves, so doctor writes nothing.
      const license = new LicenseManager({
        db: drizzle({ client: sqlite }) as never,
        clock: fixedClock(systemClock.now()),
        logger: createLogger({ level: 'silent' }),
        persist: false,
      });
      const state = license.state();
      const level: Level = state.status === 'active' ? (state.warnings.length ? 'warn' : 'ok') : state.status === 'grace' ? 'warn' : 'fail';
      add(
        'license',
        level,
        `${state.status}${state.terms ? ` (${state.terms.licenseId}, ${state.terms.customer})` : ''}${state.reason ? `: ${state.reason}` : state.warnings[0] ? `: ${state.warnings[0]}` : ''}`,
      );
    }
  } finally {
    sqlite.close();
  }
  return checks;
}

export function makeDoctorCommand(): Command {
  return new Command('doctor')
    .description('check the installation: data directory, secret, disk, schema, integrity, license')
    .addOption(dataDirOption())
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  trasealla doctor --data-dir /var/lib/trasealla\n\nExits 1 when a check fails (warnings alone exit 0).',
    )
    .action((o: { dataDir?: string; json?: boolean }) => {
      const config = configFrom(o);
      const checks = run(config.dataDir);
      if (o.json) printJson({ ok: checks.every((c) => c.level !== 'fail'), checks });
      else
        for (const c of checks)
          console.log(`${c.level === 'ok' ? 'ok  ' : c.level === 'warn' ? 'WARN' : 'FAIL'}  ${c.name.padEnd(16)} ${c.detail}`);
      if (checks.some((c) => c.level === 'fail')) process.exitCode = 1;
    });
}
