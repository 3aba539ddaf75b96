import { Command, CommanderError } from 'commander';
import { ConfigError } from '../platform/config';
import { AppError } from '../platform/errors';
import { DataDirInUseError } from '../server/lib/data-dir-lock';
import { PortInUseError } from '../server/listen';
import { SchemaTooNewError } from '../server/modules/system/maintenance.service';
import { PRODUCT_VERSION } from '../server/version';
import { createCliEnv, type CliEnv } from './cli-env';
import { makeBackupCommand, makeRestoreCommand } from './commands/backup';
import { makeDbCommand } from './commands/db';
import { makeDemoCommand } from './commands/demo';
import { makeDoctorCommand } from './commands/doctor';
import { makeLicenseCommand } from './commands/license';
import { makeMigrateCommand } from './commands/migrate';
import { makeServeCommand } from './commands/serve';
import { makeSetupCommand } from './commands/setup';
import { makeTenantCommand } from './commands/tenant';
import { makeUserCommand } from './commands/user';
import { makeVersionCommand } from './commands/version';
import { CliError, EXIT, EXIT_CODES_HELP } from './exit-codes';

/** The `trasealla` program: the same binary serves and administers, like `gitea web` / `gitea admin`. */
export function buildProgram(env: CliEnv = createCliEnv()): Command {
  return new Command('trasealla')
    .description('Trasealla CRM, on-premise edition')
    .version(PRODUCT_VERSION, '-V, --version', 'print the release (the "version" command tells more)')
    .showHelpAfterError()
    .addCommand(makeServeCommand(env))
    .addCommand(makeSetupCommand(env))
    .addCommand(makeLicenseCommand(env))
    .addCommand(makeUserCommand(env))
    .addCommand(makeTenantCommand(env))
    .addCommand(makeBackupCommand(env))
    .addCommand(makeRestoreCommand(env))
    .addCommand(makeMigrateCommand(env))
    .addCommand(makeDbCommand(env))
    .addCommand(makeDoctorCommand(env))
    .addCommand(makeVersionCommand(env))
    .addCommand(makeDemoCommand(env))
    .addHelpText(
      'after',
      `\nExamples:\n  trasealla setup\n  trasealla serve --data-dir /var/lib/trasealla --port 8080\n  trasealla license status\n  trasealla backup /backups/crm.db\n\nRun "trasealla <command> --help" for each command's options and examples.\n${EXIT_CODES_HELP}`,
    );
}

/**
 * Runs one `trasealla` invocation over env and returns its exit code (cli/main.ts sets it on the
 * process; tests call this in process). Every failure becomes a plain sentence on env.io.err and
 * a documented exit code: no stack traces for operators. Whatever the command opened is closed.
 */
export async function runTrasealla(argv: string[], env: CliEnv = createCliEnv()): Promise<number> {
  const program = buildProgram(env);
  // Every subcommand too (added commands do not inherit these), so a wrong flag anywhere exits 2 and says so on env.io.
  const override = (cmd: Command): void => {
    cmd.exitOverride().configureOutput({ writeOut: (text) => env.io.out(text), writeErr: (text) => env.io.err(text) });
    cmd.commands.forEach(override);
  };
  override(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.OK;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    const [message, code] = failure(err);
    if (message) env.io.err(message);
    return code;
  } finally {
    await env
      .close()
      .catch((err: unknown) => env.io.err(`Closing the database failed: ${err instanceof Error ? err.message : String(err)}`));
  }
}

function failure(err: unknown): [string, number] {
  if (err instanceof ConfigError) return [err.message, EXIT.CONFIG];
  if (err instanceof SchemaTooNewError) return [err.message, EXIT.SCHEMA_TOO_NEW];
  // A CliError with no message: the command printed its report, the code says how it ended.
  if (err instanceof CliError) return [err.message, err.exitCode];
  if (err instanceof PortInUseError || err instanceof DataDirInUseError) return [err.message, EXIT.IN_USE];
  if (err instanceof AppError) return [describeAppError(err), err.code.startsWith('LICENSE_') ? EXIT.LICENSE_REFUSED : EXIT.FAILURE];
  if (err instanceof Error && err.name === 'ExitPromptError') return ['Cancelled; nothing more was changed.', EXIT.FAILURE];
  return [`Error: ${err instanceof Error ? err.message : String(err)}`, EXIT.FAILURE];
}

function describeAppError(err: AppError): string {
  const fields = (err.details as { fields?: { path: string; message: string }[] } | undefined)?.fields ?? [];
  return [err.message, ...fields.map((f) => `  ${f.path}: ${f.message}`)].join('\n');
}
