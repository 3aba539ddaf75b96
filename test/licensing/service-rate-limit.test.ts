import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKeyPair, trustedKeySetOf } from '../../licensing/key';
import { validateLicenseOnline } from '../../licensing/client';
import { serializeSigningKey } from '../../licensing/service/signing-key-file';
import { OperatorClient } from './helpers/operator-client';
import { REPO_ROOT, startServiceProcess, type ServiceProcess } from './helpers/service-process';

let svc: ServiceProcess;
let op: OperatorClient;

beforeAll(async () => {
  svc = await startServiceProcess({ LICENSE_RATE_LIMIT_PER_LICENSE: '3', LICENSE_RATE_LIMIT_PER_ADDRESS: '8' });
  op = new OperatorClient(svc.url, svc.token);
});
afterAll(() => svc?.stop());

const validate = (licenseId: string) =>
  fetch(`${svc.url}/v1/licenses/validate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ licenseId, instanceId: 'ins_rl', activeUsers: 1, tenants: 1, version: '1', nonce: 'abcdefghijklmnopqrstuvwx' }),
  });

describe('validation rate limits', () => {
  it('engages per license, then per address, with 429 and Retry-After; the client reads 429 as unreachable', async () => {
    const a = (await op.issue()).json.id;
    const b = (await op.issue()).json.id;
    const c = (await op.issue()).json.id;
    const statusesA = [];
    for (let i = 0; i < 4; i++) statusesA.push((await validate(a)).status);
    expect(statusesA).toEqual([200, 200, 200, 429]); // license a: 3 allowed per minute
    const limited = await validate(a);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as any).error.code).toBe('RATE_LIMITED');
    // Another license from the same address still gets through until the address quota (8) is spent.
    const statusesB = [];
    for (let i = 0; i < 3; i++) statusesB.push((await validate(b)).status);
    expect(statusesB).toEqual([200, 200, 200]);
    const fromAddress = await validate(c);
    expect(fromAddress.status).toBe(429);
    expect(((await fromAddress.json()) as any).error.message).toContain('from this address');
    const client = await validateLicenseOnline({
      serverUrl: svc.url,
      licenseId: c,
      instanceId: 'ins_rl',
      activeUsers: 1,
      tenants: 1,
      version: '1',
      trustedKeys: trustedKeySetOf(svc.pair.publicKey),
    });
    expect(client).toMatchObject({ kind: 'unreachable', httpStatus: 429 });
  });
});

describe('service configuration', () => {
  function runService(env: Record<string, string>) {
    return new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'licensing/service/main.ts'], {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH ?? '', LICENSE_SERVICE_PORT: '0', LICENSE_SERVICE_HOST: '127.0.0.1', ...env },
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('exit', (code) => resolve({ code, out }));
    });
  }

  it('refuses to start with a signing key file other users can read (exit 2, plain message, no key in it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tras-license-cfg-'));
    try {
      const pair = generateSigningKeyPair();
      const file = join(dir, 'key.json');
      writeFileSync(file, serializeSigningKey(pair));
      chmodSync(file, 0o644);
      const { code, out } = await runService({
        LICENSE_DB_PATH: join(dir, 'db.sqlite'),
        LICENSE_SIGNING_KEY_FILE: file,
        LICENSE_OPERATOR_TOKEN_HASH: 'a'.repeat(64),
      });
      expect(code).toBe(2);
      expect(out).toContain('chmod 600');
      expect(out).not.toContain(Buffer.from(pair.seed).toString('base64'));
      expect(out).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start without an operator token hash (exit 2)', async () => {
    const { code, out } = await runService({ LICENSE_DB_PATH: ':memory:' });
    expect(code).toBe(2);
    expect(out).toContain('LICENSE_OPERATOR_TOKEN_HASH');
  });
});
