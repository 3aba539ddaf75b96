import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));

// N=2^15, r=8: 32 MiB and about 50-100 ms per hash on a server core (OWASP's scrypt floor is N=2^17 at
// r=8,p=1 for interactive logins on fast hardware; 2^15 keeps the login rate limit meaningful on 2 cores).
const PARAMS = { N: 1 << 15, r: 8, p: 1, keylen: 32 };

/** `scrypt$N$r$p$salt$hash`, so parameters can be raised later without breaking stored hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, PARAMS.keylen, { N: PARAMS.N, r: PARAMS.r, p: PARAMS.p, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 256 * 1024 * 1024,
  });
  return timingSafeEqual(key, expected);
}

/** Spent on unknown emails so response time does not reveal which addresses have accounts. */
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await dummyHash);
}

const COMMON = new Set([
  'password',
  'password1',
  'password123',
  '12345678',
  '123456789',
  '1234567890',
  'qwertyuiop',
  'letmein123',
  'welcome123',
  'iloveyou1',
  'admin12345',
  'trasealla',
  'trasealla1',
  'changeme123',
  'qwerty1234',
  'abc1234567',
]);

/**
 * The password policy: at least 10 characters, a letter and a non-letter,
 * not a well-known password, not the email address. Returns the reason it
 * fails, or null when it passes.
 */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < 10) return 'Use at least 10 characters.';
  if (password.length > 200) return 'Use at most 200 characters.';
  if (!/\p{L}/u.test(password) || !/[^\p{L}]/u.test(password)) return 'Mix letters with digits or symbols.';
  if (new Set(password).size < 4) return 'Use more varied characters.';
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'That password is too common.';
  const local = email?.toLowerCase().split('@')[0];
  if (email && (lower === email.toLowerCase() || (local && local.length >= 4 && lower.includes(local))))
    return 'Do not use your email address in the password.';
  return null;
}
