import { CommanderError } from 'commander';
import { ConfigError } from '../server/config';
import { SchemaTooNewError } from '../server/db/migrate';
import { AppError } from '../server/lib/errors';
import { DataDirInUseError } from '../server/lib/data-dir-lock';
import { PortInUseError } from '../server/listen';
import { CliError, EXIT } from './exit-codes';
import { buildProgram } from './program';

/** Turns every failure into a plain sentence and a documented exit code; no stack traces for operators. */
async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  // Every subcommand too (added commands do not inherit it), so a wrong flag anywhere exits 2.
  const override = (cmd: typeof program): void => {
    cmd.exitOverride();
    cmd.commands.forEach(override);
  };
  override(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
      return;
    }
    const [message, code] =
      err instanceof ConfigError
        ? [err.message, EXIT.CONFIG]
        : err instanceof SchemaTooNewError
          ? [err.message, EXIT.SCHEMA_TOO_NEW]
          : err instanceof CliError
            ? [err.message, err.exitCode]
            : err instanceof PortInUseError || err instanceof DataDirInUseError
              ? [err.message, EXIT.IN_USE]
              : err instanceof AppError
                ? [describeAppError(err), err.code.startsWith('LICENSE_') ? EXIT.LICENSE_REFUSED : EXIT.FAILURE]
                : err instanceof Error && err.name === 'ExitPromptError'
                  ? ['Cancelled; nothing more was changed.', EXIT.FAILURE]
                  : [`Error: ${err instanceof Error ? err.message : String(err)}`, EXIT.FAILURE];
    process.stderr.write(`${message}\n`);
    process.exitCode = code;
  }
}

function describeAppError(err: AppError): string {
  const fields = (err.details as { fields?: { path: string; message: string }[] } | undefined)?.fields ?? [];
  return [err.message, ...fields.map((f) => `  ${f.path}: ${f.message}`)].join('\n');
}

// Not a top-level await: the single executable runs this bundled as CommonJS.
void main(process.argv.slice(2));
