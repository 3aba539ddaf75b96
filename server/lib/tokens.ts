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

export async function signAccessToken(key: Uint8Array, claims: { sub: string; tid: string; sid: string }, now: Date, expiresAt: Date): Promise<string> {
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

/** HS256 only: `alg: none` and every other algorithm are refused before the signature is looked at. */
export async function verifyAccessToken(key: Uint8Array, token: string, now: Date): Promise<VerifyResult> {
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
