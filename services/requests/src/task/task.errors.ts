import { ValidationError } from '@itsm/platform/errors';
import type { FormFieldError } from '../request/form-validation';
import { localized } from '@itsm/contracts';

/** Completing a task whose required checklist items are undone or whose output fields are missing or invalid. */
export class TaskIncompleteError extends ValidationError {
  constructor(fields: FormFieldError[]) {
    const names = [...new Set(fields.map((f) => f.label))];
    super(
      fields,
      localized(
        `the task is not finished: ${names.map((l) => l.en).join(', ')}`,
        `任务尚未完成：${names.map((l) => l['zh-CN']).join('、')}`,
      ),
      { code: 'requests.task.incomplete', title: localized('The task is not finished', '任务尚未完成') },
    );
  }
}
