import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, JWK, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { AccessTokenClaims } from './principal';

export const ACCESS_TOKEN_ALGORITHM = 'ES256';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

interface RingKey {
  kid: string;
  privateKey: PrivateKey;
  publicJwk: JWK;
  createdAt: Date;
}

/** A key pair as stored between restarts (the private half stays in the gateway's database). */
export interface StoredSigningKey {
  kid: string;
  privateJwk: JWK;
  createdAt: string;
}

export interface SignOptions {
  issuer: string;
  audience: string | string[];
  subject: string;
  expiresInSeconds: number;
}

/**
 * The issuer's signing keys. Rotation without downtime: a new key signs from the moment it is
 * added, the previous ones stay published in the JWKS until every token they signed has expired,
 * then they are retired.
 */
export class SigningKeyRing {
  private keys: RingKey[] = [];

  static async generate(): Promise<SigningKeyRing> {
    const ring = new SigningKeyRing();
    await ring.rotate();
    return ring;
  }

  static async restore(stored: StoredSigningKey[]): Promise<SigningKeyRing> {
    const ring = new SigningKeyRing();
    for (const key of stored) {
      const privateKey = (await importJWK(key.privateJwk, ACCESS_TOKEN_ALGORITHM)) as PrivateKey;
      const { d: _private, ...publicJwk } = key.privateJwk;
      ring.keys.push({
        kid: key.kid,
        privateKey,
        publicJwk: { ...publicJwk, kid: key.kid, alg: ACCESS_TOKEN_ALGORITHM, use: 'sig' },
        createdAt: new Date(key.createdAt),
      });
    }
    if (ring.keys.length === 0) await ring.rotate();
    return ring;
  }

  /** Adds a new current key and returns its id; older keys keep verifying until retired. */
  async rotate(): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair(ACCESS_TOKEN_ALGORITHM, { extractable: true });
    const jwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(jwk);
    this.keys.push({
      kid,
      privateKey,
      publicJwk: { ...jwk, kid, alg: ACCESS_TOKEN_ALGORITHM, use: 'sig' },
      createdAt: new Date(),
    });
    return kid;
  }

  /** Stops publishing keys other than the current one that were created before `before`. */
  retire(before: Date): string[] {
    const current = this.current;
    const retired = this.keys.filter((k) => k !== current && k.createdAt < before).map((k) => k.kid);
    this.keys = this.keys.filter((k) => !retired.includes(k.kid));
    return retired;
  }

  /** The public keys, as served at `/.well-known/jwks.json`. */
  jwks(): { keys: JWK[] } {
    return { keys: this.keys.map((k) => k.publicJwk) };
  }

  async export(): Promise<StoredSigningKey[]> {
    return Promise.all(
      this.keys.map(async (k) => ({
        kid: k.kid,
        privateJwk: await exportJWK(k.privateKey),
        createdAt: k.createdAt.toISOString(),
      })),
    );
  }

  async sign(claims: AccessTokenClaims, options: SignOptions): Promise<string> {
    const key = this.current;
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, kid: key.kid, typ: 'at+jwt' })
      .setIssuer(options.issuer)
      .setAudience(options.audience)
      .setSubject(options.subject)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(`${options.expiresInSeconds}s`)
      .sign(key.privateKey);
  }

  private get current(): RingKey {
    const key = this.keys[this.keys.length - 1];
    if (!key) throw new Error('the signing key ring is empty');
    return key;
  }
}
