import { Command } from 'commander';
import { makeBackupCommand, makeRestoreCommand } from './commands/backup';
import { makeDemoCommand } from './commands/demo';
import { makeDoctorCommand } from './commands/doctor';
import { makeLicenseCommand } from './commands/license';
import { makeSetupCommand } from './commands/setup';
import { makeTenantCommand } from './commands/tenant';
import { makeUserCommand } from './commands/user';
import { makeMigrateCommand } from './commands/migrate';
import { makeServeCommand } from './commands/serve';
import { makeVersionCommand } from './commands/version';
import { EXIT_CODES_HELP } from './exit-codes';
import { PRODUCT_VERSION } from '../server/version';

/** The `trasealla` program: the same binary serves and administers, like `gitea web` / `gitea admin`. */
export function buildProgram(): Command {
  return new Command('trasealla')
    .description('Trasealla CRM, on-premise edition')
    .version(PRODUCT_VERSION, '-V, --version', 'print the release (the "version" command tells more)')
    .showHelpAfterError()
    .addCommand(makeServeCommand())
    .addCommand(makeSetupCommand())
    .addCommand(makeLicenseCommand())
    .addCommand(makeUserCommand())
    .addCommand(makeTenantCommand())
    .addCommand(makeBackupCommand())
    .addCommand(makeRestoreCommand())
    .addCommand(makeMigrateCommand())
    .addCommand(makeDoctorCommand())
    .addCommand(makeVersionCommand())
    .addCommand(makeDemoCommand())
    .addHelpText(
      'after',
      `\nExamples:\n  trasealla setup\n  trasealla serve --data-dir /var/lib/trasealla --port 8080\n  trasealla license status\n  trasealla backup /backups/crm.db\n\nRun "trasealla <command> --help" for each command's options and examples.\n${EXIT_CODES_HELP}`,
    );
}
