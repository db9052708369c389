import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  ApprovalRequestedV1,
  ApprovalWithdrawnV1,
  ApprovalWithdrawnV1Data,
  createEvent,
  RequestApprovedV1,
  RequestRejectedV1,
  RequestSentForApprovalV1,
  localized,
  type LocalizedText,
} from '@itsm/contracts';
import { newId, saveHeld } from '@itsm/platform/database';
import { CatalogProjection } from '../catalog-projection/catalog-projection.repository';
import { CatalogOfferingVersion } from '../catalog-projection/catalog-projection.entity';
import { Request, requestNumber, requestState } from '../request/request.entity';
import { RequestLifecycle } from '../request/request-lifecycle';
import { Fulfilment } from '../task/fulfilment';
import { Approval, approvalState, approverOf } from './approval.entity';
import { planStage, storeOperationsLeads } from './approval-plan';
import { ReminderScheduler } from '../reminder/reminder.scheduler';

/** The common part of every approval event. */
export function approvalEventData(a: Approval, r: Request) {
  return {
    approvalId: a.id,
    requestId: r.id,
    requestNumber: requestNumber(r.number),
    offeringId: r.offeringId,
    departmentId: r.departmentId,
    stageKey: a.stageKey,
    stageIndex: a.stageIndex,
  };
}

/**
 * Runs a request through its offering's approval stages, one after the other. A stage's
 * approvers are worked out when it opens (so they follow the current team data); fulfilment
 * starts only after the last stage passed, and a failed stage rejects the request.
 */
@Injectable()
export class ApprovalWorkflow {
  constructor(
    private readonly lifecycle: RequestLifecycle,
    private readonly projection: CatalogProjection,
    private readonly fulfilment: Fulfilment,
    private readonly reminders: ReminderScheduler,
  ) {}

  /** submitted → pending-approval (opening the first stage), or straight to approved and fulfilment. */
  async begin(m: EntityManager, r: Request, version: CatalogOfferingVersion, actor: string): Promise<void> {
    const stages = version.approvalPolicy.stages;
    if (stages.length === 0) {
      await this.approve(
        m,
        r,
        actor,
        localized('No approval needed: approved on submission', '无需审批：提交即通过'),
        version,
      );
      return;
    }
    const before = requestState(r);
    const change = this.lifecycle.move(r, 'pending-approval', actor);
    this.lifecycle.saveLater(m, r);
    await this.lifecycle.record(m, {
      request: r,
      events: createEvent(RequestSentForApprovalV1, r.id, { ...change, stageCount: stages.length }),
      action: 'request.sent-for-approval',
      objectType: 'request',
      before,
      after: requestState(r),
      timeline: {
        kind: 'sent-for-approval',
        actor,
        summary: localized(`Sent for approval: ${stages.length} stage(s)`, `进入审批：共 ${stages.length} 个阶段`),
      },
    });
    await this.openStage(m, r, version, 0, actor);
  }

  /** After a decision in the current stage passed it: the next stage, or approval and fulfilment. */
  async stagePassed(m: EntityManager, r: Request, actor: string): Promise<void> {
    const version = await this.projection.version(r.offeringId, r.offeringVersion, m);
    if (!version) throw new Error(`offering ${r.offeringId} version ${r.offeringVersion} vanished from the projection`);
    const next = (r.currentStage ?? 0) + 1;
    await this.withdrawPending(m, r, actor, 'stage-decided', r.currentStage ?? 0);
    if (next < version.approvalPolicy.stages.length) {
      r.currentStage = next;
      await saveHeld(m, r);
      await this.openStage(m, r, version, next, actor);
      return;
    }
    await this.approve(
      m,
      r,
      actor,
      localized('Approved: every approval stage passed', '审批通过：所有审批阶段均已通过'),
      version,
    );
  }

  /** A failed stage ends the request: rejected, with the approver's reason. */
  async stageFailed(
    m: EntityManager,
    r: Request,
    actor: string,
    stageKey: string,
    reason: string | null,
  ): Promise<void> {
    await this.withdrawPending(m, r, actor, 'request-rejected');
    const before = requestState(r);
    const change = this.lifecycle.move(r, 'rejected', actor);
    await saveHeld(m, r);
    await this.lifecycle.record(m, {
      request: r,
      events: createEvent(RequestRejectedV1, r.id, { ...change, stageKey, reason }),
      action: 'request.rejected',
      objectType: 'request',
      before,
      after: requestState(r),
      timeline: {
        kind: 'rejected',
        actor,
        summary: localized(
          `Rejected at stage ${stageKey}${reason ? `: ${reason}` : ''}`,
          `在「${stageKey}」阶段被驳回${reason ? `：${reason}` : ''}`,
        ),
        data: { stageKey, reason },
      },
    });
    // Reminders: a rejected request's timers never fire.
    await this.reminders.cancelFor(m, r.id);
  }

