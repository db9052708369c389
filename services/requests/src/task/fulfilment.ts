import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  AssignmentStrategy,
  createEvent,
  DomainEvent,
  LocalizedText,
  RequestFulfilledV1,
  RequestFulfilmentStartedV1,
  RequestHeldV1,
  RequestReleasedV1,
  TaskAssignedV1,
  TaskCancelledV1,
  TaskCreatedV1,
  TaskOpenedV1,
  localized,
} from '@itsm/contracts';
import { newId, saveHeld } from '@itsm/platform/database';
import { CatalogProjection } from '../catalog-projection/catalog-projection.repository';
import { CatalogOfferingVersion, CatalogTeam } from '../catalog-projection/catalog-projection.entity';
import { Request, requestNumber, requestRef, requestState } from '../request/request.entity';
import { RecordedChange, RequestLifecycle } from '../request/request-lifecycle';
import { taskSearchTerms } from '../request/request-search';
import { RequestsSettings } from '../shared/settings';
import { Task, taskState } from './task.entity';
import { allTasksFinished, planTasks, tasksReadyToOpen } from './task-plan';
import { pickAssignee } from './assignment';
import { AssignmentTurns } from './assignment-turns';
import { UNFINISHED_TASK_STATUSES } from './task-state-machine';

/** The common part of every task event. */
export function taskEventData(t: Task, r: Request, actor: string, at: Date) {
  return {
    taskId: t.id,
    requestId: r.id,
    requestNumber: requestNumber(r.number),
    offeringId: r.offeringId,
    scenario: r.scenario,
    departmentId: r.departmentId,
    region: r.region,
    key: t.key,
    teamId: t.teamId,
    assignee: t.assignee,
    dueAt: t.dueAt?.toISOString() ?? null,
    status: t.status,
    occurredAt: at.toISOString(),
    actor,
  };
}

/**
 * Fulfilment of a request: the task plan becomes tasks, tasks open as their dependencies finish
 * and are assigned by their team's rule, and the request is fulfilled once every task is done or
 * skipped. Callers hold the request's row lock, so one request's tasks change one at a time and
 * each template becomes exactly one task even with several replicas.
 */
@Injectable()
export class Fulfilment {
  constructor(
    private readonly lifecycle: RequestLifecycle,
    private readonly projection: CatalogProjection,
    private readonly settings: RequestsSettings,
    private readonly turns: AssignmentTurns,
  ) {}

