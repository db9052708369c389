import type { Principal, Role } from '@itsm/platform/auth';

/*
 * Object-level access (issue 3): who may see and act on which request. One rule, used both for
 * single objects (in code) and for lists (as SQL), so a list never shows what a read would refuse.
 *
 * - everyone sees the requests they submitted, are the on-behalf-of person of, or watch;
 * - agents, team leads and department admins see the requests of their departments (the
 *   department codes in their token) and the tasks of teams in those departments;
 * - approvers see the requests they are asked to approve, assignees those of their tasks;
 * - platform admins see everything.
 */

/** Roles that work a desk's queue; their token's departments say which desks. */
export const STAFF_ROLES: readonly Role[] = ['agent', 'team-lead', 'department-admin'];

/** Roles that may call the agent endpoints at all (department checks come on top). */
export const AGENT_ROLES: Role[] = ['agent', 'team-lead', 'department-admin', 'platform-admin'];

export function isPlatformAdmin(p: Principal): boolean {
  return p.roles.includes('platform-admin');
}

function isStaff(p: Principal): boolean {
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

/** Departments (by code) whose queues the principal works: none for requesters. */
function staffDepartments(p: Principal): string[] {
  return isStaff(p) ? p.departments : [];
}

/** The visibility rule as a condition on a request aliased `alias` (TypeORM named parameters). */
export function requestVisibility(p: Principal, alias = 'r'): SqlCondition {
  if (isPlatformAdmin(p)) return { sql: 'true', params: {} };
  return {
    sql: `(${alias}.requester_id = :vis_subject
      or lower(${alias}.on_behalf_of) = lower(:vis_subject)
      or :vis_subject = any(${alias}.watchers)
      or ${alias}.department_id in (select vd.id from catalog_department vd where vd.code = any(:vis_departments))
      or exists (select 1 from approval va where va.request_id = ${alias}.id and (
            lower(va.approver) = lower(:vis_subject)
         or (va.approver_kind = 'role' and va.approver_role = any(:vis_roles)
             and va.approver_department_id in (select vd.id from catalog_department vd where vd.code = any(:vis_all_departments)))))
      or exists (select 1 from task vt where vt.request_id = ${alias}.id and lower(vt.assignee) = lower(:vis_subject)))`,
    params: { vis_subject: p.subject, vis_departments: staffDepartments(p), vis_roles: [...p.roles], vis_all_departments: p.departments },
  };
}

/** Tasks: those of requests the principal sees, of teams in their departments, of teams they belong to. */
export function taskVisibility(p: Principal, alias = 't'): SqlCondition {
  if (isPlatformAdmin(p)) return { sql: 'true', params: {} };
  const request = requestVisibility(p, 'tr');
  return {
    sql: `(exists (select 1 from request tr where tr.id = ${alias}.request_id and ${request.sql})
      or ${alias}.team_id in (select tt.id from catalog_team tt join catalog_department td on td.id = tt.department_id where td.code = any(:vis_departments))
      or ${alias}.team_id in (select tt.id from catalog_team tt where tt.members @> jsonb_build_array(jsonb_build_object('userId', :vis_subject::text))))`,
    params: request.params,
  };
}
