import { existsSync, statfsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fixedClock, systemClock } from '../../../platform/clock';
import { openDatabase } from '../../db/client';
import { schemaStatus } from '../../db/migrate';
import { SECRET_FILE } from '../../lib/instance-secret';
import { DataLayer } from '../../data/data-layer';
import { openSqliteStore } from '../../data/sqlite-store';
import { LicenseManager } from '../../license/license-manager';
import { databasePath } from '../../runtime';
import { integrityCheck } from './maintenance.service';

export type CheckLevel = 'ok' | 'warn' | 'fail';

export interface Check {
  name: string;
  level: CheckLevel;
  detail: string;
}

const MIN_FREE_BYTES = 500 * 1024 * 1024;

/**
 * Looks the installation over without changing anything: data directory and secret
 * permissions, disk space, schema version, integrity, license. Each check says what to do.
 */
export async function diagnose(dataDir: string): Promise<Check[]> {
  const checks: Check[] = [];
  const add = (name: string, level: CheckLevel, detail: string) => checks.push({ name, level, detail });
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
  const database = openDatabase(file, { readonly: true });
  try {
    const schema = schemaStatus(database.sqlite);
    add(
      'schema',
      schema.current === schema.latest ? 'ok' : schema.current > schema.latest ? 'fail' : 'warn',
      schema.current === schema.latest
        ? `version ${schema.current}`
        : schema.current > schema.latest
          ? `version ${schema.current} was written by a newer release (this one knows ${schema.latest}).`
          : `version ${schema.current}; this release upgrades it to ${schema.latest} at start ("trasealla migrate").`,
    );
    const integrity = integrityCheck(database.sqlite);
    add(
      'integrity',
      integrity === 'ok' ? 'ok' : 'fail',
      integrity === 'ok' ? 'integrity_check ok' : `${integrity}: restore from a backup.`,
    );
    if (schema.current > 0) {
      // Read-only look at the license: a clock that never moves, so doctor writes nothing.
      const data = new DataLayer(openSqliteStore(file, { writer: database.sqlite }));
      const license = await LicenseManager.open({ data, clock: fixedClock(systemClock.now()), persist: false }).finally(() => data.close());
      const state = license.state();
      const level: CheckLevel =
        state.status === 'active' ? (state.warnings.length ? 'warn' : 'ok') : state.status === 'grace' ? 'warn' : 'fail';
      add(
        'license',
        level,
        `${state.status}${state.terms ? ` (${state.terms.licenseId}, ${state.terms.customer})` : ''}${state.reason ? `: ${state.reason}` : state.warnings[0] ? `: ${state.warnings[0]}` : ''}`,
      );
    }
  } finally {
    database.close();
  }
  return checks;
}
