import { MigrationInterface, QueryRunner } from 'typeorm';

export class CatalogSchema1763800001000 implements MigrationInterface {
  name = 'CatalogSchema1763800001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table business_line (
        id uuid primary key,
        code text not null unique,
        name jsonb not null,
        description jsonb,
        archived boolean not null default false,
        version int not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await q.query(`
      create table department (
        id uuid primary key,
        code text not null unique,
        kind text not null check (kind in ('it', 'hr', 'facilities', 'finance', 'legal', 'other')),
        name jsonb not null,
        description jsonb,
        archived boolean not null default false,
        version int not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await q.query(`
      create table business_service (
        id uuid primary key,
        code text not null unique,
        business_line_id uuid not null references business_line (id),
        name jsonb not null,
        description jsonb,
        criticality text not null check (criticality in ('critical', 'high', 'medium', 'low')),
        owner_name text not null,
        owner_email text,
        downtime_cost_per_hour numeric(14, 2) not null check (downtime_cost_per_hour >= 0),
        downtime_cost_currency char(3) not null,
        typical_users_affected int not null check (typical_users_affected >= 0),
        labels jsonb not null default '{}',
        archived boolean not null default false,
        version int not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await q.query('create index business_service_business_line on business_service (business_line_id)');
    await q.query('create index business_service_labels on business_service using gin (labels)');
    await q.query(`
      create table team (
        id uuid primary key,
        code text not null unique,
        department_id uuid not null references department (id),
        name jsonb not null,
        regions text[] not null default '{}',
        members jsonb not null default '[]',
        archived boolean not null default false,
        version int not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await q.query('create index team_department on team (department_id)');
    await q.query(`
      create table offering (
        id uuid primary key,
        code text not null unique,
        status text not null check (status in ('draft', 'published', 'retired')),
        published_version int,
        draft_version int,
        latest_version int not null,
        retired_at timestamptz,
        version int not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await q.query(`
      create table offering_version (
        offering_id uuid not null references offering (id),
        version int not null,
        status text not null check (status in ('draft', 'published', 'retired')),
        code text not null,
        scenario text not null,
        department_id uuid not null references department (id),
        name jsonb not null,
        description jsonb not null,
        form_schema jsonb not null,
        task_plan jsonb not null,
        approval_policy jsonb not null,
        reminders jsonb not null,
        promised_delivery jsonb not null,
        audience jsonb not null,
        published_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (offering_id, version)
      )`);
    await q.query('create index offering_version_scenario on offering_version (scenario, offering_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['offering_version', 'offering', 'team', 'business_service', 'department', 'business_line']) {
      await q.query(`drop table ${t}`);
    }
  }
}
