import { MigrationInterface, QueryRunner } from 'typeorm';
import { backfillSearchTerms } from '../../request/request-search';

/**
 * Lists at a million requests (issue 10 item 17): every way of seeing a request, every queue and
 * every filter gets an index it can walk in list order (see `src/shared/access.ts`), and
 * requests and tasks get their search terms (`src/request/request-search.ts`).
 */
export class ListsAtScale1763800009000 implements MigrationInterface {
  name = 'ListsAtScale1763800009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table request add column search_terms text[] not null default '{}'`);
    await q.query(`alter table task add column search_terms text[] not null default '{}'`);
    await q.query(`alter table catalog_offering_version add column task_name_terms text[] not null default '{}'`);
    await backfillSearchTerms(q);
    await q.query('create index request_search on request using gin (search_terms)');
    // A task carries its request's department (which never changes): a desk's tasks are one walk.
    await q.query('alter table task add column department_id uuid');
    await q.query('update task t set department_id = r.department_id from request r where r.id = t.request_id');
    await q.query('alter table task alter column department_id set not null');
    // Tasks of one request lie side by side, so a sample of rows sees few requests: the planner,
    // taking a person's few requests for tens of thousands of tasks, would walk the table.
    await q.query('alter table task alter column request_id set (n_distinct = -0.25)');
    // Lists never gain from parallel workers (starting them costs more than a page), nor from JIT: a
    // union of index walks is estimated dear and runs in a millisecond, and compiling it took 70 ms.
    // Only the database's owner may set the latter; anyone else keeps the default (and a notice).
    for (const table of ['request', 'task', 'approval'])
      await q.query(`alter table ${table} set (parallel_workers = 0)`);
    await q.query(`do $$ begin execute format('alter database %I set jit = off', current_database());
                   exception when insufficient_privilege then raise notice 'jit stays on: only the owner of the database may turn it off'; end $$`);

    // Requests, newest first, by each way of seeing them.
    await q.query('drop index request_on_behalf_of');
    await q.query(
      'create index request_on_behalf_of on request (lower(on_behalf_of), id) where on_behalf_of is not null',
    );
    await q.query(
      'create index approval_approver on approval (lower(approver), request_id) include (approver) where approver is not null',
    );
    await q.query(
      `create index approval_role on approval (approver_role, approver_department_id, request_id) where approver_kind = 'role'`,
    );
    // assignee and department included: the walk is index-only (a person's thousands of tasks cost little).
    await q.query(
      'create index task_assignee_request on task (lower(assignee), request_id) include (assignee, department_id) where assignee is not null',
    );
    // A desk's requests by each filter, and its live ones (the overdue queue).
    await q.query('create index request_department_status on request (department_id, status, id)');
    await q.query(
      'create index request_department_region on request (department_id, region, id) where region is not null',
    );
    await q.query(
      'create index request_department_service on request (department_id, business_service_id, id) where business_service_id is not null',
    );
    await q.query(
      `create index request_department_live on request (department_id, id) where status not in ('fulfilled', 'closed', 'rejected', 'cancelled')`,
    );

    // Approvals waiting for someone, oldest first; those they decided.
    await q.query('drop index approval_pending_user');
    await q.query(`create index approval_pending_user on approval (lower(approver), id) where status = 'pending'`);
    await q.query('drop index approval_pending_role');
    await q.query(
      `create index approval_pending_role on approval (approver_role, approver_department_id, id) where status = 'pending'`,
    );
    await q.query('create index approval_decided_by on approval (decided_by, id) where decided_by is not null');

    // Tasks, oldest first: mine, my teams', my desks', by status; the live ones (the overdue queue).
    await q.query('drop index task_assignee');
    await q.query(
      'create index task_assignee on task (lower(assignee), id) include (assignee, status) where assignee is not null',
    );
    await q.query('drop index task_team');
    await q.query('create index task_team on task (team_id, status, id)');
    await q.query('create index task_department on task (department_id, status, id)');
    await q.query(`create index task_live on task (id) where status not in ('done', 'skipped', 'cancelled')`);
    // Tasks made from one template, and those of it in one team (a search by a task's name walks
    // the tasks of the templates so named).
    await q.query('create index task_key on task (key, id)');
    await q.query('create index task_team_key on task (team_id, key, id)');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'request_search',
      'request_on_behalf_of',
      'approval_approver',
      'approval_role',
      'task_assignee_request',
      'request_department_status',
      'request_department_region',
      'request_department_service',
      'request_department_live',
      'approval_pending_user',
      'approval_pending_role',
      'approval_decided_by',
      'task_assignee',
      'task_team',
      'task_department',
      'task_live',
      'task_key',
      'task_team_key',
    ]) {
      await q.query(`drop index ${index}`);
    }
    await q.query('alter table request drop column search_terms');
    await q.query('alter table task drop column search_terms');
    await q.query('alter table catalog_offering_version drop column task_name_terms');
    await q.query('alter table task drop column department_id');
    for (const table of ['request', 'task', 'approval']) await q.query(`alter table ${table} reset (parallel_workers)`);
    await q.query(`do $$ begin execute format('alter database %I reset jit', current_database());
                   exception when insufficient_privilege then null; end $$`);
    await q.query('create index request_on_behalf_of on request (on_behalf_of, id) where on_behalf_of is not null');
    await q.query(`create index approval_pending_user on approval (lower(approver)) where status = 'pending'`);
    await q.query(
      `create index approval_pending_role on approval (approver_role, approver_department_id) where status = 'pending'`,
    );
    await q.query('create index task_assignee on task (lower(assignee), status)');
    await q.query('alter table task alter column request_id reset (n_distinct)');
    await q.query('create index task_team on task (team_id, status)');
  }
}
