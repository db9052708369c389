import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed sign-ins are counted per user name (known or not) and per (address, user name) in
 * rate-limiter-flexible's table layout, no longer on the account: an unknown name must lock like a real one.
 */
export class SignInLockout1763800005000 implements MigrationInterface {
  name = 'SignInLockout1763800005000';

  async up(q: QueryRunner): Promise<void> {
    // `key` is `<limit>:<address>|<digest of the name>` or `<limit>:<digest>`; `expire` in epoch milliseconds.
    await q.query(`
      create table sign_in_failure (
        key varchar(255) primary key,
        points integer not null default 0,
        expire bigint
      )`);
    // user_account.failed_logins and locked_until are no longer read, but stay until a later release:
    // replicas still on the previous version read them during a rolling upgrade.
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table sign_in_failure');
  }
}
