import { z } from 'zod';
import { RoleNameSchema, SlugSchema, TimestampSchema, UuidSchema } from '../common/primitives.schema';
import { APPROVAL_MODES } from '../catalog/offering-version.schema';
import { requestsEventOf } from './define-requests-event';
import { localized } from '../common/localized-text';
import { ActorIdSchema, parentRequestShape, ReasonSchema, UserIdSchema } from './request-common.schema';

/*
 * Approvals of a request (topic itsm.requests.approval.v1, keyed by the approval id). A stage of
 * the offering's approval policy becomes one approval per approver slot: a named user, or "anyone
 * holding role R in department D" (checked when they decide). Requested when its stage opens;
 * decided, delegated, or withdrawn when the stage or the request ended without it.
 */

const defineApprovalEvent = requestsEventOf('approval');

export const ApproverSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), userId: UserIdSchema }),
  z.object({ kind: z.literal('role'), role: RoleNameSchema, departmentId: UuidSchema }),
]);
export type Approver = z.infer<typeof ApproverSchema>;

const approvalRefShape = {
  approvalId: UuidSchema,
  ...parentRequestShape,
  departmentId: UuidSchema,
  stageKey: SlugSchema,
  stageIndex: z.number().int().min(0),
};

const approvalData = <S extends z.ZodRawShape>(extra: S) => z.object({ ...approvalRefShape, ...extra });

export const ApprovalRequestedV1 = defineApprovalEvent({
  event: 'requested',
  version: 1,
  summary: localized('An approval stage opened: this approver is asked to decide.', '审批阶段开始：请该审批人审批。'),
  schema: approvalData({
    stageCount: z.number().int().min(1),
    mode: z.enum(APPROVAL_MODES),
    quorum: z.number().int().min(1).nullable(),
    approver: ApproverSchema,
    requestedAt: TimestampSchema,
  }),
});
export type ApprovalRequestedV1Data = z.infer<typeof ApprovalRequestedV1.schema>;

export const ApprovalDecidedV1 = defineApprovalEvent({
  event: 'decided',
  version: 1,
  summary: localized(
    'An approver approved or rejected; carries what that meant for the stage.',
    '审批人已同意或驳回；并给出该阶段的结果。',
  ),
  schema: approvalData({
    decision: z.enum(['approved', 'rejected']),
    decidedBy: ActorIdSchema,
    /** A platform or department admin decided in the approver's place. */
    override: z.boolean(),
    reason: ReasonSchema,
    stageOutcome: z.enum(['pending', 'passed', 'failed']),
    decidedAt: TimestampSchema,
  }),
});
export type ApprovalDecidedV1Data = z.infer<typeof ApprovalDecidedV1.schema>;

export const ApprovalDelegatedV1 = defineApprovalEvent({
  event: 'delegated',
  version: 1,
  summary: localized('An approver handed their pending approval to someone else.', '审批人将待审批事项转交他人。'),
  schema: approvalData({
    from: ApproverSchema,
    to: UserIdSchema,
    delegatedBy: ActorIdSchema,
    reason: ReasonSchema,
    delegatedAt: TimestampSchema,
  }),
});
export type ApprovalDelegatedV1Data = z.infer<typeof ApprovalDelegatedV1.schema>;

export const ApprovalWithdrawnV1 = defineApprovalEvent({
  event: 'withdrawn',
  version: 1,
  summary: localized(
    'A pending approval is no longer needed: its stage was decided, or the request ended.',
    '待审批事项已无需处理：所在阶段已有结果，或申请已结束。',
  ),
  schema: approvalData({
    reason: z.enum(['stage-decided', 'request-rejected', 'request-cancelled']),
    withdrawnAt: TimestampSchema,
  }),
});
export type ApprovalWithdrawnV1Data = z.infer<typeof ApprovalWithdrawnV1.schema>;
