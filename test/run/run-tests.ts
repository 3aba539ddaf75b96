/**
 * `npm test`: every test there is, the same on a newcomer's machine as in CI.
 *
 *   1. the machine's requirements (test/run/requirements.ts): installed with apt-get when missing
 *      and this is Debian as root, else a stop at once with the one command that installs them;
 *   2. the typecheck, ESLint with the dependency rules, the Prettier check; the web UI and the
 *      single executable built when stale;
 *   3. vitest over every suite but the heavy ones, then those one at a time (the README's first
 *      line in a fresh clone, the container stage), each taking both cores for minutes;
 *   4. one closing line "N passed, N failed, N skipped", each skip with its reason. Under CI a
 *      skip nobody asked for fails the run.
 *
 * `npm test -- <vitest arguments>` runs just vitest with them (for working on one suite).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { binariesAreCurrent } from '../../build/binary-paths';
import { ensureWebBuilt } from '../../build/web-build';
import { ROOT } from '../helpers/cli-process';
import { SKIPS_FILE, type SkipRecord } from '../helpers/skip';
import { canInstall, installCommand, missingRequirements } from './requirements';

const REPORTS = {
  main: join(ROOT, 'test-artifacts', 'vitest.json'),
  postgres: join(ROOT, 'test-artifacts', 'vitest-postgres.json'),
  heavy: join(ROOT, 'test-artifacts', 'vitest-heavy.json'),
};

function say(line: string): void {
  process.stdout.write(`== ${line}\n`);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const res = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  return res.status ?? 1;
}

function provideRequirements(): void {
  const missing = missingRequirements();
  if (missing.length === 0) return;
  const lines = missing.map((r) => `  ${r.pkg}: ${r.why} (or ${r.skipVar}=1 to skip it knowingly)`);
  if (!canInstall()) {
    process.stderr.write(
      `npm test needs Debian packages that are missing:\n${lines.join('\n')}\nInstall them with:\n  sudo ${installCommand(missing)}\n`,
    );
    process.exit(1);
  }
  say(`installing the Debian packages the tests need:\n${lines.join('\n')}`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  if (run('apt-get', ['update', '-qq'], env) !== 0 || run('sh', ['-c', `${installCommand(missing)} -qq >/dev/null`], env) !== 0) {
    process.stderr.write(`Installing failed. Run it yourself to see why:\n  ${installCommand(missing)}\n`);
    process.exit(1);
  }
  const still = missingRequirements();
  if (still.length > 0) {
    process.stderr.write(`Still missing after apt-get: ${still.map((r) => r.pkg).join(', ')}.\n`);
    process.exit(1);
  }
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  success: boolean;
}

function readReport(file: string): VitestReport | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as VitestReport) : undefined;
}

function readSkips(): SkipRecord[] {
  if (!existsSync(SKIPS_FILE)) return [];
  const seen = new Set<string>();
  return readFileSync(SKIPS_FILE, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as SkipRecord)
    .filter((s) => (seen.has(s.suite) ? false : (seen.add(s.suite), true)));
}

/** A skip is expected when its variable was set to 1 on purpose, or CI lists its id in TRASEALLA_EXPECTED_SKIPS. */
function unexpected(skips: SkipRecord[]): SkipRecord[] {
  const listed = new Set((process.env.TRASEALLA_EXPECTED_SKIPS ?? '').split(',').map((s) => s.trim()));
  return skips.filter((s) => process.env[s.allowedBy] !== '1' && !listed.has(s.allowedBy));
}

/** The API suites again with the app on PostgreSQL (vitest.config.ts's POSTGRES_STAGE); skipped knowingly with TRASEALLA_SKIP_POSTGRES=1. */
function runPostgresStage(): number {
  say('the API suites again, with the app on PostgreSQL');
  return run('npx', ['vitest', 'run'], { TRASEALLA_TEST_ENGINE: 'postgres', TRASEALLA_VITEST_REPORT: REPORTS.postgres });
}

function main(): void {
  const args = process.argv.slice(2);
  provideRequirements();
  if (args.length > 0) process.exit(run('npx', ['vitest', 'run', ...args]));

  const started = Date.now();
  for (const file of [...Object.values(REPORTS), SKIPS_FILE]) rmSync(file, { force: true });
  let status = 0;
  say('typecheck');
  status ||= run('npm', ['run', 'typecheck']);
  say('lint: ESLint (with the dependency rules) and the Prettier check');
  status ||= run('npm', ['run', 'lint']);
  if (status !== 0) process.exit(status);

  const web = ensureWebBuilt(ROOT, say);
  if (web.status === 'built') say(`web UI built in ${(web.ms / 1000).toFixed(1)} s`);
  if (process.env.TRASEALLA_SKIP_BINARY !== '1' && !binariesAreCurrent()) {
    // Before the suites start, so the compile does not compete with timed-out-able tests.
    say('building the single executable (the first build compiles better-sqlite3 for Node 24, about 75 s)');
    status ||= run('npm', ['run', 'build:binary']);
  }

  say('vitest');
  const main = run('npx', ['vitest', 'run'], { TRASEALLA_VITEST_REPORT: REPORTS.main });
  const postgres = process.env.TRASEALLA_SKIP_POSTGRES === '1' ? undefined : runPostgresStage();
  if (postgres === undefined) say('skipped the PostgreSQL stage of the API suites: TRASEALLA_SKIP_POSTGRES=1');
  say('the heavy suites, one at a time: the README in a fresh clone, then the container stage');
  const heavy = run('npx', ['vitest', 'run'], { TRASEALLA_HEAVY_STAGE: '1', TRASEALLA_VITEST_REPORT: REPORTS.heavy });
  status ||= main || (postgres ?? 0) || heavy;

  const reports = [readReport(REPORTS.main), ...(postgres === undefined ? [] : [readReport(REPORTS.postgres)]), readReport(REPORTS.heavy)];
  if (reports.some((r) => r === undefined)) status ||= 1;
  const sum = (pick: (r: VitestReport) => number) => reports.reduce((n, r) => n + (r ? pick(r) : 0), 0);
  const skips = readSkips();
  for (const skip of skips) say(`skipped ${skip.suite}: ${skip.reason}`);
  const surprising = process.env.CI ? unexpected(skips) : [];
  for (const skip of surprising)
    say(`FAIL: CI did not expect this skip (${skip.allowedBy} is not set to 1 nor in TRASEALLA_EXPECTED_SKIPS): ${skip.suite}`);
  if (surprising.length > 0) status ||= 1;
  say(`npm test finished in ${Math.round((Date.now() - started) / 1000)} s`);
  // The one closing line CI reads.
  process.stdout.write(
    `Tests: ${sum((r) => r.numPassedTests)} passed, ${sum((r) => r.numFailedTests)} failed, ${sum((r) => r.numPendingTests + r.numTodoTests)} skipped\n`,
  );
  process.exit(status);
}

main();
