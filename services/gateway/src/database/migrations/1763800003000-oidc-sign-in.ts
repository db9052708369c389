import { MigrationInterface, QueryRunner } from 'typeorm';

/** OIDC sign-in: accounts that belong to a provider's identity and have no password, and the pending sign-ins. */
export class OidcSignIn1763800003000 implements MigrationInterface {
  name = 'OidcSignIn1763800003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('alter table user_account alter column password_hash drop not null');
    await q.query(
      'alter table user_account add column email text, add column oidc_issuer text, add column oidc_subject text',
    );
    // An account has a way to sign in; an OIDC identity is the issuer and the subject together.
    await q.query(`
      alter table user_account
        add constraint user_account_oidc_identity_complete check ((oidc_issuer is null) = (oidc_subject is null)),
        add constraint user_account_can_sign_in check (password_hash is not null or oidc_subject is not null)`);
    // Looked up by identity only, never by username: a local account and an OIDC identity never merge.
    await q.query(
      'create unique index user_account_oidc_identity on user_account (oidc_issuer, oidc_subject) where oidc_subject is not null',
    );
    await q.query(`
      create table oidc_login_attempt (
        state_hash text primary key,
        code_verifier text not null,
        nonce text not null,
        return_to text,
        expires_at timestamptz not null,
        created_at timestamptz not null default now()
      )`);
    await q.query('create index oidc_login_attempt_expires on oidc_login_attempt (expires_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table oidc_login_attempt');
    // Accounts without a password cannot stay once the column is required again.
    await q.query('delete from user_account where password_hash is null');
    await q.query('drop index user_account_oidc_identity');
    await q.query(
      'alter table user_account drop constraint user_account_can_sign_in, drop constraint user_account_oidc_identity_complete',
    );
    await q.query('alter table user_account drop column oidc_subject, drop column oidc_issuer, drop column email');
    await q.query('alter table user_account alter column password_hash set not null');
  }
}
