import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@itsm/platform/audit';
import { newId } from '@itsm/platform/database';
import { userActor } from '../identity-audit';
import { AccountLockedError, loginFailed } from '../identity.errors';
import { PasswordHasher } from '../password-hasher';
import { SignInLockout } from '../sign-in-lockout';
import { SessionTokenIssuer, SessionTokens, usernameDigest } from '../session-tokens';
import { normalizeUsername, UserAccount } from '../user-account.entity';
import type { LoginInput } from '../dto/auth.dto';

/** A password sign-in: the body, and the client address it came from (as the audit trail and rate limits see it). */
export interface LogInCommand extends LoginInput {
  clientAddress: string;
}

/** Why a sign-in was refused: logged and audited, never told to the caller. */
const REFUSALS = {
  'no-such-account': 'sign-in failed: no such account',
  'no-password': 'sign-in refused: account has no password (signs in through OIDC)',
  disabled: 'sign-in refused: account disabled',
  'wrong-password': 'sign-in failed: wrong password',
} as const;
type Refusal = keyof typeof REFUSALS;

/**
 * Password sign-in. Failures are counted per user name (known or not) by SignInLockout, which
 * locks a name for one address after LOGIN_MAX_FAILURES and everywhere after
 * LOGIN_MAX_FAILURES_PER_USERNAME: every refusal — unknown name, account without a password,
 * disabled account, wrong password — is counted and answered alike, after one password check each,
 * so neither the answer, nor a lock, nor the time taken tells which names exist.
 */
@Injectable()
export class LogIn {
  private readonly log = new Logger('Auth');

  constructor(
    private readonly dataSource: DataSource,
    private readonly passwords: PasswordHasher,
    private readonly issuer: SessionTokenIssuer,
    private readonly audit: AuditTrail,
    private readonly lockout: SignInLockout,
  ) {}

  async execute(command: LogInCommand): Promise<SessionTokens> {
    const username = normalizeUsername(command.username);
    const address = command.clientAddress;
    // Before any password check: a locked name costs nothing to refuse, even with the right password.
    const lockedFor = await this.lockout.lockedFor(address, username);
    if (lockedFor !== undefined) {
      this.log.warn({
        msg: 'sign-in refused: locked after repeated failures',
        usernameDigest: usernameDigest(username),
        retryAfterSeconds: lockedFor,
      });
      throw new AccountLockedError(lockedFor);
    }

    const user = await this.dataSource.getRepository(UserAccount).findOneBy({ username });
    // One Argon2 check whatever the name: the time taken does not tell whether it exists or has a password.
    const valid = user?.passwordHash
      ? await this.passwords.verify(user.passwordHash, command.password)
      : await this.passwords.verifyNobody(command.password);
    if (!user) return this.refuse(address, username, null, 'no-such-account');
    // Signs in through an OIDC provider only: answered like an unknown name.
    if (user.passwordHash === null) return this.refuse(address, username, user, 'no-password');
    if (user.disabled) return this.refuse(address, username, user, 'disabled');
    if (!valid) return this.refuse(address, username, user, 'wrong-password');

    const familyId = newId();
    const tokens = await this.dataSource.transaction(async (m) => {
      const { tokens } = await this.issuer.issue(m, user, familyId, new Date());
      await this.audit.record(m, {
        action: 'session.started',
        objectType: 'session',
        objectId: familyId,
        before: null,
        after: { userId: user.id, username: user.username, method: 'password' },
        actor: userActor(user.id),
      });
      return tokens;
    });
    await this.lockout.forgetFailures(address, username);
    // Only ids and a digest of an unknown username are logged: never the password, the tokens or the hash.
    this.log.log({ msg: 'sign-in succeeded', userId: user.id });
    return tokens;
  }

  /** Counts the failure, records it on the account when there is one, and answers 401, or 429 if it locked the name. */
  private async refuse(address: string, username: string, user: UserAccount | null, reason: Refusal): Promise<never> {
    const counted = await this.lockout.countFailure(address, username);
    const lockedUntil =
      counted.lockedForSeconds === undefined
        ? null
        : new Date(Date.now() + counted.lockedForSeconds * 1000).toISOString();
    if (user) {
      // Audited as made by an anonymous caller: nobody proved who they are. The counts live in the
      // lockout's table, written just before; this record is the account's history of them.
      await this.dataSource.transaction((m) =>
        this.audit.record(m, {
          action: lockedUntil ? 'user.locked' : 'user.sign-in-failed',
          objectType: 'user',
          objectId: user.id,
          before: null,
          after: {
            reason,
            failedSignIns: counted.fromAnywhere,
            failedSignInsFromAddress: counted.fromAddress,
            lockedUntil,
          },
        }),
      );
    }
    this.log.warn({
      msg: REFUSALS[reason],
      ...(user ? { userId: user.id } : { usernameDigest: usernameDigest(username) }),
      failedSignIns: counted.fromAnywhere,
      failedSignInsFromAddress: counted.fromAddress,
      ...(lockedUntil ? { lockedUntil } : {}),
    });
    throw counted.lockedForSeconds === undefined ? loginFailed() : new AccountLockedError(counted.lockedForSeconds);
  }
}