  /** Pending approvals are no longer wanted: their stage was decided, or the request ended. */
  async withdrawPending(
    m: EntityManager,
    r: Request,
    actor: string,
    reason: ApprovalWithdrawnV1Data['reason'],
    stageIndex?: number,
  ): Promise<void> {
    const pending = await m
      .getRepository(Approval)
      .find({ where: { requestId: r.id, status: 'pending', ...(stageIndex === undefined ? {} : { stageIndex }) } });
    for (const approval of pending) {
      const before = approvalState(approval);
      approval.status = 'withdrawn';
      await saveHeld(m, approval);
      const at = new Date();
      await this.lifecycle.record(m, {
        request: r,
        events: createEvent(ApprovalWithdrawnV1, approval.id, {
          ...approvalEventData(approval, r),
          reason,
          withdrawnAt: at.toISOString(),
        }),
        action: 'approval.withdrawn',
        objectType: 'approval',
        before,
        after: approvalState(approval),
        timeline: {
          kind: 'approval-withdrawn',
          actor,
          summary: localized(
            `Approval by ${describeApprover(approval)} no longer needed (${reason})`,
            `${describeApprover(approval)} 的审批已无需处理（${reason}）`,
          ),
          data: { approvalId: approval.id, reason },
        },
      });
    }
  }

  private async approve(
    m: EntityManager,
    r: Request,
    actor: string,
    summary: LocalizedText,
    version: CatalogOfferingVersion,
  ): Promise<void> {
    const before = requestState(r);
    // Not written here: fulfilment starts at once and writes the request as it leaves `approved`.
    const change = this.lifecycle.move(r, 'approved', actor);
    await this.lifecycle.record(m, {
      request: r,
      events: createEvent(RequestApprovedV1, r.id, change),
      action: 'request.approved',
      objectType: 'request',
      before,
      after: requestState(r),
      timeline: { kind: 'approved', actor, summary },
    });
    await this.fulfilment.start(m, r, actor, version);
  }

  private async openStage(
    m: EntityManager,
    r: Request,
    version: CatalogOfferingVersion,
    index: number,
    actor: string,
  ): Promise<void> {
    const stages = version.approvalPolicy.stages;
    const stage = stages[index];
    const plan = planStage(stage, {
      departmentId: r.departmentId,
      formData: r.formData,
      regionLeads: r.region ? storeOperationsLeads(await this.projection.teamsInRegion(r.region, m)) : [],
      businessServiceOwners: await this.businessServiceOwners(m, r),
    });
    const at = new Date();
    for (const slot of plan.slots) {
      const approval = Object.assign(new Approval(), {
        id: newId(),
        requestId: r.id,
        stageIndex: index,
        stageKey: stage.key,
        stageName: stage.name,
        mode: plan.mode,
        quorum: plan.quorum,
        approverKind: slot.kind,
        approver: slot.kind === 'user' ? slot.userId : null,
        approverRole: slot.kind === 'role' ? slot.role : null,
        approverDepartmentId: slot.kind === 'role' ? slot.departmentId : null,
        resolvedFrom: slot.resolvedFrom,
        status: 'pending' as const,
        delegations: [],
        decidedBy: null,
        override: false,
        reason: null,
        decidedAt: null,
        version: 1,
        createdAt: at,
      });
      // Written with the changes (a new request's approvals go out with the request itself).
      this.lifecycle.insertLater(m, Approval, [approval]);
      await this.lifecycle.record(m, {
        request: r,
        events: createEvent(ApprovalRequestedV1, approval.id, {
          ...approvalEventData(approval, r),
          stageCount: stages.length,
          mode: plan.mode,
          quorum: plan.quorum,
          approver: approverOf(approval),
          requestedAt: at.toISOString(),
        }),
        action: 'approval.requested',
        objectType: 'approval',
        before: null,
        after: approvalState(approval),
        timeline: {
          kind: 'approval-requested',
          actor,
          summary: localized(
            `Approval requested at stage “${stage.name.en}” from ${describeApprover(approval)}`,
            `「${stage.name['zh-CN']}」阶段请 ${describeApprover(approval)} 审批`,
          ),
          data: {
            approvalId: approval.id,
            stageKey: stage.key,
            approver: approverOf(approval),
            resolvedFrom: slot.resolvedFrom,
          },
        },
      });
    }
  }

  private async businessServiceOwners(m: EntityManager, r: Request): Promise<string[]> {
    const owners: string[] = [];
    for (const id of r.businessContext.businessServiceIds) {
      const service = await this.projection.businessService(id, m);
      if (service?.ownerEmail) owners.push(service.ownerEmail);
    }
    return owners;
  }
}

export function describeApprover(a: Approval): string {
  return a.approverKind === 'user' ? a.approver! : `role ${a.approverRole}`;
}
