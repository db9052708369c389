import { createLocalJWKSet, createRemoteJWKSet, errors, JWK, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { UnauthorizedError } from '../errors';
import { Principal, ROLES } from './principal';
import { ACCESS_TOKEN_ALGORITHM } from './signing-key-ring';
import { localized } from '@itsm/contracts';

export interface TokenVerifierOptions {
  issuer: string;
  /** This service's audience; a token for another audience is refused. */
  audience: string;
  /** The issuer's JWKS URL (services), or the key set itself (the issuer, tests). */
  jwks: URL | { keys: JWK[] } | (() => { keys: JWK[] });
  clockToleranceSeconds?: number;
  /** Clock for the verified-token cache (tests). */
  now?: () => number;
}

/**
 * Verified tokens are remembered for a minute at most (and never past their expiry), by their
 * exact text: a caller sends the same token with every request for its lifetime, and checking its
 * ES256 signature each time was the largest single cost of a request at the gateway and again in
 * the service. A key withdrawn from the JWKS stops the tokens it signed within that minute, well
 * inside the 10 minutes services keep the JWKS itself (a key set in this process, the gateway's,
 * is asked at every use).
 */
const VERIFIED_TOKEN_TTL_MS = 60_000;
const VERIFIED_TOKENS_KEPT = 10_000;

const ClaimsSchema = z.object({
  sub: z.string().min(1).max(200),
  jti: z.string().max(200).optional(),
  roles: z.array(z.enum(ROLES)).max(20),
  departments: z.array(z.string().min(1).max(100)).max(200).default([]),
  scopes: z.array(z.string().min(1).max(200)).max(100).default([]),
});

/**
 * Verifies our access tokens in every service (the gateway is not a trust boundary): signature
 * against the issuer's published keys, the one allowed algorithm, issuer, audience, expiry, type.
 * `alg: none`, HMAC tricks with the public key and unknown keys are refused by construction.
 */
export class TokenVerifier {
  private readonly keys: JWTVerifyGetKey;
  private readonly verified = new Map<string, { principal: Principal; until: number; kid: string | undefined }>();
  private readonly now: () => number;
  /** Whether a key still verifies: known for a key set in this process, trusted for a minute for a remote one. */
  private readonly published: (kid: string | undefined) => boolean = () => true;

  constructor(private readonly options: TokenVerifierOptions) {
    const { jwks } = options;
    this.now = options.now ?? Date.now;
    if (jwks instanceof URL) {
      this.keys = createRemoteJWKSet(jwks, { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
    } else if (typeof jwks === 'function') {
      // Re-read on each verification, so keys rotated in-process are seen at once; the imported
      // keys are kept while the set's key ids (thumbprints of the keys) stay the same.
      let cached: { kids: string; keys: JWTVerifyGetKey } | undefined;
      this.published = (kid) => jwks().keys.some((k) => k.kid === kid);
      this.keys = (header, token) => {
        const set = jwks();
        const kids = set.keys.map((k) => k.kid).join(' ');
        if (cached?.kids !== kids) cached = { kids, keys: createLocalJWKSet(set) };
        return cached.keys(header, token);
      };
    } else {
      this.keys = createLocalJWKSet(jwks);
    }
  }

  async verify(token: string): Promise<Principal> {
    const now = this.now();
    const known = this.verified.get(token);
    if (known !== undefined) {
      if (now < known.until && this.published(known.kid)) return known.principal;
      this.verified.delete(token);
    }
    let payload: JWTPayload;
    let kid: string | undefined;
    try {
      ({
        payload,
        protectedHeader: { kid },
      } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: [ACCESS_TOKEN_ALGORITHM],
        typ: 'at+jwt',
        requiredClaims: ['sub', 'exp', 'iat'],
        clockTolerance: this.options.clockToleranceSeconds ?? 5,
        currentDate: new Date(now),
      }));
    } catch (err) {
      throw refusal(err);
    }
    const claims = ClaimsSchema.safeParse(payload);
    if (!claims.success)
      throw new UnauthorizedError(
        'auth.token.claims_invalid',
        localized('the token does not carry valid roles and departments', '令牌中的角色和部门无效'),
      );
    // Shared by every request carrying this token: frozen, so no caller can change another's.
    const principal: Principal = Object.freeze({
      subject: claims.data.sub,
      roles: Object.freeze(claims.data.roles) as Principal['roles'],
      departments: Object.freeze(claims.data.departments) as Principal['departments'],
      scopes: Object.freeze(claims.data.scopes) as Principal['scopes'],
      tokenId: claims.data.jti,
    });
    // Oldest first out when full (a Map iterates in insertion order).
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, {
      principal,
      until: Math.min(now + VERIFIED_TOKEN_TTL_MS, (payload.exp ?? 0) * 1000),
      kid,
    });
    return principal;
  }
}

/** Each refusal has its own code, so clients and logs can tell an expired token from a forged one. */
function refusal(err: unknown): UnauthorizedError {
  if (err instanceof errors.JWTExpired)
    return new UnauthorizedError('auth.token.expired', localized('the access token has expired', '访问令牌已过期'));
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'iss')
      return new UnauthorizedError(
        'auth.token.wrong_issuer',
        localized('the token was not issued by this platform', '令牌不是由本平台签发的'),
      );
    if (err.claim === 'aud')
      return new UnauthorizedError(
        'auth.token.wrong_audience',
        localized('the token is not meant for this service', '令牌不是发给本服务的'),
      );
    return new UnauthorizedError(
      'auth.token.claims_invalid',
      localized(`the token's '${err.claim}' claim is not acceptable`, `令牌的「${err.claim}」声明不可接受`),
    );
  }
  if (err instanceof errors.JOSEAlgNotAllowed)
    return new UnauthorizedError(
      'auth.token.algorithm_not_allowed',
      localized(`only ${ACCESS_TOKEN_ALGORITHM} tokens are accepted`, `只接受 ${ACCESS_TOKEN_ALGORITHM} 签名的令牌`),
    );
  if (err instanceof errors.JWSSignatureVerificationFailed)
    return new UnauthorizedError(
      'auth.token.bad_signature',
      localized('the token signature does not verify', '令牌签名验证失败'),
    );
  if (err instanceof errors.JWKSNoMatchingKey)
    return new UnauthorizedError(
      'auth.token.unknown_key',
      localized('the token was signed with a key this platform does not publish', '令牌所用的签名密钥不是本平台发布的'),
    );
  return new UnauthorizedError('auth.token.malformed', localized('the access token is malformed', '访问令牌格式错误'));
}
