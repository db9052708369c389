import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@itsm/platform/audit';
import { userActor } from '../identity-audit';
import { RefreshToken, refreshTokenHash } from '../refresh-token.entity';
import { lockFamily, revokeFamily } from '../session-tokens';

/**
 * Ends the session the refresh token belongs to: every token of its family is revoked. Answers
 * the same whether the token was known, so logout tells nothing about tokens.
 */
@Injectable()
export class LogOut {
  private readonly log = new Logger('Auth');

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async execute(refreshToken: string): Promise<void> {
    const tokenHash = refreshTokenHash(refreshToken);
    const ended = await this.dataSource.transaction(async (m) => {
      const token = await m.findOne(RefreshToken, { where: { tokenHash } });
      if (!token) return undefined;
      await lockFamily(m, token.familyId);
      const revokedTokens = await revokeFamily(m, token.familyId, new Date());
      // Logging out twice changes nothing the second time: nothing to audit then.
      if (revokedTokens > 0) {
        await this.audit.record(m, {
          action: 'session.ended',
          objectType: 'session',
          objectId: token.familyId,
          before: { userId: token.userId, live: true },
          after: { userId: token.userId, live: false, revokedTokens },
          actor: userActor(token.userId),
        });
      }
      return { userId: token.userId, familyId: token.familyId };
    });
    if (ended) this.log.log({ msg: 'signed out', userId: ended.userId, familyId: ended.familyId });
  }
}
