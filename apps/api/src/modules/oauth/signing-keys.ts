import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomToken } from '@portal/crypto';
import { type CryptoKey, createLocalJWKSet, exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { API_ENV } from '../../config/config.module';
import type { ApiEnv, SigningJwk } from '../../config/env';

type Alg = SigningJwk['alg'];

// RFC 9068's media type for JWT access tokens: a token is never mistaken for another kind of JWT signed by the same keys.
const TOKEN_TYPE = 'at+jwt';

/**
 * The access tokens' signing keys (OAUTH_SIGNING_KEYS, or one made at boot
 * outside production): the first signs, every key verifies, and the public
 * halves are the JWK set published for clients that verify tokens
 * themselves. Verification goes through the same JWK set as the published one.
 */
@Injectable()
export class SigningKeys implements OnModuleInit {
  private signer!: { kid: string; alg: Alg; key: CryptoKey };
  private publicJwks!: JWK[];
  private verifyKey!: ReturnType<typeof createLocalJWKSet>;

  constructor(@Inject(API_ENV) private readonly env: ApiEnv) {}

  async onModuleInit(): Promise<void> {
    const keys = this.env.OAUTH_SIGNING_KEYS ?? [await ephemeralKey()];
    const first = keys[0]!;
    this.signer = { kid: first.kid, alg: first.alg, key: (await importJWK(first, first.alg)) as CryptoKey };
    this.publicJwks = keys.map(({ d: _private, ...pub }) => ({ ...pub, use: 'sig' }) as JWK);
    this.verifyKey = createLocalJWKSet({ keys: this.publicJwks });
  }

  jwks(): { keys: JWK[] } {
    return { keys: this.publicJwks };
  }

  /** A signed token; `iat`, `exp` and `jti` are set here. */
  sign(claims: JWTPayload & { sub: string }, ttlSeconds: number, now: Date): Promise<string> {
    const iat = Math.floor(now.getTime() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: this.signer.alg, kid: this.signer.kid, typ: TOKEN_TYPE })
      .setIssuer(this.issuer())
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttlSeconds)
      .setJti(randomToken(16))
      .sign(this.signer.key);
  }

  /** The claims of a token signed by one of the keys, of this issuer and not expired; throws otherwise. */
  async verify(token: string, now: Date): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.verifyKey, {
      issuer: this.issuer(),
      typ: TOKEN_TYPE,
      algorithms: ['ES256', 'EdDSA'],
      currentDate: now,
      requiredClaims: ['sub', 'exp', 'iat', 'jti'],
    });
    return payload;
  }

  issuer(): string {
    return new URL(this.env.PUBLIC_BASE_URL).origin;
  }
}

async function ephemeralKey(): Promise<SigningJwk> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: `dev-${randomToken(6)}`, alg: 'ES256', d: jwk.d! };
}
