import type { Principal, Role } from '@itsm/platform/auth';

/*
 * Object-level access (issue 3): who may see and act on which request. One rule, used both for
 * single objects and for lists, so a list never shows what a read would refuse.
 *
 * - everyone sees the requests they submitted, are the on-behalf-of person of, or watch;
 * - agents, team leads and department admins see the requests of their departments (the
 *   department codes in their token) and the tasks of teams in those departments;
 * - approvers see the requests they are asked to approve, assignees those of their tasks;
 * - platform admins see everything.
 *
 * The rule is a list of sights (below), each a way of seeing that names the person: a column of the
 * request, or a row of its approvals or tasks. A single object is checked against their OR; a list is
 * the union of one index walk per sight, each in list order and cut at the page's size, merged and cut
 * again (issue 10 item 17): an OR of them all would be served by no index, and the plan would walk
 * every request newest first filtering on the rule, which for someone who sees little means the whole
 * table. Each sight has its index (migration ListsAtScale): requester, on-behalf-of person, watchers,
 * department (one walk per department, with its filters), approver, role of the approval (one walk per
 * role and department), assignee; a task sight adds its team (one walk for all the person's teams).
 * The sights read the rows as they are now, so an approver added later, a watcher added or removed and
 * a delegation count at once, with nothing to keep in step.
 */

/** Roles that work a desk's queue; their token's departments say which desks. */
export const STAFF_ROLES: readonly Role[] = ['agent', 'team-lead', 'department-admin'];

/** Roles that may call the agent endpoints at all (department checks come on top). */
export const AGENT_ROLES: Role[] = ['agent', 'team-lead', 'department-admin', 'platform-admin'];

export function isPlatformAdmin(p: Principal): boolean {
  return p.roles.includes('platform-admin');
}

export function isStaff(p: Principal): boolean {
  return p.roles.some((r) => STAFF_ROLES.includes(r));
}

/** Works the desk of this department (by its code), or administers the whole platform. */
export function isStaffOf(p: Principal, departmentCode: string | null): boolean {
  if (isPlatformAdmin(p)) return true;
  return departmentCode !== null && isStaff(p) && p.departments.includes(departmentCode);
}

/** A department admin of this department, or a platform admin: may decide any approval there. */
export function isAdminOf(p: Principal, departmentCode: string | null): boolean {
  if (isPlatformAdmin(p)) return true;
  return departmentCode !== null && p.roles.includes('department-admin') && p.departments.includes(departmentCode);
}

export function sameUser(a: string | null | undefined, b: string | null | undefined): boolean {
  return a != null && b != null && a.toLowerCase() === b.toLowerCase();
}

/** The requester or the person the request is for. */
export function isPartyTo(p: Principal, r: { requesterId: string; onBehalfOf: string | null }): boolean {
  return r.requesterId === p.subject || sameUser(r.onBehalfOf, p.subject);
}

