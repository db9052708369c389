import { Injectable } from '@nestjs/common';
import { saveHeld } from '@itsm/platform/database';
import { createEvent, RequestCancelledV1, localized } from '@itsm/contracts';
import type { Principal } from '@itsm/platform/auth';
import { ApprovalWorkflow } from '../../approval/approval-workflow';
import { Fulfilment } from '../../task/fulfilment';
import { CatalogProjection } from '../../catalog-projection/catalog-projection.repository';
import { isPartyTo, isStaffOf } from '../../shared/access';
import { Request, requestState } from '../request.entity';
import { RequestActionForbiddenError } from '../request.errors';
import { RequestLifecycle } from '../request-lifecycle';
import { RequestRepository } from '../request.repository';
import { ReminderScheduler } from '../../reminder/reminder.scheduler';

/** The requester (or the person it is for) or an agent of its desk cancels; open approvals and tasks go with it. */
@Injectable()
export class CancelRequestUseCase {
  constructor(
    private readonly requests: RequestRepository,
    private readonly lifecycle: RequestLifecycle,
    private readonly workflow: ApprovalWorkflow,
    private readonly fulfilment: Fulfilment,
    private readonly projection: CatalogProjection,
    private readonly reminders: ReminderScheduler,
  ) {}

  execute(id: string, actor: Principal, reason: string | null): Promise<Request> {
    return this.lifecycle.transaction(async (m) => {
      const r = await this.requests.lockVisible(m, id, actor);
      if (!isPartyTo(actor, r) && !isStaffOf(actor, await this.projection.departmentCode(r.departmentId, m))) {
        throw new RequestActionForbiddenError(
          'requests.request.cancel_forbidden',
          'only the requester or an agent of its desk may cancel a request',
          '只有申请人或该服务台的处理人可以取消申请',
        );
      }
      const before = requestState(r);
      const change = this.lifecycle.move(r, 'cancelled', actor.subject);
      await saveHeld(m, r);
      await this.lifecycle.record(m, {
        request: r,
        events: createEvent(RequestCancelledV1, r.id, { ...change, reason }),
        action: 'request.cancelled',
        objectType: 'request',
        before,
        after: requestState(r),
        timeline: {
          kind: 'cancelled',
          actor: actor.subject,
          summary: localized(`Cancelled${reason ? `: ${reason}` : ''}`, `已取消${reason ? `：${reason}` : ''}`),
          data: { reason },
        },
      });
      await this.workflow.withdrawPending(m, r, actor.subject, 'request-cancelled');
      await this.fulfilment.cancelTasks(m, r, actor.subject, reason);
      // Reminders: a cancelled request's timers never fire.
      await this.reminders.cancelFor(m, r.id);
      return r;
    });
  }
}
