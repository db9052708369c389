import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RefreshToken, refreshTokenHash } from '../refresh-token.entity';
import { lockFamily, revokeFamily } from '../session-tokens';

/**
 * Ends the session the refresh token belongs to: every token of its family is revoked. Answers
 * the same whether the token was known, so logout tells nothing about tokens.
 */
@Injectable()
export class LogOut {
  private readonly log = new Logger('Auth');

  constructor(private readonly dataSource: DataSource) {}

  async execute(refreshToken: string): Promise<void> {
    const tokenHash = refreshTokenHash(refreshToken);
    const ended = await this.dataSource.transaction(async (m) => {
      const token = await m.findOne(RefreshToken, { where: { tokenHash } });
      if (!token) return undefined;
      await lockFamily(m, token.familyId);
      await revokeFamily(m, token.familyId, new Date());
      return { userId: token.userId, familyId: token.familyId };
    });
    if (ended) this.log.log({ msg: 'signed out', userId: ended.userId, familyId: ended.familyId });
  }
}
