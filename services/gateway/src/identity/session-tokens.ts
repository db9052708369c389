import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Role, ROLES } from '@itsm/platform/auth';
import { newId } from '@itsm/platform/database';
import { SigningKeys } from '../signing-key/signing-keys';
import { IDENTITY_SETTINGS, IdentitySettings } from './identity.settings';
import { RefreshToken, refreshTokenHash } from './refresh-token.entity';
import { UserAccount } from './user-account.entity';

/** What a successful login or refresh answers (RFC 6749 §5.1 style, camelCase like the rest of the API). */
export interface SessionTokens {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds the access token is valid. */
  expiresIn: number;
  refreshToken: string;
  /** Seconds the refresh token is valid. */
  refreshExpiresIn: number;
}

export interface IssuedSession {
  tokens: SessionTokens;
  refreshTokenId: string;
}

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** Issues an access token and a refresh token of the given family, in the caller's transaction. */
@Injectable()
export class SessionTokenIssuer {
  constructor(
    private readonly keys: SigningKeys,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
  ) {}

  async issue(m: EntityManager, user: UserAccount, familyId: string, now = new Date()): Promise<IssuedSession> {
    const { issuer, audience, accessTokenTtlSeconds, refreshTokenTtlSeconds } = this.settings;
    const refreshToken = randomBytes(32).toString('base64url');
    const refreshTokenId = newId();
    await m.insert(RefreshToken, {
      id: refreshTokenId,
      userId: user.id,
      tokenHash: refreshTokenHash(refreshToken),
      familyId,
      expiresAt: new Date(now.getTime() + refreshTokenTtlSeconds * 1000),
      revokedAt: null,
      replacedBy: null,
    });
    // Roles are read at each refresh, so a change reaches the user within one access-token lifetime.
    const accessToken = await this.keys.sign(
      { roles: user.roles.filter(isRole), departments: [...user.departments] },
      { issuer, audience, subject: user.id, expiresInSeconds: accessTokenTtlSeconds },
    );
    return {
      refreshTokenId,
      tokens: {
        accessToken,
        tokenType: 'Bearer',
        expiresIn: accessTokenTtlSeconds,
        refreshToken,
        refreshExpiresIn: refreshTokenTtlSeconds,
      },
    };
  }
}

/**
 * Refresh, reuse detection and logout of one family queue on this lock (two 32-bit keys, apart from
 * the single-key locks used elsewhere), so a refresh racing a reuse cannot leave a live token behind.
 */
export async function lockFamily(m: EntityManager, familyId: string): Promise<void> {
  await m.query("select pg_advisory_xact_lock(hashtext('itsm.gateway.refresh-family'), hashtext($1))", [familyId]);
}

/** Revokes every live token of the family; returns how many. */
export async function revokeFamily(m: EntityManager, familyId: string, now: Date): Promise<number> {
  const result = await m
    .createQueryBuilder()
    .update(RefreshToken)
    .set({ revokedAt: now })
    .where('family_id = :familyId and revoked_at is null', { familyId })
    .execute();
  return result.affected ?? 0;
}

/** A short, non-reversible handle for logging a username that matched no account. */
export function usernameDigest(username: string): string {
  return createHash('sha256').update(username, 'utf8').digest('hex').slice(0, 16);
}
