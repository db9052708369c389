import { Injectable } from '@nestjs/common';
import { saveHeld } from '@itsm/platform/database';
import { ApprovalDelegatedV1, createEvent, localized } from '@itsm/contracts';
import type { Principal } from '@itsm/platform/auth';
import { InvalidStateTransitionError, ValidationError } from '@itsm/platform/errors';
import { CatalogProjection } from '../../catalog-projection/catalog-projection.repository';
import { RequestLifecycle } from '../../request/request-lifecycle';
import { RequestRepository } from '../../request/request.repository';
import { sameUser } from '../../shared/access';
import { Delegate } from '../dto/approval.dto';
import { Approval, approvalState, approverOf } from '../approval.entity';
import { approvalEventData, describeApprover } from '../approval-workflow';
import { checkEligible, loadApproval } from './decide-approval';

/** An approver hands their pending approval to another person, who then decides it instead. */
@Injectable()
export class DelegateApprovalUseCase {
  constructor(
    private readonly requests: RequestRepository,
    private readonly projection: CatalogProjection,
    private readonly lifecycle: RequestLifecycle,
  ) {}

  execute(requestId: string, approvalId: string, input: Delegate, actor: Principal): Promise<Approval> {
    return this.lifecycle.transaction(async (m) => {
      const r = await this.requests.lockVisible(m, requestId, actor);
      const approval = await loadApproval(m, r, approvalId);
      await checkEligible(m, this.projection, actor, approval, r);
      if (approval.status !== 'pending') {
        throw new InvalidStateTransitionError(approval.status, 'delegated', [], {
          code: 'requests.approval.already_decided',
        });
      }
      if (approval.approverKind === 'user' && sameUser(approval.approver, input.to)) {
        throw new ValidationError([
          {
            path: 'to',
            code: 'same_approver',
            message: localized(`${input.to} is already the approver`, `${input.to} 已经是审批人`),
          },
        ]);
      }
      const before = approvalState(approval);
      const from = approverOf(approval);
      const at = new Date();
      const reason = input.reason ?? null;
      approval.delegations = [
        ...approval.delegations,
        { from: describeApprover(approval), to: input.to, by: actor.subject, reason, at: at.toISOString() },
      ];
      approval.approverKind = 'user';
      approval.approver = input.to;
      approval.approverRole = null;
      approval.approverDepartmentId = null;
      await saveHeld(m, approval);
      await this.lifecycle.record(m, {
        request: r,
        events: createEvent(ApprovalDelegatedV1, approval.id, {
          ...approvalEventData(approval, r),
          from,
          to: input.to,
          delegatedBy: actor.subject,
          reason,
          delegatedAt: at.toISOString(),
        }),
        action: 'approval.delegated',
        objectType: 'approval',
        before,
        after: approvalState(approval),
        timeline: {
          kind: 'approval-delegated',
          actor: actor.subject,
          summary: localized(
            `Approval of stage “${approval.stageName.en}” handed from ${before.approver.kind === 'user' ? before.approver.userId : `role ${before.approver.role}`} to ${input.to}`,
            `「${approval.stageName['zh-CN']}」的审批已由 ${before.approver.kind === 'user' ? before.approver.userId : `角色 ${before.approver.role}`} 转交给 ${input.to}`,
          ),
          data: { approvalId: approval.id, from, to: input.to, reason },
        },
      });
      return approval;
    });
  }
}
