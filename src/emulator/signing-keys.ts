import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK, type JWTPayload, type CryptoKey } from 'jose';

/**
 * The emulated tenant's signing authority: one RS256 key pair, published as a JWKS, that signs both
 * Management API tokens (client-credentials grant) and callers' tokens minted for dev mode and tests.
 * A new process gets new keys, as a tenant rotating keys would.
 */
export class SigningKeys {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    readonly jwks: { keys: JWK[] },
    private readonly kid: string,
  ) {}

  static async create(): Promise<SigningKeys> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = randomUUID();
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
    return new SigningKeys(privateKey, publicKey, { keys: [jwk] }, kid);
  }

  sign(
    payload: JWTPayload,
    options: { issuer: string; audience: string | string[]; subject: string; expiresInSeconds: number },
  ): Promise<string> {
    return (
      new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' })
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setSubject(options.subject)
        .setIssuedAt()
        // A unique id, as Auth0's tokens carry: two grants in the same second must not be the same token.
        .setJti(randomUUID())
        .setExpirationTime(Math.floor(Date.now() / 1000) + options.expiresInSeconds)
        .sign(this.privateKey)
    );
  }

  async verify(token: string, options: { issuer: string; audience: string }): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.publicKey, { ...options, algorithms: ['RS256'] });
    return payload;
  }
}
