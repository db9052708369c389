import type { SelectQueryBuilder } from 'typeorm';

/*
 * Filters the agent queues share (issue 4 item 6): by business service, region and department of
 * the request, and "overdue". Tasks and approvals filter on their request's fields through a join
 * aliased `r`, so every queue slices the same way as `GET /requests`.
 */

export interface BusinessFilter {
  businessServiceId?: string;
  region?: string;
  departmentId?: string;
}

/** Request states after which nothing more is owed: a promised time passing no longer matters. */
export const REQUEST_ENDED_STATES = ['fulfilled', 'closed', 'rejected', 'cancelled'];
/** Task states that no longer need work. */
export const TASK_ENDED_STATES = ['done', 'skipped', 'cancelled'];

/** Applies the business filters to the request aliased `alias` (already part of the query). */
export function applyBusinessFilter<T extends object>(qb: SelectQueryBuilder<T>, f: BusinessFilter, alias = 'r'): SelectQueryBuilder<T> {
  if (f.businessServiceId) qb.andWhere(`${alias}.business_service_id = :qBusinessServiceId`, { qBusinessServiceId: f.businessServiceId });
  if (f.region) qb.andWhere(`${alias}.region = :qRegion`, { qRegion: f.region });
  if (f.departmentId) qb.andWhere(`${alias}.department_id = :qDepartmentId`, { qDepartmentId: f.departmentId });
  return qb;
}

/** Requests past their promised delivery and not finished. */
export function requestOverdueSql(alias = 'r'): string {
  return `(${alias}.promised_at < now() and ${alias}.status <> all(array['${REQUEST_ENDED_STATES.join("','")}']))`;
}

/** Tasks past their due time and not done, skipped or cancelled. */
export function taskOverdueSql(alias = 't'): string {
  return `(${alias}.due_at is not null and ${alias}.due_at < now() and ${alias}.status <> all(array['${TASK_ENDED_STATES.join("','")}']))`;
}
