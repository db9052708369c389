import { ValidationError } from '@itsm/platform/errors';
import type { FormFieldError } from '../request/form-validation';

/** Completing a task whose required checklist items are undone or whose output fields are missing or invalid. */
export class TaskIncompleteError extends ValidationError {
  constructor(fields: FormFieldError[]) {
    const names = [...new Set(fields.map((f) => f.label))];
    super(
      fields,
      {
        en: `the task is not finished: ${names.map((l) => l.en).join(', ')}`,
        'zh-CN': `任务尚未完成：${names.map((l) => l['zh-CN']).join('、')}`,
      },
      { code: 'requests.task.incomplete', title: { en: 'The task is not finished', 'zh-CN': '任务尚未完成' } },
    );
  }
}
