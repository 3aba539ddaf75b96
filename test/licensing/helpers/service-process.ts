import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKeyPair, type SigningKeyPair } from '../../../licensing/key';
import { generateOperatorToken, hashOperatorToken } from '../../../licensing/service/operator-token';
import { serializeSigningKey } from '../../../licensing/service/signing-key-file';

export const REPO_ROOT = new URL('../../../', import.meta.url).pathname;

export interface ServiceProcess {
  url: string;
  token: string;
  pair: SigningKeyPair;
  dir: string;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  stop(): Promise<number | null>;
}

/**
 * Spawns the real license service (`node --import tsx licensing/service/main.ts`) on a free
 * loopback port with its own temp database and a fresh signing key file (mode 0600).
 */
export async function startServiceProcess(
  extraEnv: Record<string, string> = {},
  pair: SigningKeyPair = generateSigningKeyPair(),
): Promise<ServiceProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'tras-license-svc-'));
  const keyFile = join(dir, 'signing-key.json');
  writeFileSync(keyFile, serializeSigningKey(pair), { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  const token = generateOperatorToken();
  const child = spawnService({
    LICENSE_SERVICE_PORT: '0',
    LICENSE_SERVICE_HOST: '127.0.0.1',
    LICENSE_DB_PATH: join(dir, 'licenses.db'),
    LICENSE_SIGNING_KEY_FILE: keyFile,
    LICENSE_OPERATOR_TOKEN_HASH: hashOperatorToken(token),
    ...extraEnv,
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start:\n${out}`)), 20_000);
    const check = () => {
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)".*"msg":"license service listening"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    token,
    pair,
    dir,
    output: () => out,
    stop: () => stopChild(child, dir),
  };
}

export function spawnService(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'licensing/service/main.ts'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function stopChild(child: ChildProcess, dir: string): Promise<number | null> {
  const code = await new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (c) => resolve(c));
    child.kill('SIGTERM');
  });
  rmSync(dir, { recursive: true, force: true });
  return code;
}