export interface SqlCondition {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * A principal's token read against the catalog projection (accessScopeOf): the ids of the
 * departments they work as staff, the role approvals they may be asked for, and the teams whose
 * tasks they see (of those departments, or that they belong to).
 */
export interface AccessScope {
  subject: string;
  everything: boolean;
  staffDepartmentIds: string[];
  roleSlots: { role: string; departmentId: string }[];
  teamIds: string[];
}

/** One way of seeing a request: `where` on a row of `table` (aliased as given) that belongs to the request. */
interface Sight {
  table: 'request' | 'approval' | 'task';
  where: (alias: string) => string;
  /** Names the person (not one of their departments): small for most people, and walked differently for tasks. */
  personal: boolean;
}

function requestSights(s: AccessScope, params: Record<string, unknown>): Sight[] {
  params['vis_subject'] = s.subject;
  params['vis_staff'] = s.staffDepartmentIds;
  // For staff, a personal sight leaves out their departments' requests (the departments' sights show
  // them): an agent's thousands of tasks are then no walk at all. Requests and tasks carry the department.
  const outside = (alias: string) =>
    s.staffDepartmentIds.length > 0 ? ` and ${alias}.department_id <> all(:vis_staff)` : '';
  const sights: Sight[] = [
    { table: 'request', personal: true, where: (r) => `${r}.requester_id = :vis_subject${outside(r)}` },
    { table: 'request', personal: true, where: (r) => `lower(${r}.on_behalf_of) = lower(:vis_subject)${outside(r)}` },
    { table: 'request', personal: true, where: (r) => `${r}.watchers @> array[:vis_subject]::text[]${outside(r)}` },
    { table: 'approval', personal: true, where: (a) => `lower(${a}.approver) = lower(:vis_subject)` },
    { table: 'task', personal: true, where: (t) => `lower(${t}.assignee) = lower(:vis_subject)${outside(t)}` },
  ];
  // One sight per department and per role approval: each walks its own index range.
  s.staffDepartmentIds.forEach((id, i) => {
    params[`vis_department_${i}`] = id;
    sights.push({ table: 'request', personal: false, where: (r) => `${r}.department_id = :vis_department_${i}` });
  });
  s.roleSlots.forEach(({ role, departmentId }, i) => {
    // A role approval is always in its request's department (ApprovalWorkflow): for a department
    // the principal works as staff, the department's sight already shows those requests.
    if (s.staffDepartmentIds.includes(departmentId)) return;
    params[`vis_role_${i}`] = role;
    params[`vis_role_department_${i}`] = departmentId;
    sights.push({
      table: 'approval',
      personal: true,
      where: (a) =>
        `${a}.approver_kind = 'role' and ${a}.approver_role = :vis_role_${i} and ${a}.approver_department_id = :vis_role_department_${i}`,
    });
  });
  return sights;
}

const ALIAS = { request: 'vr', approval: 'va', task: 'vt' } as const;

/** The sight as a condition on the request whose id is `requestId`, or on the request row itself (`row`). */
function holds(sight: Sight, requestId: string, row?: string): string {
  if (sight.table === 'request' && row) return sight.where(row);
  const alias = ALIAS[sight.table];
  return `exists (select from ${sight.table} ${alias} where ${alias}.${sight.table === 'request' ? 'id' : 'request_id'} = ${requestId} and ${sight.where(alias)})`;
}

/** The rule as a condition on one request aliased `alias` (single reads). */
export function requestVisibility(s: AccessScope, alias = 'r'): SqlCondition {
  if (s.everything) return { sql: 'true', params: {} };
  const params: Record<string, unknown> = {};
  return {
    sql: `(${requestSights(s, params)
      .map((sight) => holds(sight, `${alias}.id`, alias))
      .join(' or ')})`,
    params,
  };
}

/**
 * Tasks: those of requests the principal sees, and of their teams. A task carries its request's
 * department, so the departments' sights and the teams' are conditions on the task itself, walked
 * together (they overlap: a desk's tasks mostly go to its teams). `personal`: the requests the
 * personal sights show, when few enough to list (see `personalRequestIds`); their tasks are then
 * fetched by request, not walked.
 */
function taskSights(
  s: AccessScope,
  alias: string,
  params: Record<string, unknown>,
  personal?: string[],
): { sights: string[]; own?: string; listed?: string } {
  const sights = requestSights(s, params);
  const parts = sights.filter((sight) => !sight.personal).map((sight) => sight.where(alias));
  if (s.teamIds.length > 0) {
    params['vis_teams'] = s.teamIds;
    parts.push(`${alias}.team_id = any(:vis_teams::uuid[])`);
  }
  const own = parts.length > 0 ? `(${parts.join(' or ')})` : undefined;
  const walked = own ? [own] : [];
  if (!personal)
    return {
      sights: [
        ...walked,
        ...sights.filter((sight) => sight.personal).map((sight) => holds(sight, `${alias}.request_id`)),
      ],
      own,
    };
  params['vis_personal'] = personal;
  const listed = `${alias}.request_id = any(:vis_personal::uuid[])`;
  return { sights: [...walked, listed], own, listed };
}

/** The rule as a condition on one task aliased `alias` (single reads). */
export function taskVisibility(s: AccessScope, alias = 't'): SqlCondition {
  if (s.everything) return { sql: 'true', params: {} };
  const params: Record<string, unknown> = {};
  return { sql: `(${taskSights(s, alias, params).sights.join(' or ')})`, params };
}

/** A page of a list: its filters (conditions on the list's alias, with their parameters) and where it continues. */
export interface ListPage {
  where: string[];
  /** One of these must hold too: each gets walks of its own (they may be on other tables, where no one index serves their OR). */
  anyOf?: string[];
  params: Record<string, unknown>;
  /** Continue past this id (older for requests, newer for tasks). */
  after?: string;
  limit: number;
}

function requestWalks(sights: Sight[], page: ListPage, params: Record<string, unknown>): string[] {
  params['vis_limit'] = page.limit;
  params['vis_after'] = page.after;
  const filters = (id: string) =>
    [...page.where, ...(page.after ? [`${id} < :vis_after`] : [])].map((w) => ` and ${w}`).join('');
  return sights.map((sight) => {
    if (sight.table === 'request')
      return `(select r.id from request r where ${sight.where('r')}${filters('r.id')} order by r.id desc limit :vis_limit)`;
    const alias = ALIAS[sight.table];
    const join = page.where.length > 0 ? ` join request r on r.id = ${alias}.request_id` : '';
    // distinct: one person may hold several of a request's approvals or tasks.
    return `(select distinct ${alias}.request_id from ${sight.table} ${alias}${join} where ${sight.where(alias)}${filters(`${alias}.request_id`)} order by ${alias}.request_id desc limit :vis_limit)`;
  });
}

/**
 * The ids of the requests on a page (newest first): per sight, the newest `limit` that pass the
 * filters (conditions on `r`), as an index walk; the caller fetches them by id
 * (`r.id = any(array(...))`, which no plan can turn into a walk of the table), orders and cuts the page.
 */
export function visibleRequestIds(s: AccessScope, page: ListPage): SqlCondition {
  const params: Record<string, unknown> = { ...page.params };
  if (s.everything)
    return {
      sql: requestWalks([{ table: 'request', personal: false, where: () => 'true' }], page, params).join(''),
      params,
    };
  return { sql: requestWalks(requestSights(s, params), page, params).join(' union '), params };
}

/** Beyond this many, the requests a person sees personally are walked, not listed. */
export const PERSONAL_REQUESTS_LISTED = 1000;

/**
 * The requests the personal sights show (as a query for their ids, at most one more than
 * PERSONAL_REQUESTS_LISTED): a person's own requests are few, except for those who approve or work
 * on thousands. The planner cannot tell which from its statistics (it assumes an average person),
 * so the task list asks first.
 */
export function personalRequestIds(s: AccessScope): SqlCondition {
  const params: Record<string, unknown> = {};
  const walks = requestWalks(
    requestSights(s, params).filter((sight) => sight.personal),
    { where: [], params: {}, limit: PERSONAL_REQUESTS_LISTED + 1 },
    params,
  );
  return {
    sql: `select array(select id from (${walks.join(' union ')}) personal limit ${PERSONAL_REQUESTS_LISTED + 1}) as ids`,
    params,
  };
}

/** A search among tasks' own names: the templates named with every term (their key, their offering's department), and the condition on a task's terms. */
export interface TaskNames {
  templates: { key: string; departmentId: string }[];
  match: string;
}

/**
 * The ids of the tasks on a page (oldest first), as `visibleRequestIds` for tasks aliased `t`.
 * `personal`: from `personalRequestIds`, when not too many. `implied`: the filters alone keep to
 * what the principal sees (my tasks, my teams' tasks), so they are the walk. `names`: tasks found by
 * their own name besides `page.anyOf`; they are looked for among the tasks made from the templates
 * so named, per department (a task's department is its offering's, so only for the principal's
 * departments that have such a template) and per team (a task may be handed to any team): a desk
 * searching another desk's task name reads nothing of its own.
 */
export function visibleTaskIds(
  s: AccessScope,
  page: ListPage,
  options: { personal?: string[]; implied?: boolean; names?: TaskNames } = {},
): SqlCondition {
  const params: Record<string, unknown> = { ...page.params, vis_limit: page.limit, vis_after: page.after };
  const filters = [...page.where, ...(page.after ? ['t.id > :vis_after'] : [])].map((w) => ` and ${w}`).join('');
  const walk = (sight: string, alternative: string) =>
    `(select t.id from task t where ${sight} and ${alternative}${filters} order by t.id limit :vis_limit)`;
  const anyOf = page.anyOf ?? ['true'];
  const keys = [...new Set(options.names?.templates.map((t) => t.key))];
  keys.forEach((key, i) => (params[`vis_name_${i}`] = key));
  const named = (i: number) => `t.key = :vis_name_${i} and ${options.names!.match}`;
  const byName = keys.map((_, i) => named(i));
  if (s.everything || options.implied)
    return { sql: [...anyOf, ...byName].map((alternative) => walk('true', alternative)).join(' union '), params };

  const { sights, own, listed } = taskSights(s, 't', params, options.personal);
  const walks = sights.flatMap((sight) => {
    // The listed personal tasks are few: one walk with every alternative as one filter.
    if (sight === listed)
      return [
        walk(
          sight,
          `(${[...anyOf, ...(keys.length > 0 ? [`(t.key = any(:vis_name_keys) and ${options.names!.match})`] : [])].join(' or ')})`,
        ),
      ];
    return [...anyOf, ...(sight === own ? [] : byName)].map((alternative) => walk(sight, alternative));
  });
  if (keys.length > 0) params['vis_name_keys'] = keys;
  if (own && keys.length > 0) {
    options.names!.templates.forEach(({ key, departmentId }, j) => {
      if (!s.staffDepartmentIds.includes(departmentId)) return;
      params[`vis_name_department_${j}`] = departmentId;
      walks.push(walk(`t.department_id = :vis_name_department_${j}`, named(keys.indexOf(key))));
    });
    s.teamIds.forEach((team, j) => {
      params[`vis_name_team_${j}`] = team;
      keys.forEach((_, i) => walks.push(walk(`t.team_id = :vis_name_team_${j}`, named(i))));
    });
  }
  return { sql: walks.join(' union '), params };
}
