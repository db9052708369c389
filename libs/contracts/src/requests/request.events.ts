import { z } from 'zod';
import { TimestampSchema, UuidSchema } from '../common/primitives.schema';
import { requestsEventOf } from './define-requests-event';
import { localized } from '../common/localized-text';
import {
  BusinessContextSchema,
  ReasonSchema,
  requestFact,
  requestRefShape,
  StateChangeShape,
  UserIdSchema,
} from './request-common.schema';

/*
 * Lifecycle of a request (topic itsm.requests.request.v1, keyed by the request id):
 * submitted → sent-for-approval → approved / rejected → fulfilment-started → fulfilled / cancelled
 * → closed, with reopened, held / released (a failed task), updated and comment-added on the side.
 * Each state change carries the status before and after it.
 */

const defineRequestEvent = requestsEventOf('request');

const stateChange = <S extends z.ZodRawShape>(extra: S) =>
  z.object({ ...requestRefShape, ...StateChangeShape, ...extra });

export const RequestSubmittedDataSchema = stateChange({
  requesterId: UserIdSchema,
  onBehalfOf: UserIdSchema.nullable(),
  watchers: z.array(UserIdSchema),
  businessContext: BusinessContextSchema,
  promisedAt: TimestampSchema.describe(
    'Promised delivery time computed from the offering. / 按服务项计算的承诺交付时间。',
  ),
  submittedAt: TimestampSchema,
});

export const RequestSubmittedV1 = defineRequestEvent({
  event: 'submitted',
  version: 1,
  summary: localized(
    'A request for a published offering version was submitted.',
    '已提交对某一已发布服务项版本的申请。',
  ),
  schema: RequestSubmittedDataSchema,
});
export type RequestSubmittedV1Data = z.infer<typeof RequestSubmittedV1.schema>;

export const RequestSentForApprovalV1 = defineRequestEvent({
  event: 'sent-for-approval',
  version: 1,
  summary: localized('The request waits for the approval stages of its offering.', '申请进入服务项规定的审批流程。'),
  schema: stateChange({ stageCount: z.number().int().min(1) }),
});
export type RequestSentForApprovalV1Data = z.infer<typeof RequestSentForApprovalV1.schema>;

export const RequestApprovedV1 = defineRequestEvent({
  event: 'approved',
  version: 1,
  summary: localized(
    'Every approval stage passed (or the offering needs none).',
    '所有审批阶段均已通过（或服务项无需审批）。',
  ),
  schema: stateChange({}),
});
export type RequestApprovedV1Data = z.infer<typeof RequestApprovedV1.schema>;

export const RequestRejectedV1 = defineRequestEvent({
  event: 'rejected',
  version: 1,
  summary: localized(
    'An approver rejected the request; it ends without fulfilment.',
    '审批人驳回了申请，申请结束且不予交付。',
  ),
  schema: stateChange({ stageKey: z.string().min(1).max(100), reason: ReasonSchema }),
});
export type RequestRejectedV1Data = z.infer<typeof RequestRejectedV1.schema>;

export const RequestFulfilmentStartedV1 = defineRequestEvent({
  event: 'fulfilment-started',
  version: 1,
  summary: localized(
    "Fulfilment started: the offering's task plan became tasks.",
    '开始交付：服务项的任务计划已生成任务。',
  ),
  schema: stateChange({ taskCount: z.number().int().min(0) }),
});
export type RequestFulfilmentStartedV1Data = z.infer<typeof RequestFulfilmentStartedV1.schema>;

export const RequestHeldV1 = defineRequestEvent({
  event: 'held',
  version: 1,
  summary: localized(
    'A task failed: the request is on hold until it is retried or skipped.',
    '有任务失败：申请暂停，直至该任务重试或跳过。',
  ),
  schema: stateChange({
    taskId: UuidSchema,
    taskKey: z.string().min(1).max(100),
    reason: ReasonSchema,
    requesterId: UserIdSchema,
  }),
});
export type RequestHeldV1Data = z.infer<typeof RequestHeldV1.schema>;

export const RequestReleasedV1 = defineRequestEvent({
  event: 'released',
  version: 1,
  summary: localized('No failed task holds the request any more.', '已无失败任务，申请恢复交付。'),
  schema: stateChange({}),
});
export type RequestReleasedV1Data = z.infer<typeof RequestReleasedV1.schema>;

export const RequestFulfilledV1 = defineRequestEvent({
  event: 'fulfilled',
  version: 1,
  summary: localized(
    'Every task is done or skipped: the request is fulfilled.',
    '所有任务均已完成或跳过：申请已交付。',
  ),
  schema: stateChange({ promisedAt: TimestampSchema, onTime: z.boolean() }),
});
export type RequestFulfilledV1Data = z.infer<typeof RequestFulfilledV1.schema>;

export const RequestCancelledV1 = defineRequestEvent({
  event: 'cancelled',
  version: 1,
  summary: localized('The requester or an agent cancelled the request.', '申请人或处理人取消了申请。'),
  schema: stateChange({ reason: ReasonSchema }),
});
export type RequestCancelledV1Data = z.infer<typeof RequestCancelledV1.schema>;

export const RequestClosedV1 = defineRequestEvent({
  event: 'closed',
  version: 1,
  summary: localized(
    'The request was closed; it can be reopened within the reopen window if it was fulfilled.',
    '申请已关闭；若已交付，可在重新打开期限内重新打开。',
  ),
  schema: stateChange({ outcome: z.enum(['fulfilled', 'rejected', 'cancelled']) }),
});
export type RequestClosedV1Data = z.infer<typeof RequestClosedV1.schema>;

export const RequestReopenedV1 = defineRequestEvent({
  event: 'reopened',
  version: 1,
  summary: localized(
    'A fulfilled (or closed after fulfilment) request went back into fulfilment.',
    '已交付（或交付后已关闭）的申请被重新打开，回到交付中。',
  ),
  schema: stateChange({ reason: ReasonSchema }),
});
export type RequestReopenedV1Data = z.infer<typeof RequestReopenedV1.schema>;

export const RequestUpdatedV1 = defineRequestEvent({
  event: 'updated',
  version: 1,
  summary: localized("The request's watchers or priority changed.", '申请的关注人或优先级已变更。'),
  schema: requestFact({ watchers: z.array(UserIdSchema), previousPriority: requestRefShape.priority }),
});
export type RequestUpdatedV1Data = z.infer<typeof RequestUpdatedV1.schema>;

export const RequestCommentAddedV1 = defineRequestEvent({
  event: 'comment-added',
  version: 1,
  summary: localized(
    'A comment was added to the request (the text stays in the requests service).',
    '申请新增了评论（正文保留在申请服务中）。',
  ),
  schema: requestFact({
    commentId: UuidSchema,
    internal: z.boolean().describe('Agents-only note. / 仅处理人可见的内部备注。'),
  }),
});
export type RequestCommentAddedV1Data = z.infer<typeof RequestCommentAddedV1.schema>;
