import type { TaskStatus } from '@itsm/contracts';
import { InvalidStateTransitionError } from '@itsm/platform/errors';

/*
 * A task's life:
 *   blocked → open (its dependencies are done or skipped) | skipped | cancelled
 *   open    → done | failed | skipped | cancelled
 *   failed  → open (retried) | skipped | cancelled
 *   done    → open (reopened while its request is in fulfilment)
 *   skipped, cancelled: final
 */
const TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  blocked: ['open', 'skipped', 'cancelled'],
  open: ['done', 'failed', 'skipped', 'cancelled'],
  failed: ['open', 'skipped', 'cancelled'],
  done: ['open'],
  skipped: [],
  cancelled: [],
};

export function allowedTaskTransitions(from: TaskStatus): readonly TaskStatus[] {
  return TRANSITIONS[from];
}

/** 409 listing what is allowed, e.g. completing a task twice. */
export function assertTaskTransition(from: TaskStatus, to: TaskStatus): void {
  if (!TRANSITIONS[from].includes(to)) {
    throw new InvalidStateTransitionError(from, to, TRANSITIONS[from], {
      code: 'requests.task.transition_not_allowed',
    });
  }
}

/** Tasks still to be worked on when a request is cancelled. */
export const UNFINISHED_TASK_STATUSES: readonly TaskStatus[] = ['blocked', 'open', 'failed'];
