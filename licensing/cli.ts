/**
 * tras-license: Trasealla sales and ops tooling for license keys.
 * Local mode (default): a database file and the private key file, no network.
 * Remote mode (--server URL --token T): the license service.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { makeInspectCommand } from './cli/commands/inspect';
import { makeIssueCommand } from './cli/commands/issue';
import { makeKeygenCommand } from './cli/commands/keygen';
import { makeListCommand } from './cli/commands/list';
import { makeRenewCommand } from './cli/commands/renew';
import { makeServeCommand } from './cli/commands/serve';
import { makeShowCommand } from './cli/commands/show';
import { makeResumeCommand, makeRevokeCommand, makeSuspendCommand } from './cli/commands/status-change';
import { makeTokenCommand } from './cli/commands/token';
import { CliError, EXIT, EXIT_CODES_HELP } from './cli/exit-codes';
import { processIo, type CliIo } from './cli/io';

export function makeProgram(io: CliIo = processIo): Command {
  const program = new Command('tras-license')
    .description('Issue, renew, revoke and inspect Trasealla CRM license keys; run the license service.')
    .addHelpText(
      'after',
      `${EXIT_CODES_HELP}\n\nLocal mode: --db (TRAS_LICENSE_DB) and --key-file (TRAS_LICENSE_KEY_FILE).\nRemote mode: --server (TRAS_LICENSE_SERVER) and --token (TRAS_LICENSE_TOKEN).`,
    )
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const cmd of [
    makeKeygenCommand(io),
    makeIssueCommand(io),
    makeListCommand(io),
    makeShowCommand(io),
    makeRevokeCommand(io),
    makeSuspendCommand(io),
    makeResumeCommand(io),
    makeRenewCommand(io),
    makeInspectCommand(io),
    makeTokenCommand(io),
    makeServeCommand(),
  ]) {
    program.addCommand(cmd.exitOverride());
  }
  return program;
}

/** Parses and runs; returns the exit code instead of exiting, so tests can call it in process. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    await makeProgram(io).parseAsync(argv, { from: 'user' });
    return EXIT.OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander already printed its message; help and version are not errors.
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? EXIT.OK : EXIT.USAGE;
    }
    if (e instanceof CliError) {
      if (e.message) io.err(`tras-license: ${e.message}`);
      return e.exitCode;
    }
    // Unexpected: one plain line, no stack trace (set TRAS_LICENSE_DEBUG=1 for it).
    io.err(`tras-license: unexpected error: ${(e as Error)?.message ?? String(e)}`);
    if (process.env.TRAS_LICENSE_DEBUG) io.err(String((e as Error)?.stack));
    return EXIT.UNEXPECTED;
  }
}

/** Run as `tsx licensing/cli.ts`; not when bundled (the executable's own entry calls runCli), where argv[1] may be a bare command name. */
function startedAsScript(): boolean {
  try {
    return !!process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}

if (startedAsScript()) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
