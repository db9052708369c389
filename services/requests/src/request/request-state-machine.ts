import { DateTime } from 'luxon';
import type { RequestStatus } from '@itsm/contracts';
import { InvalidStateTransitionError } from '@itsm/platform/errors';
import { localized } from '@itsm/contracts';

/*
 * The request's life, in one place. What may happen next from each state; anything else is a
 * 409 listing the allowed ones.
 *
 *   submitted           → pending-approval (stages to pass) | approved (no approval stages)
 *   pending-approval    → approved (every stage passed) | rejected | cancelled
 *   approved            → in-fulfilment (the task plan becomes tasks) | cancelled
 *   in-fulfilment       → fulfilled (every task done or skipped) | cancelled
 *   fulfilled           → closed | in-fulfilment (reopen)
 *   rejected, cancelled → closed
 *   closed              → in-fulfilment (reopen: only when it closed fulfilled, within the window)
 *
 * `submitted` and `approved` are passed through inside one transaction (submission with no
 * approval stages goes straight on; the last approval starts fulfilment), but each step still
 * publishes its own event.
 */
const TRANSITIONS: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  submitted: ['pending-approval', 'approved'],
  'pending-approval': ['approved', 'rejected', 'cancelled'],
  approved: ['in-fulfilment', 'cancelled'],
  'in-fulfilment': ['fulfilled', 'cancelled'],
  fulfilled: ['closed', 'in-fulfilment'],
  rejected: ['closed'],
  cancelled: ['closed'],
  closed: ['in-fulfilment'],
};

/** States a request has ended in for its requester (nothing more will be done unless reopened). */
export const FINISHED_STATUSES: readonly RequestStatus[] = ['fulfilled', 'rejected', 'cancelled', 'closed'];

export function allowedTransitions(from: RequestStatus): readonly RequestStatus[] {
  return TRANSITIONS[from];
}

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Throws the 409 `state.transition_not_allowed` problem (with `allowed`) for an illegal move. */
export function assertTransition(from: RequestStatus, to: RequestStatus): void {
  if (!canTransition(from, to)) throw new InvalidStateTransitionError(from, to, allowedTransitions(from));
}

export interface ReopenCheck {
  status: RequestStatus;
  /** How it ended: reopening gives fulfilment another go, so only fulfilled requests reopen. */
  outcome: 'fulfilled' | 'rejected' | 'cancelled' | null;
  closedAt: Date | null;
}

/**
 * Reopen goes from `fulfilled` (any time before closing) or from `closed` when the request closed
 * fulfilled, no later than `windowDays` after closing; it always lands in `in-fulfilment`.
 */
export function assertReopenable(request: ReopenCheck, now: Date, windowDays: number): void {
  assertTransition(request.status, 'in-fulfilment');
  if (request.status !== 'closed') return;
  if (request.outcome !== 'fulfilled') {
    throw new InvalidStateTransitionError('closed', 'in-fulfilment', [], {
      code: 'requests.request.not_reopenable',
      detail: localized(
        `a request that closed ${request.outcome ?? 'without fulfilment'} cannot be reopened; submit a new one`,
        '未交付即关闭的申请不能重新打开，请重新提交申请',
      ),
    });
  }
  const deadline = DateTime.fromJSDate(request.closedAt ?? now).plus({ days: windowDays });
  if (DateTime.fromJSDate(now) > deadline) {
    throw new InvalidStateTransitionError('closed', 'in-fulfilment', [], {
      code: 'requests.request.reopen_window_passed',
      detail: localized(
        `the request can be reopened up to ${windowDays} days after closing (until ${deadline.toISO()})`,
        `申请关闭后 ${windowDays} 天内可重新打开（截至 ${deadline.toISO()}）`,
      ),
      extra: { reopenableUntil: deadline.toISO() },
    });
  }
}
