import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@itsm/platform/audit';
import { newId } from '@itsm/platform/database';
import { accountSnapshot } from './identity-audit';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-users';
import { PasswordHasher } from './password-hasher';
import { UserAccount } from './user-account.entity';

/** Replicas starting together queue on this lock; whoever comes second finds the accounts there. */
const LOCK_NAME = 'itsm.gateway.demo-users';

/** With GATEWAY_DEMO_USERS=true, a gateway without any account gets the demo accounts at start-up. */
@Injectable()
export class DemoUsersLoader implements OnApplicationBootstrap {
  private readonly log = new Logger('DemoUsers');

  constructor(
    private readonly dataSource: DataSource,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditTrail,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const created = await this.createIfEmpty();
    if (created > 0) {
      this.log.warn({
        msg: `demo accounts created: ${created} (DEMO ONLY: they share the password published in services/gateway/README.md; do not expose this gateway)`,
        demoAccounts: DEMO_USERS.map((u) => u.username),
      });
    }
  }

  /** The number of accounts created: 0 when there was any account already. */
  createIfEmpty(): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      await m.query('select pg_advisory_xact_lock(hashtext($1))', [LOCK_NAME]);
      const [{ present }]: { present: boolean }[] = await m.query('select exists (select 1 from user_account) as present');
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
        await this.audit.record(m, { action: 'user.created', objectType: 'user', objectId: account.id, before: null, after: accountSnapshot(account) });
      }
      return DEMO_USERS.length;
    });
  }
}
