import { randomUUID } from 'node:crypto';
import { errors, type FlattenedJWSInput, type JWTHeaderParameters, jwtVerify, SignJWT } from 'jose';
import type { SigningKeys } from './signing-keys.ts';

export const ACCESS_TOKEN_AUDIENCE = 'foyer';

export interface AccessClaims {
  userId: string;
  sessionId: string;
  platformRole: 'admin' | 'user';
}

/**
 * Short-lived access tokens (JWT, EdDSA or ES256, `kid` in the header).
 * Verification accepts only those algorithms, this issuer and audience,
 * and a key Foyer published; `alg: none` and foreign keys are refused.
 */
export class AccessTokens {
  constructor(
    private readonly keys: SigningKeys,
    private readonly issuer: string,
    readonly ttlSeconds: number,
  ) {}

  async issue(claims: AccessClaims): Promise<string> {
    const key = await this.keys.signer();
    return new SignJWT({ sid: claims.sessionId, role: claims.platformRole })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
      .setIssuer(this.issuer)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setSubject(claims.userId)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .setJti(randomUUID())
      .sign(key.privateKey!);
  }

  /** The claims of a valid token, or null for anything else. */
  async verify(token: string): Promise<AccessClaims | null> {
    try {
      const { payload } = await jwtVerify(
        token,
        async (header: JWTHeaderParameters, _token: FlattenedJWSInput) => {
          const key = header.kid ? await this.keys.publicKey(header.kid) : null;
          if (!key || key.alg !== header.alg) throw new errors.JWKSNoMatchingKey();
          return key.publicKey;
        },
        { issuer: this.issuer, audience: ACCESS_TOKEN_AUDIENCE, algorithms: ['EdDSA', 'ES256'], typ: 'at+jwt' },
      );
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return null;
      return {
        userId: payload.sub,
        sessionId: payload.sid,
        platformRole: payload.role === 'admin' ? 'admin' : 'user',
      };
    } catch {
      return null;
    }
  }
}
