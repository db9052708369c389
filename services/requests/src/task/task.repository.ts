import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@itsm/platform/auth';
import { NotFoundError } from '@itsm/platform/errors';
import { Page, pageOf } from '@itsm/platform/database';
import { isStaffOf, sameUser, taskVisibility } from '../shared/access';
import { CatalogProjection } from '../catalog-projection/catalog-projection.repository';
import { Request } from '../request/request.entity';
import { RequestActionForbiddenError } from '../request/request.errors';
import { applyBusinessFilter, BusinessFilter, taskOverdueSql } from '../request/queue-filters';
import { Task } from './task.entity';

export class TaskNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('requests.task.not_found', { en: `no task ${id} that you may see`, 'zh-CN': `没有您可查看的任务 ${id}` });
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
}

function hasBusinessFilter(f: BusinessFilter): boolean {
  return Boolean(f.businessServiceId || f.region || f.departmentId);
}

@Injectable()
export class TaskRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projection: CatalogProjection,
  ) {}

  async visible(id: string, p: Principal, m: EntityManager = this.dataSource.manager): Promise<Task> {
    const visibility = taskVisibility(p);
    const task = await m.getRepository(Task).createQueryBuilder('t').where('t.id = :id', { id }).andWhere(visibility.sql, visibility.params).getOne();
    if (!task) throw new TaskNotFoundError(id);
    return task;
  }

  /**
   * Locks a task's request and then the task for a change by someone who may work on it: its
   * assignee, a member of its team, or an agent of the team's or the request's desk.
   */
  async lockForWork(m: EntityManager, id: string, p: Principal): Promise<{ task: Task; request: Request }> {
    const seen = await this.visible(id, p, m);
    const request = await m.getRepository(Request).findOne({ where: { id: seen.requestId }, lock: { mode: 'pessimistic_write' } });
    const task = await m.getRepository(Task).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!request || !task) throw new TaskNotFoundError(id);
    const team = task.teamId ? (await this.projection.teams([task.teamId], m)).get(task.teamId) : undefined;
    const allowed =
      sameUser(task.assignee, p.subject) ||
      (team?.members ?? []).some((member) => sameUser(member.userId, p.subject)) ||
      isStaffOf(p, team ? await this.projection.departmentCode(team.departmentId, m) : null) ||
      isStaffOf(p, await this.projection.departmentCode(request.departmentId, m));
    if (!allowed) {
      throw new RequestActionForbiddenError('requests.task.work_forbidden', "only the task's assignee, its team or an agent of its desk may work on it", '只有任务负责人、所属团队或该服务台的处理人可以处理此任务');
    }
    return { task, request };
  }

  forRequest(requestId: string): Promise<Task[]> {
    return this.dataSource.getRepository(Task).find({ where: { requestId }, order: { id: 'ASC' } });
  }

  /** Tasks the caller may see, filtered in SQL; oldest first (queues work from the front). */
  async list(p: Principal, f: TaskListFilter): Promise<Page<Task>> {
    const visibility = taskVisibility(p);
    const qb = this.dataSource.getRepository(Task).createQueryBuilder('t').where(visibility.sql, visibility.params);
    if (f.assignedTo === 'me') qb.andWhere('lower(t.assignee) = lower(:me)', { me: p.subject });
    if (f.assignedTo === 'my-teams') {
      qb.andWhere(
        `(t.team_id in (select mt.id from catalog_team mt where mt.members @> jsonb_build_array(jsonb_build_object('userId', :me::text)))
          or t.team_id in (select mt.id from catalog_team mt join catalog_department md on md.id = mt.department_id where md.code = any(:myDepartments)))`,
        { me: p.subject, myDepartments: p.roles.some((r) => r === 'agent' || r === 'team-lead' || r === 'department-admin') ? p.departments : [] },
      );
    }
    if (f.status) qb.andWhere('t.status = :status', { status: f.status });
    if (f.teamId) qb.andWhere('t.team_id = :teamId', { teamId: f.teamId });
    if (f.requestId) qb.andWhere('t.request_id = :requestId', { requestId: f.requestId });
    if (f.overdue === true) qb.andWhere(taskOverdueSql('t'));
    if (f.overdue === false) qb.andWhere(`not ${taskOverdueSql('t')}`);
    if (hasBusinessFilter(f)) applyBusinessFilter(qb.innerJoin(Request, 'r', 'r.id = t.request_id'), f);
    if (f.after) qb.andWhere('t.id > :after', { after: f.after });
    const rows = await qb.orderBy('t.id', 'ASC').limit(f.limit + 1).getMany();
    return pageOf(rows, f.limit, (t) => ({ id: t.id }));
  }
}
