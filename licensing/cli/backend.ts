/**
 * Where tras-license sends its requests. Remote mode: the license service over HTTP with the
 * operator token. Local mode: the very same Hono app, in process, over a local database file
 * and the private key file, so a laptop with no network behaves exactly like the service.
 */
import { Option, type Command } from 'commander';
import { userInfo } from 'node:os';
import { createLogger } from '../../platform/logger';
import { createLicenseServiceApp } from '../service/app';
import { openLicenseDatabase } from '../service/db/open-database';
import { nodeSigner } from '../service/node-signer';
import { generateOperatorToken, hashOperatorToken } from '../service/operator-token';
import { readSigningKeyFile, SigningKeyError } from '../service/signing-key-file';
import { CliError, EXIT, type ExitCode } from './exit-codes';

export interface BackendOptions {
  db: string;
  keyFile?: string;
  server?: string;
  token?: string;
}

export function addBackendOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--db <path>', 'local mode: the license database file').env('TRAS_LICENSE_DB').default('./tras-license.db'))
    .addOption(new Option('--key-file <path>', 'local mode: the private signing key file (mode 0600)').env('TRAS_LICENSE_KEY_FILE'))
    .addOption(new Option('--server <url>', 'remote mode: the license service URL').env('TRAS_LICENSE_SERVER'))
    .addOption(new Option('--token <token>', 'remote mode: the operator token').env('TRAS_LICENSE_TOKEN'));
}

export interface Backend {
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  close(): void;
}

function exitCodeFor(status: number): ExitCode {
  if (status === 401 || status === 403) return EXIT.UNAUTHORIZED;
  if (status === 404) return EXIT.NOT_FOUND;
  if (status === 409) return EXIT.CONFLICT;
  if (status === 400 || status === 413 || status === 415 || status === 422) return EXIT.USAGE;
  if (status === 429 || status >= 500) return EXIT.UNREACHABLE;
  return EXIT.UNEXPECTED;
}

async function toResult<T>(res: Response): Promise<T> {
  const text = await res.text();
  let body: { error?: { message?: string; details?: { fields?: { path: string; message: string }[] } } } | undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    throw new CliError(`The license service answered HTTP ${res.status} with something that is not JSON.`, EXIT.UNREACHABLE);
  }
  if (res.ok) return body as T;
  const error = body?.error;
  const fields: { path: string; message: string }[] = error?.details?.fields ?? [];
  const detail = fields.length ? `\n${fields.map((f) => `  ${f.path}: ${f.message}`).join('\n')}` : '';
  throw new CliError(`${error?.message ?? `HTTP ${res.status}`}${detail}`, exitCodeFor(res.status));
}

/** Opens the backend the options select; `needsKey` for commands that sign (issue, renew). */
export function openBackend(opts: BackendOptions, needsKey: boolean): Backend {
  if (opts.server) {
    if (!opts.token) throw new CliError('Remote mode needs the operator token: --token or TRAS_LICENSE_TOKEN.', EXIT.USAGE);
    const base = opts.server.replace(/\/+$/, '');
    const token = opts.token;
    return {
      async request(method, path, body) {
        let res: Response;
        try {
          res = await fetch(`${base}${path}`, {
            method,
            headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
            body: body === undefined ? null : JSON.stringify(body),
            signal: AbortSignal.timeout(30_000),
          });
        } catch (e) {
          const cause = (e as { cause?: { code?: string } }).cause?.code;
          throw new CliError(`Cannot reach the license service at ${base}${cause ? ` (${cause})` : ''}.`, EXIT.UNREACHABLE);
        }
        return toResult(res);
      },
      close() {},
    };
  }
  let signer;
  if (opts.keyFile) {
    try {
      signer = nodeSigner(readSigningKeyFile(opts.keyFile));
    } catch (e) {
      if (e instanceof SigningKeyError) throw new CliError(e.message, EXIT.SIGNING_KEY);
      throw e;
    }
  } else if (needsKey) {
    throw new CliError(
      'Signing needs the private key: --key-file or TRAS_LICENSE_KEY_FILE (create one with tras-license keygen).',
      EXIT.SIGNING_KEY,
    );
  }
  const database = openLicenseDatabase(opts.db);
  // A throwaway token: local mode authorizes by having the files, not by a token.
  const token = generateOperatorToken();
  const app = createLicenseServiceApp({
    db: database.db,
    signer,
    operatorTokenHash: hashOperatorToken(token),
    logger: createLogger({ level: 'silent' }),
    actorLabel: `cli:${safeUser()}`,
  });
  return {
    async request(method, path, body) {
      const res = await app.request(path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? null : JSON.stringify(body),
      });
      return toResult(res);
    },
    close: () => database.close(),
  };
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Runs `fn` with a backend and always closes it. */
export async function withBackend<T>(opts: BackendOptions, needsKey: boolean, fn: (b: Backend) => Promise<T>): Promise<T> {
  const backend = openBackend(opts, needsKey);
  try {
    return await fn(backend);
  } finally {
    backend.close();
  }
}
