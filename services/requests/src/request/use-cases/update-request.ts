import { Injectable } from '@nestjs/common';
import { saveHeld } from '@itsm/platform/database';
import { createEvent, RequestUpdatedV1 } from '@itsm/contracts';
import type { Principal } from '@itsm/platform/auth';
import { CatalogProjection } from '../../catalog-projection/catalog-projection.repository';
import { isPartyTo, isStaffOf } from '../../shared/access';
import { UpdateRequest } from '../dto/request.dto';
import { Request, requestRef, requestState } from '../request.entity';
import { RequestActionForbiddenError } from '../request.errors';
import { RequestLifecycle } from '../request-lifecycle';
import { RequestRepository } from '../request.repository';

/** The requester changes who watches; agents of the desk also set the priority. */
@Injectable()
export class UpdateRequestUseCase {
  constructor(
    private readonly requests: RequestRepository,
    private readonly lifecycle: RequestLifecycle,
    private readonly projection: CatalogProjection,
  ) {}

  execute(id: string, input: UpdateRequest, actor: Principal): Promise<Request> {
    return this.lifecycle.transaction(async (m) => {
      const r = await this.requests.lockVisible(m, id, actor);
      const staff = isStaffOf(actor, await this.projection.departmentCode(r.departmentId, m));
      if (!staff && !isPartyTo(actor, r)) {
        throw new RequestActionForbiddenError('requests.request.update_forbidden', 'only the requester or an agent of its desk may change a request', '只有申请人或该服务台的处理人可以修改申请');
      }
      if (input.priority !== undefined && input.priority !== r.priority && !staff) {
        throw new RequestActionForbiddenError('requests.request.priority_forbidden', "only an agent of the request's desk may change its priority", '只有该服务台的处理人可以修改优先级');
      }
      const before = requestState(r);
      const previousPriority = r.priority;
      if (input.watchers !== undefined) r.watchers = [...new Set(input.watchers)];
      if (input.priority !== undefined) r.priority = input.priority;
      await saveHeld(m, r);
      const at = new Date();
      await this.lifecycle.record(m, {
        request: r,
        events: createEvent(RequestUpdatedV1, r.id, { ...requestRef(r), watchers: r.watchers, previousPriority, occurredAt: at.toISOString(), actor: actor.subject }),
        action: 'request.updated',
        objectType: 'request',
        before,
        after: requestState(r),
        timeline: {
          kind: 'updated',
          actor: actor.subject,
          summary: { en: `Updated: priority ${r.priority}, ${r.watchers.length} watcher(s)`, 'zh-CN': `已更新：优先级 ${r.priority}，关注人 ${r.watchers.length} 位` },
          data: { priority: r.priority, previousPriority, watchers: r.watchers },
        },
      });
      return r;
    });
  }
}
