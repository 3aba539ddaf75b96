import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli-process';

/** Where skipped suites leave their reasons; the test runner (test/run/run-tests.ts) prints them and judges them. */
export const SKIPS_FILE = join(ROOT, 'test-artifacts', 'skips.jsonl');

export interface SkipRecord {
  suite: string;
  reason: string;
  /** The variable that asked for this skip on purpose, or the reason's id that CI may allow (TRASEALLA_EXPECTED_SKIPS). */
  allowedBy: string;
}

/**
 * A suite that does not run says so: on the console at once, and in test-artifacts/skips.jsonl
 * for the closing summary. Returns whether to skip, for describe.skipIf. A skip nobody asked for
 * (`allowedBy` not set to 1, nor listed in TRASEALLA_EXPECTED_SKIPS) fails the run under CI.
 */
export function skipSuite(skip: boolean, record: SkipRecord): boolean {
  if (!skip) return false;
  console.warn(`SKIPPED ${record.suite}: ${record.reason}`);
  mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
  appendFileSync(SKIPS_FILE, JSON.stringify(record) + '\n');
  return true;
}
