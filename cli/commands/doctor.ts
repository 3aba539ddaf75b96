import { Command } from 'commander';
import { diagnose } from '../../server/modules/system/doctor.service';
import { printJson, type CliEnv } from '../cli-env';
import { CliError, EXIT } from '../exit-codes';
import { configFrom, dataDirOption, sqliteOnly } from '../options';

export function makeDoctorCommand(env: CliEnv): Command {
  return new Command('doctor')
    .description('check the installation: data directory, secret, disk, schema, integrity, license')
    .addOption(dataDirOption())
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  trasealla doctor --data-dir /var/lib/trasealla\n\nExits 1 when a check fails (warnings alone exit 0).',
    )
    .action(async (o: { dataDir?: string; json?: boolean }) => {
      const config = configFrom(o);
      sqliteOnly(
        config,
        'doctor',
        'GET /readyz reports the database, its schema and the license; the server logs a warning when its role bypasses row-level security.',
      );
      const checks = await diagnose(config.dataDir);
      if (o.json) printJson(env.io, { ok: checks.every((c) => c.level !== 'fail'), checks });
      else
        for (const c of checks)
          env.io.out(`${c.level === 'ok' ? 'ok  ' : c.level === 'warn' ? 'WARN' : 'FAIL'}  ${c.name.padEnd(16)} ${c.detail}`);
      // The whole report is printed; the exit code says whether a check failed.
      if (checks.some((c) => c.level === 'fail')) throw new CliError('', EXIT.FAILURE);
    });
}
