import { MigrationInterface, QueryRunner } from 'typeorm';

/** Local accounts, refresh tokens (hashed) and the access-token signing keys. */
export class IdentitySchema1763800002000 implements MigrationInterface {
  name = 'IdentitySchema1763800002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table user_account (
        id uuid primary key,
        username text not null unique check (username = lower(username) and length(username) between 1 and 200),
        display_name text not null,
        password_hash text not null,
        roles text[] not null default '{}',
        departments text[] not null default '{}',
        failed_logins int not null default 0 check (failed_logins >= 0),
        locked_until timestamptz,
        disabled boolean not null default false,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    // The opaque token itself is never stored: only its SHA-256, which is what a presented token is looked up by.
    await q.query(`
      create table refresh_token (
        id uuid primary key,
        user_id uuid not null references user_account (id) on delete cascade,
        token_hash text not null unique,
        family_id uuid not null,
        expires_at timestamptz not null,
        revoked_at timestamptz,
        replaced_by uuid,
        created_at timestamptz not null default now()
      )`);
    await q.query('create index refresh_token_family on refresh_token (family_id)');
    await q.query('create index refresh_token_user on refresh_token (user_id)');
    await q.query('create index refresh_token_expires on refresh_token (expires_at)');
    await q.query(`
      create table signing_key (
        kid text primary key,
        private_jwk jsonb not null,
        created_at timestamptz not null,
        retired_at timestamptz
      )`);
    await q.query('create index signing_key_active on signing_key (created_at) where retired_at is null');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table signing_key');
    await q.query('drop table refresh_token');
    await q.query('drop table user_account');
  }
}
