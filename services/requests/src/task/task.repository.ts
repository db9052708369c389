import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Principal } from '@itsm/platform/auth';
import { NotFoundError } from '@itsm/platform/errors';
import { Page, pageOf } from '@itsm/platform/database';
import type { SearchQuery } from '@itsm/platform/search';
import {
  AccessScope,
  isStaffOf,
  PERSONAL_REQUESTS_LISTED,
  personalRequestIds,
  sameUser,
  taskVisibility,
  visibleTaskIds,
} from '../shared/access';
import { CatalogProjection } from '../catalog-projection/catalog-projection.repository';
import { Request } from '../request/request.entity';
import { RequestActionForbiddenError } from '../request/request.errors';
import { addBusinessFilter, Conditions, requestMatchSql, taskOverdueSql } from '../request/queue-filters';
import { Task } from './task.entity';
import { localized } from '@itsm/contracts';

export class TaskNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('requests.task.not_found', localized(`no task ${id} that you may see`, `没有您可查看的任务 ${id}`));
  }
}

export interface TaskListFilter {
  limit: number;
  after?: string;
  /** `me`: assigned to the caller; `my-teams`: of teams the caller belongs to or works the desk of. */
  assignedTo?: 'me' | 'my-teams';
  status?: string;
  teamId?: string;
  requestId?: string;
  /** Past the due time and not done, skipped or cancelled. */
  overdue?: boolean;
  businessServiceId?: string;
  region?: string;
  departmentId?: string;
  q?: SearchQuery;
}

@Injectable()
export class TaskRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projection: CatalogProjection,
  ) {}

  async visible(id: string, p: Principal, m: EntityManager = this.dataSource.manager): Promise<Task> {
    const visibility = taskVisibility(await this.projection.accessScope(p, m));
    const task = await m
      .getRepository(Task)
      .createQueryBuilder('t')
      .where('t.id = :id', { id })
      .andWhere(visibility.sql, visibility.params)
      .getOne();
    if (!task) throw new TaskNotFoundError(id);
    return task;
  }

  /**
   * Locks a task's request and then the task for a change by someone who may work on it: its
   * assignee, a member of its team, or an agent of the team's or the request's desk.
   */
  async lockForWork(m: EntityManager, id: string, p: Principal): Promise<{ task: Task; request: Request }> {
    const seen = await this.visible(id, p, m);
    const request = await m
      .getRepository(Request)
      .findOne({ where: { id: seen.requestId }, lock: { mode: 'pessimistic_write' } });
    const task = await m.getRepository(Task).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!request || !task) throw new TaskNotFoundError(id);
    const team = task.teamId ? (await this.projection.teams([task.teamId], m)).get(task.teamId) : undefined;
    const allowed =
      sameUser(task.assignee, p.subject) ||
      (team?.members ?? []).some((member) => sameUser(member.userId, p.subject)) ||
      isStaffOf(p, team ? await this.projection.departmentCode(team.departmentId, m) : null) ||
      isStaffOf(p, await this.projection.departmentCode(request.departmentId, m));
    if (!allowed) {
      throw new RequestActionForbiddenError(
        'requests.task.work_forbidden',
        "only the task's assignee, its team or an agent of its desk may work on it",
        '只有任务负责人、所属团队或该服务台的处理人可以处理此任务',
      );
    }
    return { task, request };
  }

  forRequest(requestId: string): Promise<Task[]> {
    return this.dataSource.getRepository(Task).find({ where: { requestId }, order: { id: 'ASC' } });
  }

  /**
   * Tasks the caller may see, filtered in SQL; oldest first (queues work from the front). One index
   * walk per way of seeing (access.ts); a search walks for the request's terms, and for the task's
   * name among the tasks of the templates so named.
   */
  async list(p: Principal, f: TaskListFilter): Promise<Page<Task>> {
    return pageOf(await (await this.listQuery(p, f)).getMany(), f.limit, (t) => ({ id: t.id }));
  }

  /** The query of a page of `list` (one more than the page, to tell whether another follows). */
  async listQuery(p: Principal, f: TaskListFilter): Promise<SelectQueryBuilder<Task>> {
    const scope = await this.projection.accessScope(p);
    const c = new Conditions();
    if (f.assignedTo === 'me') c.add('lower(t.assignee) = lower(:me)', { me: p.subject });
    if (f.assignedTo === 'my-teams') c.add('t.team_id = any(:myTeams::uuid[])', { myTeams: scope.teamIds });
    if (f.status) c.add('t.status = :status', { status: f.status });
    if (f.teamId) c.add('t.team_id = :teamId', { teamId: f.teamId });
    if (f.requestId) c.add('t.request_id = :requestId', { requestId: f.requestId });
    if (f.overdue === true) c.add(taskOverdueSql('t'));
    if (f.overdue === false) c.add(`not ${taskOverdueSql('t')}`);
    // The department is the task's own copy of its request's.
    if (f.departmentId) c.add('t.department_id = :departmentId', { departmentId: f.departmentId });
    addBusinessFilter(c, { region: f.region, businessServiceId: f.businessServiceId }, 't', true);
    // A search finds tasks by their request, or by their own name (named after their offering's templates).
    const anyOf = f.q
      ? [`exists (select from request qr where qr.id = t.request_id and ${requestMatchSql(f.q, 'qr', c.params)})`]
      : undefined;
    const names = f.q
      ? { templates: await this.projection.templatesNamed(f.q.terms), match: 't.search_terms @> :qTerms::text[]' }
      : undefined;
    // A task assigned to me or to one of my teams is one I may see: then the filter is the walk.
    const implied = f.assignedTo !== undefined;
    const personal = implied ? undefined : await this.personalRequests(scope);
    const ids = visibleTaskIds(
      scope,
      { where: c.where, anyOf, params: c.params, after: f.after, limit: f.limit + 1 },
      { personal, implied, names },
    );
    return this.dataSource
      .getRepository(Task)
      .createQueryBuilder('t')
      .where(`t.id = any(array(${ids.sql}))`, ids.params)
      .orderBy('t.id', 'ASC')
      .limit(f.limit + 1);
  }

  /** The requests the principal sees personally, when few enough to fetch their tasks by request (access.ts). */
  private async personalRequests(scope: AccessScope): Promise<string[] | undefined> {
    if (scope.everything) return undefined;
    const query = personalRequestIds(scope);
    const [sql, values] = this.dataSource.driver.escapeQueryWithParameters(query.sql, query.params);
    const [row]: { ids: string[] }[] = await this.dataSource.query(sql, values);
    return row.ids.length <= PERSONAL_REQUESTS_LISTED ? row.ids : undefined;
  }
}
