import { Injectable } from '@nestjs/common';
import { saveHeld } from '@itsm/platform/database';
import { RequestLifecycle } from '../../request/request-lifecycle';
import { createEvent, TaskCompletedV1, localized } from '@itsm/contracts';
import type { Principal } from '@itsm/platform/auth';
import { ValidationError } from '@itsm/platform/errors';
import { FormFieldError, FormValidator, labelOf } from '../../request/form-validation';
import { CompleteTask } from '../dto/task.dto';
import { Fulfilment, taskEventData } from '../fulfilment';
import { Task, taskState } from '../task.entity';
import { TaskRepository } from '../task.repository';
import { assertTaskTransition } from '../task-state-machine';
import { assertRequestInFulfilment } from '../task-guards';
import { TaskIncompleteError } from '../task.errors';
import { Clock } from '../../reminder/clock';

/**
 * Completes an open task with its outputs (checklist and fields), writes them to the request's
 * timeline, opens the tasks that waited on it, and fulfils the request when nothing is left.
 * Completing it again is a 409 (done → done is not a transition). Every item of its checklist must
 * be done and its output fields valid (issue 10, item 8), else a 400 naming each.
 */
@Injectable()
export class CompleteTaskUseCase {
  private readonly forms: FormValidator;

  constructor(
    private readonly lifecycle: RequestLifecycle,
    private readonly tasks: TaskRepository,
    private readonly fulfilment: Fulfilment,
    clock: Clock,
  ) {
    this.forms = new FormValidator(() => clock.now());
  }

  execute(id: string, input: CompleteTask, actor: Principal): Promise<Task> {
    return this.lifecycle.transaction(async (m) => {
      const { task, request } = await this.tasks.lockForWork(m, id, actor);
      assertTaskTransition(task.status, 'done');
      assertRequestInFulfilment(request, 'done');
      const known = new Set([...task.checklist, ...task.optionalChecklist]);
      const unknown = input.checklist.flatMap((c, i) =>
        known.has(c.item)
          ? []
          : [
              {
                path: `checklist[${i}].item`,
                code: 'unknown_item',
                message: localized(
                  `'${c.item}' is not on this task's checklist`,
                  `「${c.item}」不在该任务的检查清单中`,
                ),
              },
            ],
      );
      if (unknown.length > 0) throw new ValidationError(unknown);
      const fields = task.outputSchema
        ? this.forms.check(
            `${request.offeringId}@${request.offeringVersion}#${task.key}`,
            task.outputSchema,
            input.fields,
            'fields',
          )
        : { data: input.fields, errors: [] };
      const ticked = new Map(input.checklist.map((c) => [c.item, c.done]));
      const undone = task.checklist
        .filter((item) => ticked.get(item) !== true)
        .map((item) =>
          notDone(
            item,
            input.checklist.findLastIndex((c) => c.item === item),
          ),
        );
      if (undone.length > 0 || fields.errors.length > 0) throw new TaskIncompleteError([...undone, ...fields.errors]);

      const before = taskState(task);
      const at = new Date();
      task.status = 'done';
      task.completedAt = at;
      task.reason = null;
      task.outputs = {
        checklist: [...known].map((item) => ({ item, done: ticked.get(item) ?? false })),
        fields: fields.data,
        note: input.note ?? null,
      };
      await saveHeld(m, task);
      const done = task.outputs.checklist.filter((c) => c.done).length;
      await this.fulfilment.recordTask(m, request, task, {
        before,
        events: createEvent(TaskCompletedV1, task.id, {
          ...taskEventData(task, request, actor.subject, at),
          checklistDone: done,
          checklistTotal: known.size,
          onTime: task.dueAt ? at.getTime() <= task.dueAt.getTime() : null,
        }),
        action: 'task.completed',
        kind: 'task-completed',
        actor: actor.subject,
        summary: localized(
          `Task “${task.name.en}” completed (${done}/${known.size} checklist items)`,
          `任务「${task.name['zh-CN']}」已完成（检查项 ${done}/${known.size}）`,
        ),
        data: { outputs: task.outputs },
      });
      await this.fulfilment.advance(m, request, actor.subject);
      return task;
    });
  }
}

/** A required checklist item left undone, at its place in the body when it was given. */
function notDone(item: string, given: number): FormFieldError & { item: string } {
  // Items read like form titles ("创建域账号 / Directory account created"): one language each side.
  const label = labelOf(item, item);
  const message = localized(`${label.en}: must be done`, `${label['zh-CN']}：必须完成`);
  return {
    path: given >= 0 ? `checklist[${given}].done` : 'checklist',
    code: 'required_item_not_done',
    message,
    label,
    item,
  };
}
