import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devSigningKeyPair } from '../../licensing/key/dev-keypair';
import { generateOperatorToken, hashOperatorToken } from '../../licensing/service/operator-token';
import { serializeSigningKey } from '../../licensing/service/signing-key-file';
import { spawnService } from '../licensing/helpers/service-process';
import { OperatorClient } from '../licensing/helpers/operator-client';

/**
 * The real license service process, signing with the development key pair: the key every
 * non-production CRM build trusts, so a CRM under test believes its answers like a customer's
 * CRM believes Trasealla's.
 */
export async function startDevLicenseService() {
  const dir = mkdtempSync(join(tmpdir(), 'tras-license-dev-'));
  const keyFile = join(dir, 'signing-key.json');
  writeFileSync(keyFile, serializeSigningKey(devSigningKeyPair()), { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  const token = generateOperatorToken();
  const child = spawnService({
    LICENSE_SERVICE_PORT: '0',
    LICENSE_SERVICE_HOST: '127.0.0.1',
    LICENSE_DB_PATH: join(dir, 'licenses.db'),
    LICENSE_SIGNING_KEY_FILE: keyFile,
    LICENSE_OPERATOR_TOKEN_HASH: hashOperatorToken(token),
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start:\n${out}`)), 20_000);
    child.stdout!.on('data', () => {
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)".*"msg":"license service listening"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`service exited with ${code}:\n${out}`)));
  });
  const op = new OperatorClient(url, token);
  return {
    url,
    op,
    /** Issues an online key (7-day checks, 14 days' grace) and returns its id and text. */
    async issue(overrides: Record<string, unknown> = {}): Promise<{ id: string; key: string }> {
      const res = await op.issue({ customer: 'Acme Health', maxUsers: 20, maxTenants: 3, features: ['api'], ...overrides });
      if (res.status !== 201) throw new Error(`issue failed: ${JSON.stringify(res.json)}`);
      return { id: res.json.id, key: res.json.key };
    },
    async stop() {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type DevLicenseService = Awaited<ReturnType<typeof startDevLicenseService>>;
