import { Injectable } from '@nestjs/common';
import { saveHeld } from '@itsm/platform/database';
import { createEvent, RequestClosedV1, localized } from '@itsm/contracts';
import type { Principal } from '@itsm/platform/auth';
import { CatalogProjection } from '../../catalog-projection/catalog-projection.repository';
import { isStaffOf } from '../../shared/access';
import { Request, requestState } from '../request.entity';
import { RequestActionForbiddenError } from '../request.errors';
import { RequestLifecycle } from '../request-lifecycle';
import { RequestRepository } from '../request.repository';
import { ReminderScheduler } from '../../reminder/reminder.scheduler';

/** An agent of the request's desk closes a finished (fulfilled, rejected or cancelled) request. */
@Injectable()
export class CloseRequestUseCase {
  constructor(
    private readonly requests: RequestRepository,
    private readonly lifecycle: RequestLifecycle,
    private readonly projection: CatalogProjection,
    private readonly reminders: ReminderScheduler,
  ) {}

  execute(id: string, actor: Principal): Promise<Request> {
    return this.lifecycle.transaction(async (m) => {
      const r = await this.requests.lockVisible(m, id, actor);
      if (!isStaffOf(actor, await this.projection.departmentCode(r.departmentId, m))) {
        throw new RequestActionForbiddenError(
          'requests.request.close_forbidden',
          "only an agent of the request's desk may close it",
          '只有该服务台的处理人可以关闭申请',
        );
      }
      const before = requestState(r);
      const change = this.lifecycle.move(r, 'closed', actor.subject);
      await saveHeld(m, r);
      await this.lifecycle.record(m, {
        request: r,
        events: createEvent(RequestClosedV1, r.id, { ...change, outcome: r.outcome ?? 'fulfilled' }),
        action: 'request.closed',
        objectType: 'request',
        before,
        after: requestState(r),
        timeline: {
          kind: 'closed',
          actor: actor.subject,
          summary: localized(`Closed (${r.outcome})`, `已关闭（${r.outcome}）`),
        },
      });
      // Reminders: a closed request's timers never fire.
      await this.reminders.cancelFor(m, r.id);
      return r;
    });
  }
}
