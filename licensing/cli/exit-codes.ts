/** tras-license exit codes (documented in docs/license-service.md and `tras-license --help`). */
export const EXIT = {
  OK: 0,
  UNEXPECTED: 1,
  /** Bad arguments or input the service refused as invalid. */
  USAGE: 2,
  NOT_FOUND: 3,
  /** The license's state does not allow it (already revoked…), or a file exists. */
  CONFLICT: 4,
  /** Remote mode: the operator token was refused. */
  UNAUTHORIZED: 5,
  /** Remote mode: the service cannot be reached or failed. */
  UNREACHABLE: 6,
  /** The signing key file is missing, unreadable, insecure or invalid. */
  SIGNING_KEY: 7,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  unexpected error
  2  bad arguments, or input the service refused
  3  license not found
  4  not allowed in the license's state, or the file already exists
  5  operator token refused (remote mode)
  6  license service unreachable or failing (remote mode)
  7  signing key file missing, unreadable, insecure or invalid`;

/** An error with a plain message for the operator and the exit code to leave with. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}
