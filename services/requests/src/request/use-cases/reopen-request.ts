import { Injectable } from '@nestjs/common';
import { saveHeld } from '@itsm/platform/database';
import { createEvent, RequestReopenedV1, localized } from '@itsm/contracts';
import type { Principal } from '@itsm/platform/auth';
import { CatalogProjection } from '../../catalog-projection/catalog-projection.repository';
import { isPartyTo, isStaffOf } from '../../shared/access';
import { RequestsSettings } from '../../shared/settings';
import { Request, requestState } from '../request.entity';
import { RequestActionForbiddenError } from '../request.errors';
import { RequestLifecycle } from '../request-lifecycle';
import { RequestRepository } from '../request.repository';
import { assertReopenable } from '../request-state-machine';

/**
 * Not what was asked for after all: a fulfilled request (or one closed fulfilled, within the
 * reopen window) goes back into fulfilment. Agents then reopen the tasks to redo; completing them
 * fulfils the request again.
 */
@Injectable()
export class ReopenRequestUseCase {
  constructor(
    private readonly requests: RequestRepository,
    private readonly lifecycle: RequestLifecycle,
    private readonly projection: CatalogProjection,
    private readonly settings: RequestsSettings,
  ) {}

  execute(id: string, actor: Principal, reason: string | null): Promise<Request> {
    return this.lifecycle.transaction(async (m) => {
      const r = await this.requests.lockVisible(m, id, actor);
      if (!isPartyTo(actor, r) && !isStaffOf(actor, await this.projection.departmentCode(r.departmentId, m))) {
        throw new RequestActionForbiddenError(
          'requests.request.reopen_forbidden',
          'only the requester or an agent of its desk may reopen a request',
          '只有申请人或该服务台的处理人可以重新打开申请',
        );
      }
      assertReopenable(r, new Date(), this.settings.reopenWindowDays);
      const before = requestState(r);
      const change = this.lifecycle.move(r, 'in-fulfilment', actor.subject);
      await saveHeld(m, r);
      await this.lifecycle.record(m, {
        request: r,
        events: createEvent(RequestReopenedV1, r.id, { ...change, reason }),
        action: 'request.reopened',
        objectType: 'request',
        before,
        after: requestState(r),
        timeline: {
          kind: 'reopened',
          actor: actor.subject,
          summary: localized(`Reopened${reason ? `: ${reason}` : ''}`, `已重新打开${reason ? `：${reason}` : ''}`),
          data: { reason },
        },
      });
      return r;
    });
  }
}
