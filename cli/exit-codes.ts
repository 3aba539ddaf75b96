/** The `trasealla` command's exit codes, listed in the README. Scripts may rely on them. */
export const EXIT = {
  OK: 0,
  /** Something failed; the message says what. */
  FAILURE: 1,
  /** Wrong flags or arguments. */
  USAGE: 2,
  /** The configuration (flags or environment) is invalid. */
  CONFIG: 3,
  /** The database was written by a newer release. */
  SCHEMA_TOO_NEW: 4,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.FAILURE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
