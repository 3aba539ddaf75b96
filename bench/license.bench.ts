/**
 * License benchmarks, bounded in time and on loopback only:
 *   1. Ed25519 on the key vectors: tweetnacl vs node:crypto (verify and sign), ratio printed.
 *   2. Full verifyKey() (parse, checksum, decode, tweetnacl verify).
 *   3. POST /v1/licenses/validate against the spawned service with autocannon (p50/p99).
 * Run: npx tsx bench/license.bench.ts   (BENCH_SECONDS=2 by default per measurement)
 */
import { spawn } from 'node:child_process';
import { createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import nacl from 'tweetnacl';
import { decodeCrockford, generateSigningKeyPair, signKey, trustedKeySetOf, verifyKey, type LicenseTerms } from '../licensing/key';
import { nodePrivateKey } from '../licensing/service/node-signer';
import { generateOperatorToken, hashOperatorToken } from '../licensing/service/operator-token';
import { serializeSigningKey } from '../licensing/service/signing-key-file';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const pair = generateSigningKeyPair();
const root = new URL('../', import.meta.url).pathname;

/** Runs fn over the items in a loop for SECONDS; returns operations per second. */
function opsPerSecond<T>(items: T[], fn: (item: T) => unknown): number {
  // Warm up first so the JIT has compiled both libraries before the clock starts.
  const warm = performance.now() + 300;
  while (performance.now() < warm) for (const item of items) fn(item);
  const end = performance.now() + SECONDS * 1000;
  let n = 0;
  const started = performance.now();
  while (performance.now() < end) {
    for (const item of items) fn(item);
    n += items.length;
  }
  return n / ((performance.now() - started) / 1000);
}

// The same vectors for both libraries: 32 keys, their signed messages and signatures.
const keys = Array.from({ length: 32 }, (_, i) => {
  const terms: LicenseTerms = {
    formatVersion: 1,
    keyId: pair.keyId,
    licenseId: `lic_${String(i).padStart(16, '0')}`,
    customer: `Bench Customer ${i}`,
    tier: 'ENT',
    maxUsers: 100 + i,
    maxTenants: 3,
    features: ['api', 'sso'],
    issuedAt: new Date('2026-01-01T00:00:00Z'),
    expiresAt: new Date('2030-01-01T00:00:00Z'),
    policy: { mode: 'online', checkIntervalDays: 7, graceDays: 14 },
  };
  return signKey(terms, pair);
});
const vectors = keys.map((key) => {
  const body = decodeCrockford(key.slice('TRAS-ENT-'.length).replaceAll('-', ''));
  if (!body.ok) throw new Error('vector does not decode');
  const data = body.bytes.subarray(0, body.bytes.length - 2);
  const payload = data.subarray(0, data.length - 64);
  const head = new TextEncoder().encode('TRAS license key v1\0ENT\0');
  const message = new Uint8Array(head.length + payload.length);
  message.set(head);
  message.set(payload, head.length);
  return { message, signature: data.subarray(data.length - 64) };
});
const nodePublic = createPublicKey({
  key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), pair.publicKey]),
  format: 'der',
  type: 'spki',
});
const nodePrivate = nodePrivateKey(pair.seed);
// Both libraries must agree on every vector before timing means anything.
for (const v of vectors) {
  if (!nacl.sign.detached.verify(v.message, v.signature, pair.publicKey)) throw new Error('tweetnacl refuses a vector');
  if (!nodeVerify(null, v.message, nodePublic, v.signature)) throw new Error('node:crypto refuses a vector');
  if (!Buffer.from(nodeSign(null, v.message, nodePrivate)).equals(Buffer.from(v.signature))) throw new Error('signatures differ');
}

