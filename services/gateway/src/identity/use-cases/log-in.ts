import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditTrail } from '@itsm/platform/audit';
import { newId } from '@itsm/platform/database';
import { accountSnapshot, userActor } from '../identity-audit';
import { AccountLockedError, loginFailed } from '../identity.errors';
import { IDENTITY_SETTINGS, IdentitySettings } from '../identity.settings';
import { PasswordHasher } from '../password-hasher';
import { SessionTokenIssuer, SessionTokens, usernameDigest } from '../session-tokens';
import { normalizeUsername, UserAccount } from '../user-account.entity';
import type { LoginInput } from '../dto/auth.dto';

type Outcome =
  | { kind: 'signed-in'; userId: string; tokens: SessionTokens }
  | { kind: 'unknown' }
  | { kind: 'no-password'; userId: string }
  | { kind: 'disabled'; userId: string }
  | { kind: 'wrong-password'; userId: string; failures: number }
  | { kind: 'locked'; userId: string; retryAfterSeconds: number; justNow: boolean };

/**
 * Password sign-in. One transaction holds the account row (`FOR UPDATE`) from reading the failure
 * count to writing it back, so concurrent attempts are counted one by one and cannot slip past the
 * lock. Failures are committed before the 401/429 is thrown.
 */
@Injectable()
export class LogIn {
  private readonly log = new Logger('Auth');

  constructor(
    private readonly dataSource: DataSource,
    private readonly passwords: PasswordHasher,
    private readonly issuer: SessionTokenIssuer,
    private readonly audit: AuditTrail,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
  ) {}

  async execute(input: LoginInput): Promise<SessionTokens> {
    const username = normalizeUsername(input.username);
    const outcome = await this.dataSource.transaction(async (m): Promise<Outcome> => {
      const user = await m.findOne(UserAccount, { where: { username }, lock: { mode: 'pessimistic_write' } });
      if (!user) return { kind: 'unknown' };
      // Signs in through an OIDC provider only: no password to guess, nothing counted towards a lock.
      if (user.passwordHash === null) return { kind: 'no-password', userId: user.id };
      const now = new Date();
      if (user.lockedUntil && user.lockedUntil > now) {
        return { kind: 'locked', userId: user.id, retryAfterSeconds: secondsUntil(user.lockedUntil, now), justNow: false };
      }
      const valid = await this.passwords.verify(user.passwordHash, input.password);
      if (user.disabled) return { kind: 'disabled', userId: user.id };
      if (!valid) {
        const failures = user.failedLogins + 1;
        if (failures >= this.settings.maxFailedLogins) {
          // The counter starts over once the lock has passed: another full series of attempts.
          const lockedUntil = new Date(now.getTime() + this.settings.lockoutSeconds * 1000);
          await m.update(UserAccount, { id: user.id }, { failedLogins: 0, lockedUntil });
          await this.recordAccountChange(m, 'user.locked', user, { failedLogins: 0, lockedUntil });
          return { kind: 'locked', userId: user.id, retryAfterSeconds: secondsUntil(lockedUntil, now), justNow: true };
        }
        await m.update(UserAccount, { id: user.id }, { failedLogins: failures });
        await this.recordAccountChange(m, 'user.sign-in-failed', user, { failedLogins: failures });
        return { kind: 'wrong-password', userId: user.id, failures };
      }
      if (user.failedLogins !== 0 || user.lockedUntil !== null) {
        await m.update(UserAccount, { id: user.id }, { failedLogins: 0, lockedUntil: null });
      }
      const familyId = newId();
      const { tokens } = await this.issuer.issue(m, user, familyId, now);
      await this.audit.record(m, {
        action: 'session.started',
        objectType: 'session',
        objectId: familyId,
        before: null,
        after: { userId: user.id, username: user.username, method: 'password', failedLoginsCleared: user.failedLogins },
        actor: userActor(user.id),
      });
      return { kind: 'signed-in', userId: user.id, tokens };
    });

    // Only ids and a digest of an unknown username are logged: never the password, the tokens or the hash.
    switch (outcome.kind) {
      case 'signed-in':
        this.log.log({ msg: 'sign-in succeeded', userId: outcome.userId });
        return outcome.tokens;
      case 'unknown':
        // As long as checking a real password takes (outside the transaction: it holds nothing).
        await this.passwords.verifyNobody(input.password);
        this.log.warn({ msg: 'sign-in failed: no such account', usernameDigest: usernameDigest(username) });
        throw loginFailed();
      case 'no-password':
        // Answered like an unknown user, after as long.
        await this.passwords.verifyNobody(input.password);
        this.log.warn({ msg: 'sign-in refused: account has no password (signs in through OIDC)', userId: outcome.userId });
        throw loginFailed();
      case 'disabled':
        this.log.warn({ msg: 'sign-in refused: account disabled', userId: outcome.userId });
        throw loginFailed();
      case 'wrong-password':
        this.log.warn({ msg: 'sign-in failed: wrong password', userId: outcome.userId, failedLogins: outcome.failures });
        throw loginFailed();
      case 'locked':
        this.log.warn({
          msg: outcome.justNow ? 'sign-in failed: account locked after repeated failures' : 'sign-in refused: account locked',
          userId: outcome.userId,
          retryAfterSeconds: outcome.retryAfterSeconds,
        });
        throw new AccountLockedError(outcome.retryAfterSeconds);
    }
  }

  /** A failed attempt counts against the account: audited as made by an anonymous caller. */
  private recordAccountChange(m: EntityManager, action: string, user: UserAccount, change: Partial<UserAccount>) {
    return this.audit.record(m, { action, objectType: 'user', objectId: user.id, before: accountSnapshot(user), after: accountSnapshot({ ...user, ...change }) });
  }
}

function secondsUntil(moment: Date, now: Date): number {
  return Math.max(1, Math.ceil((moment.getTime() - now.getTime()) / 1000));
}
