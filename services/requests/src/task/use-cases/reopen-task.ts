import { Injectable } from '@nestjs/common';
import { saveHeld } from '@itsm/platform/database';
import { RequestLifecycle } from '../../request/request-lifecycle';
import { createEvent, TaskReopenedV1, localized } from '@itsm/contracts';
import type { Principal } from '@itsm/platform/auth';
import { Fulfilment, taskEventData } from '../fulfilment';
import { Task, taskState } from '../task.entity';
import { TaskRepository } from '../task.repository';
import { assertTaskTransition } from '../task-state-machine';
import { assertRequestInFulfilment } from '../task-guards';

/** A failed task is retried, or a completed one redone (after the request was reopened). */
@Injectable()
export class ReopenTaskUseCase {
  constructor(
    private readonly lifecycle: RequestLifecycle,
    private readonly tasks: TaskRepository,
    private readonly fulfilment: Fulfilment,
  ) {}

  execute(id: string, reason: string | null, actor: Principal): Promise<Task> {
    return this.lifecycle.transaction(async (m) => {
      const { task, request } = await this.tasks.lockForWork(m, id, actor);
      assertTaskTransition(task.status, 'open');
      assertRequestInFulfilment(request, 'open');
      const before = taskState(task);
      const previousStatus = task.status;
      const at = new Date();
      task.status = 'open';
      task.reason = reason;
      task.completedAt = null;
      task.openedAt = at;
      await saveHeld(m, task);
      await this.fulfilment.recordTask(m, request, task, {
        before,
        events: createEvent(TaskReopenedV1, task.id, {
          ...taskEventData(task, request, actor.subject, at),
          previousStatus,
          reason,
        }),
        action: 'task.reopened',
        kind: 'task-reopened',
        actor: actor.subject,
        summary: localized(
          `Task “${task.name.en}” reopened${reason ? `: ${reason}` : ''}`,
          `任务「${task.name['zh-CN']}」已重新打开${reason ? `：${reason}` : ''}`,
        ),
        data: { previousStatus, reason },
      });
      await this.fulfilment.releaseIfClear(m, request, actor.subject);
      return task;
    });
  }
}
