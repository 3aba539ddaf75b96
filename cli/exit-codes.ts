/** The `trasealla` command's exit codes, listed in the README and in `trasealla --help`. Scripts may rely on them. */
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
  /** The port, or the data directory, is taken by another process (another server on the same data directory). */
  IN_USE: 11,
} as const;

/** One line per code, the same words as the README's table (test/docs.test.ts compares them). */
export const EXIT_CODE_MEANINGS: Record<(typeof EXIT)[keyof typeof EXIT], string> = {
  0: 'done',
  1: 'failed; the message says what and what to do',
  2: 'wrong command, flag or argument',
  3: 'invalid configuration',
  4: 'the database was written by a newer release',
  5: 'the license key is mistyped or malformed: copy it again',
  6: 'the license key was not signed by Trasealla',
  7: 'the key was signed with a signing key this release does not know: upgrade',
  8: 'a genuine key that cannot be used here: expired, not yet valid, bound to another instance, older than the one installed',
  9: 'the instance is licensed to another customer: re-run with --force to replace it',
  10: 'the license refuses the change: seat or tenant limit, feature not licensed, read-only, not set up',
  11: 'the port, or the data directory, is in use by another process',
};

export const EXIT_CODES_HELP = `\nExit codes:\n${Object.entries(EXIT_CODE_MEANINGS)
  .map(([code, meaning]) => `  ${code.padStart(2)}  ${meaning}`)
  .join('\n')}`;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.FAILURE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
