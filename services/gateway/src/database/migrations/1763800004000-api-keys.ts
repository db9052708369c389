import { MigrationInterface, QueryRunner } from 'typeorm';

/** Integrations' API keys: secrets only as SHA-256, HMAC signing secrets not at all (derived). */
export class ApiKeys1763800004000 implements MigrationInterface {
  name = 'ApiKeys1763800004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table api_key (
        id uuid primary key,
        name text not null check (length(name) between 1 and 100),
        description text check (length(description) <= 500),
        scopes text[] not null check (cardinality(scopes) between 1 and 20),
        department text,
        secret_hash text not null,
        previous_secret_hash text,
        previous_secret_expires_at timestamptz,
        hmac boolean not null default false,
        secret_version int not null default 1 check (secret_version >= 1),
        created_by text not null,
        created_at timestamptz not null default now(),
        expires_at timestamptz,
        rotated_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz,
        check ((previous_secret_hash is null) = (previous_secret_expires_at is null))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table api_key');
  }
}
