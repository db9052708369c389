import {
  RequestApprovedV1,
  RequestCancelledV1,
  RequestClosedV1,
  RequestCommentAddedV1,
  RequestFulfilledV1,
  RequestFulfilmentStartedV1,
  RequestHeldV1,
  RequestRejectedV1,
  RequestReleasedV1,
  RequestReopenedV1,
  RequestSentForApprovalV1,
  RequestSubmittedV1,
  RequestUpdatedV1,
} from './request.events';
import { ApprovalDecidedV1, ApprovalDelegatedV1, ApprovalRequestedV1, ApprovalWithdrawnV1 } from './approval.events';
import { RequestKeyDatesChangedV1, RequestReadinessReportedV1, RequestReminderFiredV1 } from './reminder.events';
import {
  TaskAssignedV1,
  TaskCancelledV1,
  TaskCompletedV1,
  TaskCreatedV1,
  TaskFailedV1,
  TaskOpenedV1,
  TaskReopenedV1,
  TaskSkippedV1,
} from './task.events';

export * from './request-common.schema';
export * from './request.events';
export * from './approval.events';
export * from './task.events';
export * from './reminder.events';

export const REQUESTS_EVENT_CONTRACTS = [
  RequestSubmittedV1,
  RequestSentForApprovalV1,
  RequestApprovedV1,
  RequestRejectedV1,
  RequestFulfilmentStartedV1,
  RequestHeldV1,
  RequestReleasedV1,
  RequestFulfilledV1,
  RequestCancelledV1,
  RequestClosedV1,
  RequestReopenedV1,
  RequestUpdatedV1,
  RequestCommentAddedV1,
  RequestKeyDatesChangedV1,
  RequestReadinessReportedV1,
  RequestReminderFiredV1,
  ApprovalRequestedV1,
  ApprovalDecidedV1,
  ApprovalDelegatedV1,
  ApprovalWithdrawnV1,
  TaskCreatedV1,
  TaskOpenedV1,
  TaskAssignedV1,
  TaskCompletedV1,
  TaskFailedV1,
  TaskSkippedV1,
  TaskCancelledV1,
  TaskReopenedV1,
] as const;
