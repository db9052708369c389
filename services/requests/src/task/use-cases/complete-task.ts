import { Injectable } from '@nestjs/common';
import { saveHeld } from '@itsm/platform/database';
import { RequestLifecycle } from '../../request/request-lifecycle';
import { createEvent, TaskCompletedV1 } from '@itsm/contracts';
import type { Principal } from '@itsm/platform/auth';
import { ValidationError } from '@itsm/platform/errors';
import { CompleteTask } from '../dto/task.dto';
import { Fulfilment, taskEventData } from '../fulfilment';
import { Task, taskState } from '../task.entity';
import { TaskRepository } from '../task.repository';
import { assertTaskTransition } from '../task-state-machine';
import { assertRequestInFulfilment } from '../task-guards';

/**
 * Completes an open task with its outputs (checklist and fields), writes them to the request's
 * timeline, opens the tasks that waited on it, and fulfils the request when nothing is left.
 * Completing it again is a 409 (done → done is not a transition).
 */
@Injectable()
export class CompleteTaskUseCase {
  constructor(
    private readonly lifecycle: RequestLifecycle,
    private readonly tasks: TaskRepository,
    private readonly fulfilment: Fulfilment,
  ) {}

  execute(id: string, input: CompleteTask, actor: Principal): Promise<Task> {
    return this.lifecycle.transaction(async (m) => {
      const { task, request } = await this.tasks.lockForWork(m, id, actor);
      assertTaskTransition(task.status, 'done');
      assertRequestInFulfilment(request, 'done');
      const unknown = input.checklist.flatMap((c, i) => (task.checklist.includes(c.item) ? [] : [{ path: `checklist[${i}].item`, code: 'unknown_item', message: `'${c.item}' is not on this task's checklist` }]));
      if (unknown.length > 0) throw new ValidationError(unknown);

      const before = taskState(task);
      const at = new Date();
      const ticked = new Map(input.checklist.map((c) => [c.item, c.done]));
      task.status = 'done';
      task.completedAt = at;
      task.reason = null;
      task.outputs = {
        checklist: task.checklist.map((item) => ({ item, done: ticked.get(item) ?? false })),
        fields: input.fields,
        note: input.note ?? null,
      };
      await saveHeld(m, task);
      const done = task.outputs.checklist.filter((c) => c.done).length;
      await this.fulfilment.recordTask(m, request, task, {
        before,
        events: createEvent(TaskCompletedV1, task.id, {
          ...taskEventData(task, request, actor.subject, at),
          checklistDone: done,
          checklistTotal: task.checklist.length,
          onTime: task.dueAt ? at.getTime() <= task.dueAt.getTime() : null,
        }),
        action: 'task.completed',
        kind: 'task-completed',
        actor: actor.subject,
        summary: {
          en: `Task “${task.name.en}” completed (${done}/${task.checklist.length} checklist items)`,
          'zh-CN': `任务「${task.name['zh-CN']}」已完成（检查项 ${done}/${task.checklist.length}）`,
        },
        data: { outputs: task.outputs },
      });
      await this.fulfilment.advance(m, request, actor.subject);
      return task;
    });
  }
}
