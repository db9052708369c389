import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Durable timers for the offerings' reminders (issue 4, item 5): one row per request and reminder
 * key, claimed by the poller with `for update skip locked` so each fires once across replicas.
 */
export class Reminders1763800005100 implements MigrationInterface {
  name = 'Reminders1763800005100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table reminder (
        id uuid primary key,
        request_id uuid not null references request (id),
        reminder_key text not null,
        kind text not null,
        name jsonb not null,
        anchor_field text not null,
        anchor_date text not null,
        time_zone text not null,
        fire_at timestamptz not null,
        status text not null check (status in ('scheduled', 'fired', 'cancelled')),
        attempts int not null default 0,
        last_error text,
        fired_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (request_id, reminder_key)
      )`);
    // The poller's scan: only timers still waiting, by due time.
    await q.query(`create index reminder_due on reminder (fire_at) where status = 'scheduled'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table reminder');
  }
}