  /** approved → in-fulfilment: creates the tasks; those waiting on nothing open and are assigned. */
  async start(m: EntityManager, r: Request, actor: string, pinned?: CatalogOfferingVersion): Promise<void> {
    // Versions never change: the caller's copy of the pinned version saves reading it again.
    const version = pinned ?? (await this.projection.version(r.offeringId, r.offeringVersion, m));
    if (!version) throw new Error(`offering ${r.offeringId} version ${r.offeringVersion} vanished from the projection`);
    const before = requestState(r);
    const at = new Date();
    const change = this.lifecycle.move(r, 'in-fulfilment', actor, at);
    const planned = planTasks(version.taskPlan, r.formData, r.submittedAt, this.settings.businessTimeZone);
    // The request and its new tasks are written with the changes below, in the same round trip.
    this.lifecycle.saveLater(m, r);
    await this.lifecycle.record(m, {
      request: r,
      events: createEvent(RequestFulfilmentStartedV1, r.id, { ...change, taskCount: planned.length }),
      action: 'request.fulfilment-started',
      objectType: 'request',
      before,
      after: requestState(r),
      timeline: {
        kind: 'fulfilment-started',
        actor,
        summary: localized(`Fulfilment started: ${planned.length} task(s)`, `开始交付：共 ${planned.length} 项任务`),
      },
    });

    const tasks = planned.map((p) =>
      Object.assign(new Task(), {
        id: newId(),
        requestId: r.id,
        departmentId: r.departmentId,
        key: p.key,
        name: p.name,
        description: p.description,
        teamId: p.teamId,
        assignee: null,
        status: p.status,
        dependsOn: p.dependsOn,
        checklist: p.checklist,
        optionalChecklist: p.optionalChecklist,
        outputSchema: p.outputSchema,
        outputs: null,
        reason: null,
        dueAt: p.dueAt,
        openedAt: p.status === 'open' ? at : null,
        completedAt: null,
        assignments: [],
        searchTerms: taskSearchTerms(p.name),
        version: 1,
      }),
    );
    const teams = await this.projection.teams(
      tasks.flatMap((t) => (t.teamId ? [t.teamId] : [])),
      m,
    );
    // The open tasks get their owners before they are written.
    const assigned = await this.assignByRule(
      m,
      tasks.filter((t) => t.status === 'open'),
      r,
      teams,
      actor,
      at,
    );
    this.lifecycle.insertLater(m, Task, tasks);
    const changes: RecordedChange[] = tasks.map((task) => {
      // Created first (blocked or open), then assigned: consumers see the task before its owner.
      const created = createEvent(TaskCreatedV1, task.id, {
        ...taskEventData(task, r, actor, at),
        name: task.name,
        dependsOn: task.dependsOn,
        assignee: null,
      });
      const assignment = assigned.get(task.id);
      return {
        request: r,
        events: assignment ? [created, assignment] : [created],
        action: 'task.created',
        objectType: 'task',
        before: null,
        after: taskState(task),
        timeline: {
          kind: 'task-created',
          actor,
          summary: taskSummary(task, teams, 'created'),
          data: { taskId: task.id, key: task.key, status: task.status, teamId: task.teamId, assignee: task.assignee },
        },
      };
    });
    this.lifecycle.recordAll(m, changes);
  }

  /**
   * After a task finished (done or skipped) or came back: opens the tasks whose dependencies are
   * all finished now, and fulfils the request when nothing is left to do.
   */
  async advance(m: EntityManager, r: Request, actor: string): Promise<void> {
    const tasks = await this.tasksOf(m, r.id);
    const ready = new Set(tasksReadyToOpen(tasks));
    if (ready.size > 0) {
      const opening = tasks.filter((t) => ready.has(t.key));
      const teams = await this.projection.teams(
        opening.flatMap((t) => (t.teamId ? [t.teamId] : [])),
        m,
      );
      const at = new Date();
      const opened = new Map<string, { before: unknown; event: DomainEvent }>();
      for (const task of opening) {
        const before = taskState(task);
        task.status = 'open';
        task.openedAt = at;
        opened.set(task.id, { before, event: createEvent(TaskOpenedV1, task.id, taskEventData(task, r, actor, at)) });
      }
      const assigned = await this.assignByRule(m, opening, r, teams, actor, at);
      for (const task of opening) {
        await saveHeld(m, task);
        await this.lifecycle.record(m, {
          request: r,
          events: [opened.get(task.id)!.event, assigned.get(task.id)!],
          action: 'task.opened',
          objectType: 'task',
          before: opened.get(task.id)!.before,
          after: taskState(task),
          timeline: {
            kind: 'task-opened',
            actor,
            summary: taskSummary(task, teams, 'opened'),
            data: { taskId: task.id, key: task.key, teamId: task.teamId, assignee: task.assignee },
          },
        });
      }
    }
    if (r.status === 'in-fulfilment' && allTasksFinished(tasks)) await this.fulfil(m, r, actor);
  }