const rows: [string, string, string][] = [];
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const naclVerify = opsPerSecond(vectors, (v) => nacl.sign.detached.verify(v.message, v.signature, pair.publicKey));
const cryptoVerify = opsPerSecond(vectors, (v) => nodeVerify(null, v.message, nodePublic, v.signature));
rows.push(['Ed25519 verify, tweetnacl', `${fmt(naclVerify)} /s`, '']);
rows.push(['Ed25519 verify, node:crypto', `${fmt(cryptoVerify)} /s`, `${(cryptoVerify / naclVerify).toFixed(1)}x tweetnacl`]);
const naclSign = opsPerSecond(vectors, (v) => nacl.sign.detached(v.message, pair.secretKey));
const cryptoSign = opsPerSecond(vectors, (v) => nodeSign(null, v.message, nodePrivate));
rows.push(['Ed25519 sign, tweetnacl', `${fmt(naclSign)} /s`, '']);
rows.push(['Ed25519 sign, node:crypto', `${fmt(cryptoSign)} /s`, `${(cryptoSign / naclSign).toFixed(1)}x tweetnacl`]);
const trusted = trustedKeySetOf(pair.publicKey);
const now = new Date('2027-01-01T00:00:00Z');
rows.push(['verifyKey() full path (tweetnacl)', `${fmt(opsPerSecond(keys, (k) => verifyKey(k, { trustedKeys: trusted, now })))} /s`, '']);
const typo = keys.map((k) => k.slice(0, 40) + (k[40] === 'A' ? 'B' : 'A') + k.slice(41));
rows.push([
  'verifyKey() on a typo (checksum only)',
  `${fmt(opsPerSecond(typo, (k) => verifyKey(k, { trustedKeys: trusted, now })))} /s`,
  '',
]);

// --- the service under load -------------------------------------------------------------
async function benchService(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tras-license-bench-'));
  const keyFile = join(dir, 'key.json');
  writeFileSync(keyFile, serializeSigningKey(pair), { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  const token = generateOperatorToken();
  const child = spawn(process.execPath, ['--import', 'tsx', 'licensing/service/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      LICENSE_SERVICE_PORT: '0',
      LICENSE_SERVICE_HOST: '127.0.0.1',
      LICENSE_DB_PATH: join(dir, 'db.sqlite'),
      LICENSE_SIGNING_KEY_FILE: keyFile,
      LICENSE_OPERATOR_TOKEN_HASH: hashOperatorToken(token),
      LICENSE_RATE_LIMIT_PER_LICENSE: '100000000',
      LICENSE_RATE_LIMIT_PER_ADDRESS: '100000000',
      // Logs stay on (info, one JSON line per request, drained below): that is what production pays.
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`service did not start: ${out}`)), 20_000);
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
        if (m) {
          clearTimeout(timer);
          out = '';
          resolve(m[1]!);
        }
        if (out.length > 1_000_000) out = '';
      });
    });
    const issued = await fetch(`${url}/v1/licenses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        customer: 'Bench Co',
        tier: 'ENT',
        maxUsers: 100,
        maxTenants: 5,
        features: [],
        expiresAt: null,
        policy: { mode: 'online', checkIntervalDays: 1, graceDays: 7 },
      }),
    }).then((r) => r.json() as Promise<{ id: string }>);
    const body = JSON.stringify({
      licenseId: issued.id,
      instanceId: 'ins_bench',
      activeUsers: 10,
      tenants: 1,
      version: '0.1.0',
      nonce: 'bench-nonce-0123456789',
    });
    const result = await autocannon({
      url: `${url}/v1/licenses/validate`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      connections: 10,
      duration: Math.max(3, SECONDS * 2),
    });
    const ok = result['2xx'];
    rows.push([
      'POST /v1/licenses/validate (10 conns)',
      `${fmt(result.requests.average)} req/s`,
      `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${ok}/${result.requests.total} 2xx`,
    ]);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

await benchService();

const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['measurement', 'rate', 'notes'][i]!.length));
const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(`\nTRAS license benchmarks (Node ${process.version}, ${SECONDS} s per measurement)\n`);
console.log(line(['measurement', 'rate', 'notes']));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
console.log('\nHot paths: the CRM verifies keys with tweetnacl (a few per day); the service signs answers with node:crypto.');
