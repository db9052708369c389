import type { SearchQuery } from '@itsm/platform/search';
import { requestSearch } from './request-search';

/*
 * Filters the lists share (issue 4 item 6, issue 10 item 17): by business service, region and
 * department of the request, "overdue", and search. Each is a condition on the list's rows with its
 * parameters; tasks and approvals test their request's fields through `exists`, so every queue
 * slices the same way as `GET /requests`.
 */

export interface BusinessFilter {
  businessServiceId?: string;
  region?: string;
  departmentId?: string;
}

/** Conditions and their parameters, to go on one list's query. */
export class Conditions {
  readonly where: string[] = [];
  readonly params: Record<string, unknown> = {};

  add(sql: string, params: Record<string, unknown> = {}): this {
    this.where.push(sql);
    Object.assign(this.params, params);
    return this;
  }
}

/** Request states after which nothing more is owed: a promised time passing no longer matters. */
export const REQUEST_ENDED_STATES = ['fulfilled', 'closed', 'rejected', 'cancelled'];
/** Task states that no longer need work. */
export const TASK_ENDED_STATES = ['done', 'skipped', 'cancelled'];

function businessConditions(f: BusinessFilter, alias: string): string[] {
  return [
    ...(f.businessServiceId ? [`${alias}.business_service_id = :qBusinessServiceId`] : []),
    ...(f.region ? [`${alias}.region = :qRegion`] : []),
    ...(f.departmentId ? [`${alias}.department_id = :qDepartmentId`] : []),
  ];
}

/** The business filters on the request aliased `alias` (for requests), or on the request of the row aliased `alias` (`ofRequest`: approvals, tasks). */
export function addBusinessFilter(c: Conditions, f: BusinessFilter, alias: string, ofRequest = false): void {
  const on = businessConditions(f, ofRequest ? 'fr' : alias);
  if (on.length === 0) return;
  c.add(
    ofRequest
      ? `exists (select from request fr where fr.id = ${alias}.request_id and ${on.join(' and ')})`
      : on.join(' and '),
    {
      qBusinessServiceId: f.businessServiceId,
      qRegion: f.region,
      qDepartmentId: f.departmentId,
    },
  );
}

/** Requests past their promised delivery and not finished. */
export function requestOverdueSql(alias = 'r'): string {
  // Spelled as the partial index request_department_live is, so that the planner can use it.
  return `(${alias}.promised_at < now() and ${alias}.status not in (${REQUEST_ENDED_STATES.map((s) => `'${s}'`).join(', ')}))`;
}

/** Tasks past their due time and not done, skipped or cancelled. */
export function taskOverdueSql(alias = 't'): string {
  return `(${alias}.due_at is not null and ${alias}.due_at < now() and ${alias}.status not in (${TASK_ENDED_STATES.map((s) => `'${s}'`).join(', ')}))`;
}

/** `q` on the request aliased `alias`: its terms, or its number (see requestSearch). */
export function requestMatchSql(q: SearchQuery, alias: string, params: Record<string, unknown>): string {
  const { terms, numbers } = requestSearch(q);
  params['qTerms'] = terms;
  const ranges = numbers.map(([from, to], i) => {
    params[`qFrom${i}`] = from;
    params[`qTo${i}`] = to;
    return ` or ${alias}.number between :qFrom${i} and :qTo${i}`;
  });
  return `(${alias}.search_terms @> :qTerms::text[]${ranges.join('')})`;
}
