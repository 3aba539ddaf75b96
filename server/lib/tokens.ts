import { errors, jwtVerify, SignJWT } from 'jose';

const ISSUER = 'trasealla-crm';
const AUDIENCE = 'trasealla-api';

export interface TokenClaims {
  /** user id */
  sub: string;
  /** tenant id */
  tid: string;
  /** session id: signing out revokes it server-side */
  sid: string;
  exp: number;
  iat: number;
}

export async function signAccessToken(
  key: Uint8Array,
  claims: { sub: string; tid: string; sid: string },
  now: Date,
  expiresAt: Date,
): Promise<string> {
  return new SignJWT({ tid: claims.tid, sid: claims.sid })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key);
}

export type VerifyResult = { ok: true; claims: TokenClaims } | { ok: false; reason: 'expired' | 'invalid' };

/**
 * Tokens whose signature already checked out, by exact text, until they
 * expire. A browser or integration sends the same token many times; WebCrypto
 * HMAC runs on the thread pool and costs more than the rest of a request.
 * Any changed character is a different key here, so tampering still meets
 * the full check; the session behind the token is re-read on every request.
 */
const verified = new Map<string, { key: Uint8Array; claims: TokenClaims }>();
const VERIFIED_MAX = 10_000;

/** HS256 only: `alg: none` and every other algorithm are refused before the signature is looked at. */
export async function verifyAccessToken(key: Uint8Array, token: string, now: Date): Promise<VerifyResult> {
  const hit = verified.get(token);
  if (hit && hit.key === key) {
    if (hit.claims.exp * 1000 > now.getTime()) return { ok: true, claims: hit.claims };
    verified.delete(token);
  }
  const result = await verifyUncached(key, token, now);
  if (result.ok) {
    if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
    verified.set(token, { key, claims: result.claims });
  }
  return result;
}

async function verifyUncached(key: Uint8Array, token: string, now: Date): Promise<VerifyResult> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: now,
      requiredClaims: ['sub', 'tid', 'sid', 'exp', 'iat'],
    });
    if (typeof payload.tid !== 'string' || typeof payload.sid !== 'string') return { ok: false, reason: 'invalid' };
    return { ok: true, claims: payload as unknown as TokenClaims };
  } catch (err) {
    if (err instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
    return { ok: false, reason: 'invalid' };
  }
}
