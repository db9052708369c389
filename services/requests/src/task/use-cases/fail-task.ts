import { Injectable } from '@nestjs/common';
import { saveHeld } from '@itsm/platform/database';
import { RequestLifecycle } from '../../request/request-lifecycle';
import { createEvent, TaskFailedV1, localized } from '@itsm/contracts';
import type { Principal } from '@itsm/platform/auth';
import { Fulfilment, taskEventData } from '../fulfilment';
import { Task, taskState } from '../task.entity';
import { TaskRepository } from '../task.repository';
import { assertTaskTransition } from '../task-state-machine';
import { assertRequestInFulfilment } from '../task-guards';

/** The work cannot be done as planned: the task fails and holds its request until retried or skipped. */
@Injectable()
export class FailTaskUseCase {
  constructor(
    private readonly lifecycle: RequestLifecycle,
    private readonly tasks: TaskRepository,
    private readonly fulfilment: Fulfilment,
  ) {}

  execute(id: string, reason: string, actor: Principal): Promise<Task> {
    return this.lifecycle.transaction(async (m) => {
      const { task, request } = await this.tasks.lockForWork(m, id, actor);
      assertTaskTransition(task.status, 'failed');
      assertRequestInFulfilment(request, 'failed');
      const before = taskState(task);
      const at = new Date();
      task.status = 'failed';
      task.reason = reason;
      await saveHeld(m, task);
      await this.fulfilment.recordTask(m, request, task, {
        before,
        events: createEvent(TaskFailedV1, task.id, { ...taskEventData(task, request, actor.subject, at), reason }),
        action: 'task.failed',
        kind: 'task-failed',
        actor: actor.subject,
        summary: localized(`Task “${task.name.en}” failed: ${reason}`, `任务「${task.name['zh-CN']}」失败：${reason}`),
        data: { reason },
      });
      await this.fulfilment.hold(m, request, task, actor.subject, reason);
      return task;
    });
  }
}
