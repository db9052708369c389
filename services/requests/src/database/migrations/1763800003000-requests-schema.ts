import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The requests service's own tables, and its projection of the catalog (tables `catalog_*`, filled
 * only from catalog events: the service never reads the catalog's database).
 */
export class RequestsSchema1763800003000 implements MigrationInterface {
  name = 'RequestsSchema1763800003000';

  async up(q: QueryRunner): Promise<void> {
    // ---------------------------------------------------------------- catalog projection
    await q.query(`
      create table catalog_department (
        id uuid primary key,
        code text not null,
        kind text not null,
        name jsonb not null,
        archived boolean not null,
        source_updated_at timestamptz not null
      )`);
    await q.query('create index catalog_department_code on catalog_department (code)');
    await q.query(`
      create table catalog_business_line (
        id uuid primary key,
        code text not null,
        name jsonb not null,
        archived boolean not null,
        source_updated_at timestamptz not null
      )`);
    await q.query(`
      create table catalog_business_service (
        id uuid primary key,
        code text not null,
        business_line_id uuid not null,
        name jsonb not null,
        criticality text not null,
        owner_name text not null,
        owner_email text,
        archived boolean not null,
        source_updated_at timestamptz not null
      )`);
    await q.query('create index catalog_business_service_code on catalog_business_service (code)');
    await q.query(`
      create table catalog_team (
        id uuid primary key,
        code text not null,
        department_id uuid not null,
        name jsonb not null,
        regions text[] not null,
        members jsonb not null,
        archived boolean not null,
        source_updated_at timestamptz not null
      )`);
    await q.query('create index catalog_team_department on catalog_team (department_id)');
    await q.query(`
      create table catalog_offering (
        id uuid primary key,
        code text not null,
        latest_version int,
        retired boolean not null default false,
        retired_version int,
        retired_at timestamptz,
        updated_at timestamptz not null default now()
      )`);
    await q.query(`
      create table catalog_offering_version (
        offering_id uuid not null,
        version int not null,
        code text not null,
        scenario text not null,
        department_id uuid not null,
        name jsonb not null,
        description jsonb not null,
        form_schema jsonb not null,
        task_plan jsonb not null,
        approval_policy jsonb not null,
        reminders jsonb not null,
        promised_delivery jsonb not null,
        audience jsonb not null,
        published_at timestamptz not null,
        primary key (offering_id, version)
      )`);

    // ---------------------------------------------------------------- requests
    await q.query(`
      create table request (
        id uuid primary key,
        number bigserial not null unique,
        offering_id uuid not null,
        offering_version int not null,
        offering_code text not null,
        scenario text not null,
        department_id uuid not null,
        requester_id text not null,
        on_behalf_of text,
        watchers text[] not null default '{}',
        priority text not null check (priority in ('low', 'medium', 'high', 'critical')),
        status text not null check (status in ('submitted', 'pending-approval', 'approved', 'rejected', 'in-fulfilment', 'fulfilled', 'cancelled', 'closed')),
        outcome text check (outcome in ('fulfilled', 'rejected', 'cancelled')),
        on_hold boolean not null default false,
        form_data jsonb not null,
        business_context jsonb not null,
        region text,
        business_line_id uuid,
        business_service_id uuid,
        promised_at timestamptz not null,
        submitted_at timestamptz not null,
        fulfilled_at timestamptz,
        closed_at timestamptz,
        current_stage int,
        reopen_count int not null default 0,
        version int not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    // Access rules filter lists in SQL by requester, on-behalf-of person, watcher and department.
    await q.query('create index request_requester on request (requester_id, id)');
    await q.query('create index request_on_behalf_of on request (on_behalf_of, id) where on_behalf_of is not null');
    await q.query('create index request_watchers on request using gin (watchers)');
    await q.query('create index request_department on request (department_id, id)');
    await q.query('create index request_status on request (status, id)');

    await q.query(`
      create table request_idempotency (
        subject text not null,
        idempotency_key text not null,
        body_hash text not null,
        request_id uuid not null references request (id),
        response jsonb not null,
        created_at timestamptz not null default now(),
        primary key (subject, idempotency_key)
      )`);

    await q.query(`
      create table request_comment (
        id uuid primary key,
        request_id uuid not null references request (id),
        author text not null,
        body text not null,
        internal boolean not null,
        created_at timestamptz not null
      )`);
    await q.query('create index request_comment_request on request_comment (request_id, id)');

    await q.query(`
      create table timeline_entry (
        id uuid primary key,
        request_id uuid not null references request (id),
        occurred_at timestamptz not null,
        kind text not null,
        actor text not null,
        summary jsonb not null,
        data jsonb not null,
        internal boolean not null default false
      )`);
    await q.query('create index timeline_entry_request on timeline_entry (request_id, id)');

    // ---------------------------------------------------------------- approvals
    await q.query(`
      create table approval (
        id uuid primary key,
        request_id uuid not null references request (id),
        stage_index int not null,
        stage_key text not null,
        stage_name jsonb not null,
        mode text not null check (mode in ('any', 'all', 'quorum')),
        quorum int,
        approver_kind text not null check (approver_kind in ('user', 'role')),
        approver text,
        approver_role text,
        approver_department_id uuid,
        resolved_from jsonb not null,
        status text not null check (status in ('pending', 'approved', 'rejected', 'withdrawn')),
        delegations jsonb not null default '[]',
        decided_by text,
        override boolean not null default false,
        reason text,
        decided_at timestamptz,
        version int not null,
        created_at timestamptz not null default now(),
        check ((approver_kind = 'user') = (approver is not null)),
        check ((approver_kind = 'role') = (approver_role is not null and approver_department_id is not null))
      )`);
    await q.query('create index approval_request on approval (request_id, stage_index)');
    await q.query(`create index approval_pending_user on approval (lower(approver)) where status = 'pending'`);
    await q.query(
      `create index approval_pending_role on approval (approver_role, approver_department_id) where status = 'pending'`,
    );

    // ---------------------------------------------------------------- tasks
    await q.query(`
      create table task (
        id uuid primary key,
        request_id uuid not null references request (id),
        key text not null,
        name jsonb not null,
        description jsonb,
        team_id uuid,
        assignee text,
        status text not null check (status in ('blocked', 'open', 'done', 'failed', 'skipped', 'cancelled')),
        depends_on text[] not null,
        checklist jsonb not null,
        outputs jsonb,
        reason text,
        due_at timestamptz,
        opened_at timestamptz,
        completed_at timestamptz,
        assignments jsonb not null default '[]',
        version int not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        -- Each template of the plan becomes one task per request, however many replicas race.
        unique (request_id, key)
      )`);
    await q.query(`create index task_assignee on task (lower(assignee), status)`);
    await q.query('create index task_team on task (team_id, status)');

    /** Assignment rules are data: per team, round robin (with its cursor) or least-loaded. */
    await q.query(`
      create table assignment_rule (
        team_id uuid primary key,
        strategy text not null check (strategy in ('round-robin', 'least-loaded')),
        last_assignee text,
        updated_by text,
        updated_at timestamptz not null default now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'assignment_rule',
      'task',
      'approval',
      'timeline_entry',
      'request_comment',
      'request_idempotency',
      'request',
      'catalog_offering_version',
      'catalog_offering',
      'catalog_team',
      'catalog_business_service',
      'catalog_business_line',
      'catalog_department',
    ]) {
      await q.query(`drop table ${t}`);
    }
  }
}
