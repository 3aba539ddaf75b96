import { Command } from 'commander';
import { makeDemoCommand } from './commands/demo';
import { makeMigrateCommand } from './commands/migrate';
import { makeServeCommand } from './commands/serve';
import { makeVersionCommand } from './commands/version';

/** The `trasealla` program: the same binary serves and administers, like `gitea web` / `gitea admin`. */
export function buildProgram(): Command {
  return new Command('trasealla')
    .description('Trasealla CRM, on-premise edition')
    .showHelpAfterError()
    .addCommand(makeServeCommand())
    .addCommand(makeDemoCommand())
    .addCommand(makeMigrateCommand())
    .addCommand(makeVersionCommand());
}
