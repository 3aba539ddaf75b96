import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { postgresBinDir } from '../helpers/postgres';

/**
 * What the test suites need from the machine beyond `npm ci`, each with the Debian package that
 * brings it and the variable that skips its suite on purpose. One table for `npm test` (which
 * installs what is missing, as root on Debian) and for the suites that check it again.
 */
export interface Requirement {
  /** Debian package that provides it. */
  pkg: string;
  /** Which tests need it, in words. */
  why: string;
  present: () => boolean;
  /** Set to 1, this skips the suites that need it (they say so). */
  skipVar: string;
}

const onPath = (command: string) => () => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const file = (path: string) => () => existsSync(path);

const HELM_RENDER = 'the Helm chart rendered without helm (test/dist/helm-render)';
const CONTAINER = 'the container stage (docker/test/container-e2e.sh)';

export const REQUIREMENTS: Requirement[] = [
  { pkg: 'chromium', why: 'the browser tests (test/web)', present: file('/usr/bin/chromium'), skipVar: 'TRASEALLA_SKIP_BROWSER' },
  {
    pkg: 'docker-compose',
    why: 'the compose file check (docker-compose config)',
    present: onPath('docker-compose'),
    skipVar: 'TRASEALLA_SKIP_COMPOSE',
  },
  { pkg: 'golang-go', why: HELM_RENDER, present: onPath('go'), skipVar: 'TRASEALLA_SKIP_HELM_RENDER' },
  {
    pkg: 'golang-github-masterminds-sprig-dev',
    why: HELM_RENDER,
    present: file('/usr/share/gocode/src/github.com/Masterminds/sprig/functions.go'),
    skipVar: 'TRASEALLA_SKIP_HELM_RENDER',
  },
  {
    pkg: 'golang-k8s-sigs-yaml-dev',
    why: HELM_RENDER,
    present: file('/usr/share/gocode/src/sigs.k8s.io/yaml/yaml.go'),
    skipVar: 'TRASEALLA_SKIP_HELM_RENDER',
  },
  {
    pkg: 'postgresql',
    why: 'the PostgreSQL suites (a throw-away cluster, test/helpers/postgres.ts)',
    present: () => postgresBinDir() !== null,
    skipVar: 'TRASEALLA_SKIP_POSTGRES',
  },
  { pkg: 'podman', why: CONTAINER, present: onPath('podman'), skipVar: 'TRASEALLA_SKIP_CONTAINER' },
  { pkg: 'runc', why: CONTAINER, present: onPath('runc'), skipVar: 'TRASEALLA_SKIP_CONTAINER' },
  { pkg: 'podman-compose', why: CONTAINER, present: onPath('podman-compose'), skipVar: 'TRASEALLA_SKIP_CONTAINER' },
  { pkg: 'debootstrap', why: CONTAINER, present: onPath('debootstrap'), skipVar: 'TRASEALLA_SKIP_CONTAINER' },
  {
    pkg: 'golang-github-containernetworking-plugin-dnsname',
    why: CONTAINER,
    present: file('/usr/lib/cni/dnsname'),
    skipVar: 'TRASEALLA_SKIP_CONTAINER',
  },
];

export function skippedOnPurpose(req: Requirement, env: NodeJS.ProcessEnv = process.env): boolean {
  return env[req.skipVar] === '1';
}

/**
 * The requirements that are missing and whose suites are not skipped on purpose.
 * TRASEALLA_TEST_REQUIRE_FILE adds one that only that file satisfies: the tests of this very
 * check use it, since on a machine that has everything nothing else would be missing.
 */
export function missingRequirements(env: NodeJS.ProcessEnv = process.env): Requirement[] {
  const extra = env.TRASEALLA_TEST_REQUIRE_FILE;
  const all = extra
    ? [
        ...REQUIREMENTS,
        {
          pkg: 'trasealla-test-requirement',
          why: 'the test of this check',
          present: file(extra),
          skipVar: 'TRASEALLA_SKIP_TEST_REQUIREMENT',
        },
      ]
    : REQUIREMENTS;
  return all.filter((req) => !skippedOnPurpose(req, env) && !req.present());
}

export function installCommand(missing: Requirement[]): string {
  return `apt-get install -y --no-install-recommends ${[...new Set(missing.map((r) => r.pkg))].join(' ')}`;
}

export function canInstall(): boolean {
  return process.getuid?.() === 0 && existsSync('/etc/debian_version') && onPath('apt-get')();
}