  /** The request's unfinished tasks are cancelled with it. */
  async cancelTasks(m: EntityManager, r: Request, actor: string, reason: string | null): Promise<void> {
    for (const task of await this.tasksOf(m, r.id)) {
      if (!UNFINISHED_TASK_STATUSES.includes(task.status)) continue;
      const before = taskState(task);
      const at = new Date();
      task.status = 'cancelled';
      task.reason = reason;
      await saveHeld(m, task);
      await this.lifecycle.record(m, {
        request: r,
        events: createEvent(TaskCancelledV1, task.id, { ...taskEventData(task, r, actor, at), reason }),
        action: 'task.cancelled',
        objectType: 'task',
        before,
        after: taskState(task),
        timeline: {
          kind: 'task-cancelled',
          actor,
          summary: localized(
            `Task “${task.name.en}” cancelled with the request`,
            `任务「${task.name['zh-CN']}」随申请取消`,
          ),
          data: { taskId: task.id, key: task.key },
        },
      });
    }
  }

  /** Records a change of one task: its events, its audit record and a line on the request's timeline. */
  async recordTask(
    m: EntityManager,
    r: Request,
    task: Task,
    change: {
      before: unknown;
      events: DomainEvent | DomainEvent[];
      action: string;
      kind: string;
      actor: string;
      summary: LocalizedText;
      data?: Record<string, unknown>;
    },
  ): Promise<void> {
    await this.lifecycle.record(m, {
      request: r,
      events: change.events,
      action: change.action,
      objectType: 'task',
      before: change.before,
      after: taskState(task),
      timeline: {
        kind: change.kind,
        actor: change.actor,
        summary: change.summary,
        data: { taskId: task.id, key: task.key, ...change.data },
      },
    });
  }

  /** A failed task holds the request, and the requester is told (the `held` event names them). */
  async hold(m: EntityManager, r: Request, task: Task, actor: string, reason: string | null): Promise<void> {
    if (r.onHold) return;
    const before = requestState(r);
    r.onHold = true;
    await saveHeld(m, r);
    const at = new Date();
    await this.lifecycle.record(m, {
      request: r,
      events: createEvent(RequestHeldV1, r.id, {
        ...requestRef(r),
        status: r.status,
        previousStatus: r.status,
        occurredAt: at.toISOString(),
        actor,
        taskId: task.id,
        taskKey: task.key,
        reason,
        requesterId: r.requesterId,
      }),
      action: 'request.held',
      objectType: 'request',
      before,
      after: requestState(r),
      timeline: {
        kind: 'held',
        actor,
        summary: localized(
          `On hold: task “${task.name.en}” failed${reason ? ` (${reason})` : ''}`,
          `已暂停：任务「${task.name['zh-CN']}」失败${reason ? `（${reason}）` : ''}`,
        ),
        data: { taskId: task.id, reason },
      },
    });
  }

  /** No failed task left: the hold ends. */
  async releaseIfClear(m: EntityManager, r: Request, actor: string): Promise<void> {
    if (!r.onHold) return;
    const failed = await m.getRepository(Task).countBy({ requestId: r.id, status: 'failed' });
    if (failed > 0) return;
    const before = requestState(r);
    r.onHold = false;
    await saveHeld(m, r);
    await this.lifecycle.record(m, {
      request: r,
      events: createEvent(RequestReleasedV1, r.id, {
        ...requestRef(r),
        status: r.status,
        previousStatus: r.status,
        occurredAt: new Date().toISOString(),
        actor,
      }),
      action: 'request.released',
      objectType: 'request',
      before,
      after: requestState(r),
      timeline: { kind: 'released', actor, summary: localized('No longer on hold', '已恢复交付') },
    });
  }

  tasksOf(m: EntityManager, requestId: string): Promise<Task[]> {
    return m.getRepository(Task).find({ where: { requestId }, order: { id: 'ASC' } });
  }

