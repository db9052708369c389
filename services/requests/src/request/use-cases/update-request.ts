import { Injectable } from '@nestjs/common';
import { saveHeld } from '@itsm/platform/database';
import { createEvent, RequestUpdatedV1, localized } from '@itsm/contracts';
import type { Principal } from '@itsm/platform/auth';
import { CatalogProjection } from '../../catalog-projection/catalog-projection.repository';
import { isPartyTo } from '../../shared/access';
import { UpdateRequest } from '../dto/request.dto';
import { Request, requestRef, requestState } from '../request.entity';
import { RequestUpdateForbiddenError } from '../request.errors';
import { assertMayWrite, fieldsSet, writerOf } from '../request-fields';
import { RequestLifecycle } from '../request-lifecycle';
import { RequestRepository } from '../request.repository';

/** Who watches and the priority, each by whoever REQUEST_FIELD_WRITERS lets set it. */
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
      const writer = writerOf(actor, await this.projection.departmentCode(r.departmentId, m), isPartyTo(actor, r));
      if (writer === null) throw new RequestUpdateForbiddenError();
      assertMayWrite('update', writer, fieldsSet(input, { watchers: r.watchers, priority: r.priority }));
      const before = requestState(r);
      const previousPriority = r.priority;
      if (input.watchers !== undefined) r.watchers = [...new Set(input.watchers)];
      if (input.priority !== undefined) r.priority = input.priority;
      await saveHeld(m, r);
      const at = new Date();
      await this.lifecycle.record(m, {
        request: r,
        events: createEvent(RequestUpdatedV1, r.id, {
          ...requestRef(r),
          watchers: r.watchers,
          previousPriority,
          occurredAt: at.toISOString(),
          actor: actor.subject,
        }),
        action: 'request.updated',
        objectType: 'request',
        before,
        after: requestState(r),
        timeline: {
          kind: 'updated',
          actor: actor.subject,
          summary: localized(
            `Updated: priority ${r.priority}, ${r.watchers.length} watcher(s)`,
            `已更新：优先级 ${r.priority}，关注人 ${r.watchers.length} 位`,
          ),
          data: { priority: r.priority, previousPriority, watchers: r.watchers },
        },
      });
      return r;
    });
  }
}
