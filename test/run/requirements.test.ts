import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli-process';
import { tempDir } from '../helpers/temp-dir';
import { REQUIREMENTS, installCommand, missingRequirements } from './requirements';

describe('npm test provides what the suites need', () => {
  it('names each missing Debian package once, and a skip variable set to 1 takes its suite out', () => {
    const missing = tempDir();
    const env = { TRASEALLA_TEST_REQUIRE_FILE: join(missing, 'absent') };
    expect(missingRequirements(env).map((r) => r.pkg)).toContain('trasealla-test-requirement');
    expect(missingRequirements({ ...env, TRASEALLA_SKIP_TEST_REQUIREMENT: '1' }).map((r) => r.pkg)).not.toContain(
      'trasealla-test-requirement',
    );
    const helm = REQUIREMENTS.filter((r) => r.skipVar === 'TRASEALLA_SKIP_HELM_RENDER');
    expect(installCommand([...helm, ...helm])).toBe(`apt-get install -y --no-install-recommends ${helm.map((r) => r.pkg).join(' ')}`);
  });

  it('as a user who cannot install, npm test stops at once with the one command that installs what is missing', () => {
    // The runner as uid 65534 (nobody) with one requirement that nothing on the machine satisfies.
    const res = spawnSync(
      'setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--import', 'tsx', 'test/run/run-tests.ts'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: {
          ...process.env,
          HOME: tempDir(),
          TRASEALLA_TEST_REQUIRE_FILE: '/nonexistent/trasealla-requirement',
          TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json'),
        },
        timeout: 60_000,
      },
    );
    expect(res.status, res.stderr).toBe(1);
    expect(res.stderr).toContain('npm test needs Debian packages that are missing:');
    expect(res.stderr).toMatch(/^ {2}sudo apt-get install -y --no-install-recommends .*trasealla-test-requirement$/m);
    expect(res.stdout).not.toMatch(/== typecheck|RUN/);
  });
});
