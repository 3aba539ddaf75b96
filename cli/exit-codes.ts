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
  /** The license key (or renewal) is mistyped or malformed: copy it again. */
  KEY_MISTYPED: 5,
  /** The license key was not signed by Trasealla (a forgery or an edited key). */
  KEY_NOT_GENUINE: 6,
  /** The key was signed with a signing key this build does not know: upgrade. */
  KEY_UNKNOWN_SIGNER: 7,
  /** A genuine key that cannot be used here: expired, not yet valid, bound to another instance, older than the one installed. */
  KEY_NOT_USABLE: 8,
  /** The instance is licensed to another customer: re-run with --force to replace it. */
  KEY_OTHER_CUSTOMER: 9,
  /** The license refuses the change: seat or tenant limit, feature not licensed, read-only, not set up. */
  LICENSE_REFUSED: 10,
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
