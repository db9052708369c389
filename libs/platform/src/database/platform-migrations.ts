import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables the messaging concern needs in every service database: outbox, inbox, consumer attempts. */
export class PlatformMessaging1763800000000 implements MigrationInterface {
  name = 'PlatformMessaging1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table outbox_event (
        seq bigserial primary key,
        event_id uuid not null unique,
        topic text not null,
        message_key text not null,
        event_type text not null,
        headers jsonb not null,
        payload jsonb not null,
        created_at timestamptz not null default clock_timestamp()
      )`);
    await q.query(`
      create table inbox_event (
        consumer text not null,
        event_id uuid not null,
        event_type text not null,
        outcome text not null check (outcome in ('processed', 'dead-lettered')),
        processed_at timestamptz not null default now(),
        primary key (consumer, event_id)
      )`);
    await q.query(`
      create table consumer_attempt (
        consumer text not null,
        event_id uuid not null,
        attempts int not null,
        last_error text not null,
        updated_at timestamptz not null default now(),
        primary key (consumer, event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table consumer_attempt');
    await q.query('drop table inbox_event');
    await q.query('drop table outbox_event');
  }
}

/** Events the broker refuses for their size wait here for an operator instead of blocking the outbox. */
export class PlatformOutboxParked1763800000100 implements MigrationInterface {
  name = 'PlatformOutboxParked1763800000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table outbox_event_parked (
        event_id uuid primary key,
        topic text not null,
        message_key text not null,
        event_type text not null,
        headers jsonb not null,
        payload jsonb not null,
        created_at timestamptz not null,
        parked_at timestamptz not null default now(),
        reason text not null
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table outbox_event_parked');
  }
}

/**
 * The audit trail of every service: append-only (a trigger refuses updates and deletes, so a
 * record cannot be edited after the fact), read per object and per actor, newest first.
 */
export class PlatformAuditTrail1763800000200 implements MigrationInterface {
  name = 'PlatformAuditTrail1763800000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table audit_record (
        id uuid primary key,
        occurred_at timestamptz not null,
        actor_subject text not null,
        actor_kind text not null check (actor_kind in ('user', 'api-key', 'service', 'anonymous')),
        action text not null,
        object_type text not null,
        object_id text not null,
        department text,
        before jsonb,
        after jsonb,
        event_ids uuid[] not null default '{}',
        request_id text,
        client_address text,
        forwarded_for text
      )`);
    await q.query('create index audit_record_object on audit_record (object_type, object_id, id)');
    await q.query('create index audit_record_actor on audit_record (actor_subject, id)');
    await q.query(`
      create function audit_record_is_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit records cannot be changed or deleted' using errcode = 'insufficient_privilege';
      end $$`);
    await q.query(`
      create trigger audit_record_append_only before update or delete on audit_record
      for each row execute function audit_record_is_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table audit_record');
    await q.query('drop function audit_record_is_append_only');
  }
}

/**
 * Outbox rows are written once, read once as text and deleted: `json` keeps the text as sent,
 * where `jsonb` parsed every event on insert and printed it again for the relay.
 */
export class PlatformOutboxJsonText1763800000300 implements MigrationInterface {
  name = 'PlatformOutboxJsonText1763800000300';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['outbox_event', 'outbox_event_parked']) {
      await q.query(
        `alter table ${table} alter column headers type json using headers::json, alter column payload type json using payload::json`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['outbox_event', 'outbox_event_parked']) {
      await q.query(
        `alter table ${table} alter column headers type jsonb using headers::jsonb, alter column payload type jsonb using payload::jsonb`,
      );
    }
  }
}

export const PLATFORM_MIGRATIONS = [
  PlatformMessaging1763800000000,
  PlatformOutboxParked1763800000100,
  PlatformAuditTrail1763800000200,
  PlatformOutboxJsonText1763800000300,
];
