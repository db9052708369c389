import { Injectable } from '@nestjs/common';
import { saveHeld } from '@itsm/platform/database';
import { RequestLifecycle } from '../../request/request-lifecycle';
import { createEvent, TaskSkippedV1, localized } from '@itsm/contracts';
import type { Principal } from '@itsm/platform/auth';
import { Fulfilment, taskEventData } from '../fulfilment';
import { Task, taskState } from '../task.entity';
import { TaskRepository } from '../task.repository';
import { assertTaskTransition } from '../task-state-machine';
import { assertRequestInFulfilment } from '../task-guards';

/** Not needed for this request (e.g. no VPN asked for): tasks waiting on it may open. */
@Injectable()
export class SkipTaskUseCase {
  constructor(
    private readonly lifecycle: RequestLifecycle,
    private readonly tasks: TaskRepository,
    private readonly fulfilment: Fulfilment,
  ) {}

  execute(id: string, reason: string, actor: Principal): Promise<Task> {
    return this.lifecycle.transaction(async (m) => {
      const { task, request } = await this.tasks.lockForWork(m, id, actor);
      assertTaskTransition(task.status, 'skipped');
      assertRequestInFulfilment(request, 'skipped');
      const before = taskState(task);
      const at = new Date();
      task.status = 'skipped';
      task.reason = reason;
      task.completedAt = at;
      await saveHeld(m, task);
      await this.fulfilment.recordTask(m, request, task, {
        before,
        events: createEvent(TaskSkippedV1, task.id, { ...taskEventData(task, request, actor.subject, at), reason }),
        action: 'task.skipped',
        kind: 'task-skipped',
        actor: actor.subject,
        summary: localized(
          `Task “${task.name.en}” skipped: ${reason}`,
          `任务「${task.name['zh-CN']}」已跳过：${reason}`,
        ),
        data: { reason },
      });
      await this.fulfilment.releaseIfClear(m, request, actor.subject);
      await this.fulfilment.advance(m, request, actor.subject);
      return task;
    });
  }
}
