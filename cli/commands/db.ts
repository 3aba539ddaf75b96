import { Command } from 'commander';
import {
  copyInstance,
  CopyError,
  describeLocation,
  locationOf,
  type DatabaseLocation,
} from '../../server/modules/system/database-copy.service';
import { MaintenanceError } from '../../server/modules/system/maintenance.service';
import { printJson, type CliEnv } from '../cli-env';
import { CliError, EXIT } from '../exit-codes';
import { configFrom, dataDirOption } from '../options';

/** A refused copy as the operator reads it, with its exit code. */
function refused(err: unknown): unknown {
  if (err instanceof MaintenanceError && err.problem.code === 'data_dir_in_use') return new CliError(err.message, EXIT.IN_USE);
  if (err instanceof CopyError)
    return new CliError(err.message, err.problem.code === 'source_outdated' ? EXIT.SCHEMA_TOO_NEW : EXIT.FAILURE);
  // node-postgres: the server refused or was not there. Its message names the host, never the password.
  const code = (err as { code?: string }).code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '28P01' || code === '3D000')
    return new CliError(`Cannot use that PostgreSQL database: ${(err as Error).message}.`, EXIT.CONFIG);
  return err;
}

function location(value: string, flag: string): DatabaseLocation {
  if (!value.trim()) throw new CliError(`${flag} needs a postgres:// URL or a data directory.`, EXIT.USAGE);
  if (/^postgres(ql)?:/.test(value) && !/^postgres(ql)?:\/\/[^/]+/.test(value))
    throw new CliError(`${flag} is not a PostgreSQL URL like postgres://user@host:5432/database.`, EXIT.CONFIG);
  return locationOf(value);
}

export function makeDbCommand(env: CliEnv): Command {
  const copy = new Command('copy')
    .description('copy a whole instance into an empty database: SQLite to PostgreSQL, back, or SQLite to SQLite (stop the server first)')
    .requiredOption('--to <target>', 'a postgres:// URL, or an empty data directory for SQLite')
    .option('--from <source>', 'a postgres:// URL, or a data directory (default: --data-dir)')
    .addOption(dataDirOption())
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      [
        '',
        'Every tenant, person, record, audit entry, the license state and the sequence counters are copied',
        'in one transaction, then checked table by table (row count and checksum). Give a password in',
        'PGPASSWORD or ~/.pgpass rather than in the URL, which other users of the machine can see.',
        '',
        'Examples:',
        '  trasealla db copy --data-dir /var/lib/trasealla --to postgres://trasealla@db.internal:5432/trasealla',
        '  trasealla db copy --from postgres://trasealla@db.internal/trasealla --to /var/lib/trasealla-copy',
      ].join('\n'),
    )
    .action(async (o: { to: string; from?: string; dataDir?: string; json?: boolean }) => {
      const from = o.from ? location(o.from, '--from') : ({ engine: 'sqlite', dataDir: configFrom(o).dataDir } as const);
      const to = location(o.to, '--to');
      env.io.err(`Copying ${describeLocation(from)} into ${describeLocation(to)}…`);
      const report = await copyInstance(from, to, (step) => env.io.err(step)).catch((err: unknown) => {
        throw refused(err);
      });
      if (o.json) return printJson(env.io, report);
      env.io.out(`Copied ${report.rows} rows in ${report.tables.length} tables, verified (row counts and checksums): ${report.to}.`);
      if (to.engine === 'postgres')
        env.io.out(
          'This release still serves from SQLite: the PostgreSQL copy is for checking and support until the server runs on PostgreSQL.',
        );
      else env.io.out(`Start the server with --data-dir ${to.dataDir} to use the copy.`);
    });
  return new Command('db')
    .description('move an instance between databases')
    .addCommand(copy)
    .addHelpText(
      'after',
      '\nExample:\n  trasealla db copy --data-dir /var/lib/trasealla --to postgres://trasealla@db.internal:5432/trasealla',
    );
}