  private async fulfil(m: EntityManager, r: Request, actor: string): Promise<void> {
    const before = requestState(r);
    const at = new Date();
    const change = this.lifecycle.move(r, 'fulfilled', actor, at);
    await saveHeld(m, r);
    const onTime = at.getTime() <= r.promisedAt.getTime();
    await this.lifecycle.record(m, {
      request: r,
      events: createEvent(RequestFulfilledV1, r.id, { ...change, promisedAt: r.promisedAt.toISOString(), onTime }),
      action: 'request.fulfilled',
      objectType: 'request',
      before,
      after: requestState(r),
      timeline: {
        kind: 'fulfilled',
        actor,
        summary: onTime
          ? localized('Fulfilled: every task is done or skipped, on time', '已交付：所有任务均已完成或跳过，按时交付')
          : localized(
              'Fulfilled: every task is done or skipped, later than promised',
              '已交付：所有任务均已完成或跳过，晚于承诺时间',
            ),
        data: { onTime, promisedAt: r.promisedAt.toISOString() },
      },
    });
  }

  /**
   * Gives open tasks to members of their teams by the teams' rules, and returns each task's
   * assigned event. The tasks are changed in memory; callers write them.
   */
  private async assignByRule(
    m: EntityManager,
    tasks: Task[],
    r: Request,
    teams: Map<string, CatalogTeam>,
    actor: string,
    at: Date,
  ): Promise<Map<string, DomainEvent>> {
    const turnOf = await this.turns.take(tasks.flatMap((t) => (t.teamId ? [t.teamId] : [])));
    const loads = new Map<string, Map<string, number>>();
    const events = new Map<string, DomainEvent>();
    for (const task of tasks) {
      const previousTeamId = task.teamId;
      const previousAssignee = task.assignee;
      let strategy: AssignmentStrategy | 'none' = 'none';
      if (task.teamId) {
        const members = (teams.get(task.teamId)?.members ?? []).map((member) => member.userId);
        const { strategy: rule, turn } = turnOf(task.teamId);
        strategy = rule;
        let load = loads.get(task.teamId);
        if (rule === 'least-loaded' && !load) loads.set(task.teamId, (load = await this.openLoad(m, task.teamId)));
        task.assignee = pickAssignee(rule, members, turn, load ?? new Map());
        // Two tasks of one team in one go: the second sees the first's.
        if (load && task.assignee) load.set(task.assignee, (load.get(task.assignee) ?? 0) + 1);
      }
      task.assignments = [
        ...task.assignments,
        { teamId: task.teamId, assignee: task.assignee, strategy, by: actor, at: at.toISOString() },
      ];
      events.set(
        task.id,
        createEvent(TaskAssignedV1, task.id, {
          ...taskEventData(task, r, actor, at),
          previousTeamId,
          previousAssignee,
          strategy,
        }),
      );
    }
    return events;
  }

  /** Open tasks per member of the team, for least-loaded (read without a lock: two assignments at the same instant may pick the same member). */
  private async openLoad(m: EntityManager, teamId: string): Promise<Map<string, number>> {
    const rows: { assignee: string; open: number }[] = await m.query(
      `select assignee, count(*)::int as open from task where team_id = $1 and status = 'open' and assignee is not null group by assignee`,
      [teamId],
    );
    return new Map(rows.map((row) => [row.assignee, row.open]));
  }
}

function taskSummary(task: Task, teams: Map<string, CatalogTeam>, what: 'created' | 'opened') {
  const team = task.teamId ? teams.get(task.teamId)?.name : undefined;
  const state =
    task.status === 'blocked' ? localized('waiting on other tasks', '等待前置任务') : localized('open', '可处理');
  const to = team
    ? localized(
        ` for ${team.en}${task.assignee ? ` (${task.assignee})` : ''}`,
        `，分派给${team['zh-CN']}${task.assignee ? `（${task.assignee}）` : ''}`,
      )
    : localized(' without a team', '，暂无负责团队');
  return what === 'created'
    ? localized(
        `Task “${task.name.en}” created, ${state.en}${task.status === 'open' ? to.en : ''}`,
        `已创建任务「${task.name['zh-CN']}」，${state['zh-CN']}${task.status === 'open' ? to['zh-CN'] : ''}`,
      )
    : localized(`Task “${task.name.en}” opened${to.en}`, `任务「${task.name['zh-CN']}」可以开始${to['zh-CN']}`);
}
