import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditTrail } from '@itsm/platform/audit';
import { userActor } from '../identity-audit';
import { refreshInvalid } from '../identity.errors';
import { RefreshToken, refreshTokenHash } from '../refresh-token.entity';
import { lockFamily, revokeFamily, SessionTokenIssuer, SessionTokens } from '../session-tokens';
import { UserAccount } from '../user-account.entity';

type Outcome =
  | { kind: 'refreshed'; userId: string; tokens: SessionTokens }
  | { kind: 'invalid'; reason: 'unknown' | 'expired' | 'revoked' }
  | { kind: 'reused'; userId: string; familyId: string; revoked: number }
  | { kind: 'account-gone'; userId: string; familyId: string };

/**
 * Trades a refresh token for a new access token and a new refresh token of the same family; the
 * presented one is revoked and points at its successor. Presenting a token that was already
 * traded means someone kept a copy: the whole family is revoked, the thief's and the owner's.
 */
@Injectable()
export class RefreshSession {
  private readonly log = new Logger('Auth');

  constructor(
    private readonly dataSource: DataSource,
    private readonly issuer: SessionTokenIssuer,
    private readonly audit: AuditTrail,
  ) {}

  async execute(refreshToken: string): Promise<SessionTokens> {
    const tokenHash = refreshTokenHash(refreshToken);
    const outcome = await this.dataSource.transaction(async (m): Promise<Outcome> => {
      const found = await m.findOne(RefreshToken, { where: { tokenHash } });
      if (!found) return { kind: 'invalid', reason: 'unknown' };
      await lockFamily(m, found.familyId);
      // Read again under the family lock: a concurrent refresh may have traded it meanwhile.
      const token = await m.findOneOrFail(RefreshToken, { where: { id: found.id } });
      const now = new Date();
      if (token.revokedAt) {
        if (!token.replacedBy) return { kind: 'invalid', reason: 'revoked' };
        const revoked = await revokeFamily(m, token.familyId, now);
        await this.recordRevoked(m, token, 'refresh-token-reused', revoked);
        return { kind: 'reused', userId: token.userId, familyId: token.familyId, revoked };
      }
      if (token.expiresAt <= now) return { kind: 'invalid', reason: 'expired' };
      const user = await m.findOne(UserAccount, { where: { id: token.userId } });
      if (!user || user.disabled) {
        await this.recordRevoked(m, token, 'account-disabled', await revokeFamily(m, token.familyId, now));
        return { kind: 'account-gone', userId: token.userId, familyId: token.familyId };
      }
      const issued = await this.issuer.issue(m, user, token.familyId, now);
      await m.update(RefreshToken, { id: token.id }, { revokedAt: now, replacedBy: issued.refreshTokenId });
      await this.audit.record(m, {
        action: 'session.refreshed',
        objectType: 'session',
        objectId: token.familyId,
        before: { userId: user.id, refreshTokenId: token.id },
        after: { userId: user.id, refreshTokenId: issued.refreshTokenId },
        actor: userActor(user.id),
      });
      return { kind: 'refreshed', userId: user.id, tokens: issued.tokens };
    });

    switch (outcome.kind) {
      case 'refreshed':
        this.log.log({ msg: 'session refreshed', userId: outcome.userId });
        return outcome.tokens;
      case 'invalid':
        this.log.warn({ msg: `refresh refused: ${outcome.reason} token` });
        throw refreshInvalid();
      case 'reused':
        this.log.warn({
          msg: 'refresh refused: token reused after rotation, session revoked',
          userId: outcome.userId,
          familyId: outcome.familyId,
          revokedTokens: outcome.revoked,
        });
        throw refreshInvalid();
      case 'account-gone':
        this.log.warn({
          msg: 'refresh refused: account disabled or removed, session revoked',
          userId: outcome.userId,
          familyId: outcome.familyId,
        });
        throw refreshInvalid();
    }
  }

  /** Ids only: the record names the token rows, never a token. */
  private recordRevoked(m: EntityManager, token: RefreshToken, reason: string, revokedTokens: number) {
    return this.audit.record(m, {
      action: 'session.revoked',
      objectType: 'session',
      objectId: token.familyId,
      before: { userId: token.userId, live: true },
      after: { userId: token.userId, live: false, reason, revokedTokens },
    });
  }
}
