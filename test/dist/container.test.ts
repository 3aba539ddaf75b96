import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli-process';
import { skipSuite } from '../helpers/skip';

/*
 * The container stage: docker/test/container-e2e.sh (see its header) builds docker/Dockerfile with
 * podman, brings the compose file up with the license-service profile, activates from .env and
 * interactively, and signs in over HTTP. It needs root and podman; it is one of vitest.config.ts's
 * heavy suites, run one at a time after the others since it takes both cores for minutes.
 */
const SKIP = skipSuite(process.env.TRASEALLA_SKIP_CONTAINER === '1', {
  suite: 'test/dist/container.test.ts',
  reason: 'TRASEALLA_SKIP_CONTAINER=1: the Docker image is not built nor run with podman.',
  allowedBy: 'TRASEALLA_SKIP_CONTAINER',
});

describe.skipIf(SKIP)('the container image and compose file, with podman', () => {
  it('docker/test/container-e2e.sh passes', async () => {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn('bash', ['docker/test/container-e2e.sh'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
      child.on('error', reject);
      child.on('close', resolve);
    });
    expect(code, 'docker/test/container-e2e.sh failed; its output above says where').toBe(0);
  }, 40 * 60_000);
});
