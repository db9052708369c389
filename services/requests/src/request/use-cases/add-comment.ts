import { Injectable } from '@nestjs/common';
import { createEvent, RequestCommentAddedV1, localized } from '@itsm/contracts';
import type { Principal } from '@itsm/platform/auth';
import { newId } from '@itsm/platform/database';
import { CatalogProjection } from '../../catalog-projection/catalog-projection.repository';
import { isStaffOf } from '../../shared/access';
import { AddComment } from '../dto/request.dto';
import { RequestComment, requestRef } from '../request.entity';
import { RequestActionForbiddenError } from '../request.errors';
import { RequestLifecycle } from '../request-lifecycle';
import { RequestRepository } from '../request.repository';

/** Anyone who may see the request comments on it; internal notes are for agents of its desk. */
@Injectable()
export class AddCommentUseCase {
  constructor(
    private readonly requests: RequestRepository,
    private readonly lifecycle: RequestLifecycle,
    private readonly projection: CatalogProjection,
  ) {}

  execute(requestId: string, input: AddComment, actor: Principal): Promise<RequestComment> {
    return this.lifecycle.transaction(async (m) => {
      const r = await this.requests.lockVisible(m, requestId, actor);
      if (input.internal && !isStaffOf(actor, await this.projection.departmentCode(r.departmentId, m))) {
        throw new RequestActionForbiddenError(
          'requests.comment.internal_forbidden',
          "internal notes are for agents of the request's desk",
          '内部备注仅限该服务台的处理人',
        );
      }
      const comment = Object.assign(new RequestComment(), {
        id: newId(),
        requestId: r.id,
        author: actor.subject,
        body: input.body,
        internal: input.internal,
        createdAt: new Date(),
      });
      await m.insert(RequestComment, comment);
      await this.lifecycle.record(m, {
        request: r,
        events: createEvent(RequestCommentAddedV1, r.id, {
          ...requestRef(r),
          commentId: comment.id,
          internal: comment.internal,
          occurredAt: comment.createdAt.toISOString(),
          actor: actor.subject,
        }),
        action: 'request.comment-added',
        objectType: 'comment',
        objectId: comment.id,
        before: null,
        after: { requestId: r.id, internal: comment.internal, body: comment.body },
        timeline: {
          kind: 'comment',
          actor: actor.subject,
          summary: comment.internal
            ? localized('Internal note added', '添加了内部备注')
            : localized('Comment added', '添加了评论'),
          data: { commentId: comment.id, body: comment.body },
          internal: comment.internal,
        },
      });
      return comment;
    });
  }
}
