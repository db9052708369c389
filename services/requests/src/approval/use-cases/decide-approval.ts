import { Injectable } from '@nestjs/common';
import { saveHeld } from '@itsm/platform/database';
import { EntityManager } from 'typeorm';
import { ApprovalDecidedV1, createEvent, localized } from '@itsm/contracts';
import type { Principal } from '@itsm/platform/auth';
import { InvalidStateTransitionError } from '@itsm/platform/errors';
import { CatalogProjection } from '../../catalog-projection/catalog-projection.repository';
import { Request } from '../../request/request.entity';
import { RequestLifecycle } from '../../request/request-lifecycle';
import { RequestRepository } from '../../request/request.repository';
import { assertTransition } from '../../request/request-state-machine';
import { Approval, approvalState } from '../approval.entity';
import { eligibility } from '../approval-access';
import { AlreadyVotedError, ApprovalNotFoundError, NotYourApprovalError } from '../approval.errors';
import { approvalEventData, ApprovalWorkflow, describeApprover } from '../approval-workflow';
import { stageOutcome } from '../approval-plan';

export type Decision = 'approved' | 'rejected';

/**
 * An approver approves or rejects. The request's row lock serializes decisions on one request,
 * so the stage outcome is computed once: the stage passes (next stage, or approval and the start
 * of fulfilment), fails (the request is rejected), or waits for more decisions.
 */
@Injectable()
export class DecideApprovalUseCase {
  constructor(
    private readonly requests: RequestRepository,
    private readonly projection: CatalogProjection,
    private readonly lifecycle: RequestLifecycle,
    private readonly workflow: ApprovalWorkflow,
  ) {}

  execute(
    requestId: string,
    approvalId: string,
    decision: Decision,
    actor: Principal,
    reason: string | null,
  ): Promise<Approval> {
    return this.lifecycle.transaction(async (m) => {
      const r = await this.requests.lockVisible(m, requestId, actor);
      const approval = await loadApproval(m, r, approvalId);
      const { override } = await checkEligible(m, this.projection, actor, approval, r);
      if (approval.status !== 'pending') {
        throw new InvalidStateTransitionError(approval.status, decision, [], {
          code: 'requests.approval.already_decided',
        });
      }
      // The request must still be waiting for approval (not cancelled meanwhile).
      assertTransition(r.status, decision === 'approved' ? 'approved' : 'rejected');
      const stage = await m
        .getRepository(Approval)
        .find({ where: { requestId: r.id, stageIndex: approval.stageIndex } });
      if (
        approval.approverKind === 'role' &&
        stage.some((a) => a.id !== approval.id && a.decidedBy === actor.subject)
      ) {
        throw new AlreadyVotedError(approval.stageKey);
      }

      const before = approvalState(approval);
      const at = new Date();
      approval.status = decision;
      approval.decidedBy = actor.subject;
      approval.decidedAt = at;
      approval.override = override;
      approval.reason = reason;
      await saveHeld(m, approval);
      const statuses = stage.map((a) => (a.id === approval.id ? approval.status : a.status));
      const outcome = stageOutcome(approval.mode, approval.quorum, statuses);
      await this.lifecycle.record(m, {
        request: r,
        events: createEvent(ApprovalDecidedV1, approval.id, {
          ...approvalEventData(approval, r),
          decision,
          decidedBy: actor.subject,
          override,
          reason,
          stageOutcome: outcome,
          decidedAt: at.toISOString(),
        }),
        action: `approval.${decision}`,
        objectType: 'approval',
        before,
        after: approvalState(approval),
        timeline: {
          kind: 'approval-decided',
          actor: actor.subject,
          summary: decisionSummary(approval, decision, actor.subject, override, reason),
          data: {
            approvalId: approval.id,
            stageKey: approval.stageKey,
            decision,
            override,
            reason,
            stageOutcome: outcome,
          },
        },
      });
      if (outcome === 'passed') await this.workflow.stagePassed(m, r, actor.subject);
      if (outcome === 'failed') await this.workflow.stageFailed(m, r, actor.subject, approval.stageKey, reason);
      return approval;
    });
  }
}

export async function loadApproval(m: EntityManager, r: Request, approvalId: string): Promise<Approval> {
  const approval = await m
    .getRepository(Approval)
    .findOne({ where: { id: approvalId, requestId: r.id }, lock: { mode: 'pessimistic_write' } });
  if (!approval) throw new ApprovalNotFoundError(approvalId);
  return approval;
}

export async function checkEligible(
  m: EntityManager,
  projection: CatalogProjection,
  actor: Principal,
  approval: Approval,
  r: Request,
) {
  const result = eligibility(actor, approval, {
    approverDepartment: approval.approverDepartmentId
      ? await projection.departmentCode(approval.approverDepartmentId, m)
      : null,
    requestDepartment: await projection.departmentCode(r.departmentId, m),
  });
  if (!result.eligible) throw new NotYourApprovalError();
  return result;
}

function decisionSummary(a: Approval, decision: Decision, by: string, override: boolean, reason: string | null) {
  const who = override ? `${by} (for ${describeApprover(a)})` : by;
  const whoZh = override ? `${by}（代 ${describeApprover(a)}）` : by;
  const why = reason ? localized(`: ${reason}`, `：${reason}`) : localized('', '');
  return decision === 'approved'
    ? localized(
        `${who} approved stage “${a.stageName.en}”${why.en}`,
        `${whoZh} 同意了「${a.stageName['zh-CN']}」${why['zh-CN']}`,
      )
    : localized(
        `${who} rejected stage “${a.stageName.en}”${why.en}`,
        `${whoZh} 驳回了「${a.stageName['zh-CN']}」${why['zh-CN']}`,
      );
}
