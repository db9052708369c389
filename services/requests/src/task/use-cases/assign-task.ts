import { Injectable } from '@nestjs/common';
import { saveHeld } from '@itsm/platform/database';
import { RequestLifecycle } from '../../request/request-lifecycle';
import { createEvent, TaskAssignedV1, localized } from '@itsm/contracts';
import type { Principal } from '@itsm/platform/auth';
import { InvalidStateTransitionError, ValidationError } from '@itsm/platform/errors';
import { CatalogProjection } from '../../catalog-projection/catalog-projection.repository';
import { AssignTask } from '../dto/task.dto';
import { Fulfilment, taskEventData } from '../fulfilment';
import { Task, taskState } from '../task.entity';
import { TaskRepository } from '../task.repository';

/** Reassignment by hand (another team, another member, or back to the team's queue), kept in the task's history. */
@Injectable()
export class AssignTaskUseCase {
  constructor(
    private readonly lifecycle: RequestLifecycle,
    private readonly tasks: TaskRepository,
    private readonly projection: CatalogProjection,
    private readonly fulfilment: Fulfilment,
  ) {}

  execute(id: string, input: AssignTask, actor: Principal): Promise<Task> {
    return this.lifecycle.transaction(async (m) => {
      const { task, request } = await this.tasks.lockForWork(m, id, actor);
      if (!['blocked', 'open', 'failed'].includes(task.status)) {
        throw new InvalidStateTransitionError(task.status, 'assigned', [], { code: 'requests.task.not_assignable' });
      }
      if (input.teamId !== undefined) {
        const team = (await this.projection.teams([input.teamId], m)).get(input.teamId);
        if (!team || team.archived)
          throw new ValidationError([
            {
              path: 'teamId',
              code: 'unknown_team',
              message: localized(`no active team ${input.teamId}`, `没有启用中的团队 ${input.teamId}`),
            },
          ]);
      }
      const before = taskState(task);
      const previousTeamId = task.teamId;
      const previousAssignee = task.assignee;
      const at = new Date();
      if (input.teamId !== undefined) task.teamId = input.teamId;
      // A new team without a named member: the task waits in that team's queue.
      task.assignee =
        input.assignee !== undefined
          ? input.assignee
          : input.teamId !== undefined && input.teamId !== previousTeamId
            ? null
            : task.assignee;
      task.assignments = [
        ...task.assignments,
        { teamId: task.teamId, assignee: task.assignee, strategy: 'manual', by: actor.subject, at: at.toISOString() },
      ];
      await saveHeld(m, task);
      await this.fulfilment.recordTask(m, request, task, {
        before,
        events: createEvent(TaskAssignedV1, task.id, {
          ...taskEventData(task, request, actor.subject, at),
          previousTeamId,
          previousAssignee,
          strategy: 'manual',
        }),
        action: 'task.assigned',
        kind: 'task-assigned',
        actor: actor.subject,
        summary: localized(
          `Task “${task.name.en}” reassigned to ${task.assignee ?? 'its team'}`,
          `任务「${task.name['zh-CN']}」已改派给 ${task.assignee ?? '所属团队'}`,
        ),
        data: { teamId: task.teamId, assignee: task.assignee, previousTeamId, previousAssignee },
      });
      return task;
    });
  }
}
