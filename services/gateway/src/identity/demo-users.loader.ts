import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { AuditTrail } from '@itsm/platform/audit';
import { newId } from '@itsm/platform/database';
import { accountSnapshot } from './identity-audit';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-users';
import { PasswordHasher } from './password-hasher';
import { UserAccount } from './user-account.entity';

/** Replicas starting together queue on this lock; whoever comes second finds the accounts there. */
const LOCK_NAME = 'itsm.gateway.demo-users';

/** GATEWAY_DEMO_USERS, as a boolean. */
export const DEMO_USERS_WANTED = Symbol('DEMO_USERS_WANTED');

/**
 * The demo accounts exist only while GATEWAY_DEMO_USERS asks for them. With it, a gateway without
 * any account gets them at start-up. Without it, demo accounts that still have the published
 * password — left from a run that asked for them, on a database now behind a gateway others can
 * reach — are disabled, and enabled again at the next start that asks for them. A demo account
 * whose password was changed is a real account and left alone. Every change is audited.
 */
@Injectable()
export class DemoUsersLoader implements OnApplicationBootstrap {
  private readonly log = new Logger('DemoUsers');

  constructor(
    private readonly dataSource: DataSource,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditTrail,
    @Inject(DEMO_USERS_WANTED) private readonly wanted: boolean,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const created = this.wanted ? await this.createIfEmpty() : 0;
    if (created > 0) {
      this.log.warn({
        msg: `demo accounts created: ${created} (DEMO ONLY: they share the password published in services/gateway/README.md; do not expose this gateway)`,
        demoAccounts: DEMO_USERS.map((u) => u.username),
      });
    }
    const switched = await this.switchDemoAccounts(this.wanted);
    if (switched.length > 0) {
      this.log.warn({
        msg: this.wanted
          ? `demo accounts enabled again: ${switched.length} (GATEWAY_DEMO_USERS=true; their password is published)`
          : `demo accounts disabled: ${switched.length} (their password is published and GATEWAY_DEMO_USERS is not true)`,
        demoAccounts: switched,
      });
    }
  }

  /** The number of accounts created: 0 when there was any account already. */
  createIfEmpty(): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      await m.query('select pg_advisory_xact_lock(hashtext($1))', [LOCK_NAME]);
      const [{ present }]: { present: boolean }[] = await m.query(
        'select exists (select 1 from user_account) as present',
      );
      if (present) return 0;
      for (const user of DEMO_USERS) {
        const account = m.create(UserAccount, {
          id: newId(),
          username: user.username,
          displayName: user.displayName,
          passwordHash: await this.passwords.hash(DEMO_PASSWORD),
          roles: user.roles,
          departments: user.departments,
          disabled: false,
        });
        await m.insert(UserAccount, account);
        await this.audit.record(m, {
          action: 'user.created',
          objectType: 'user',
          objectId: account.id,
          before: null,
          after: accountSnapshot(account),
        });
      }
      return DEMO_USERS.length;
    });
  }

  /** Enables (or disables) the demo accounts that still have the published password; returns their names. */
  private switchDemoAccounts(enabled: boolean): Promise<string[]> {
    return this.dataSource.transaction(async (m) => {
      await m.query('select pg_advisory_xact_lock(hashtext($1))', [LOCK_NAME]);
      const candidates = await m.find(UserAccount, {
        where: { username: In(DEMO_USERS.map((u) => u.username)), disabled: enabled },
      });
      const switched: string[] = [];
      for (const account of candidates) {
        if (account.passwordHash === null || !(await this.passwords.verify(account.passwordHash, DEMO_PASSWORD)))
          continue;
        await m.update(UserAccount, { id: account.id }, { disabled: !enabled });
        await this.audit.record(m, {
          action: enabled ? 'user.enabled' : 'user.disabled',
          objectType: 'user',
          objectId: account.id,
          before: accountSnapshot(account),
          after: accountSnapshot({ ...account, disabled: !enabled }),
        });
        switched.push(account.username);
      }
      return switched;
    });
  }
}
