import { z } from 'zod';
import {
  LocalizedTextSchema,
  SlugSchema,
  storableString,
  TimestampSchema,
  UuidSchema,
} from '../common/primitives.schema';
import { requestsEventOf } from './define-requests-event';
import { localized } from '../common/localized-text';
import {
  BusinessContextSchema,
  KeyDateSchema,
  occurrenceShape,
  requestFact,
  requestRefShape,
  RequestStatusSchema,
  UserIdSchema,
} from './request-common.schema';
import { TaskStatusSchema } from './task.events';

/*
 * Reminders of a request (topic itsm.requests.request.v1, keyed by the request id): durable timers
 * the offering's reminders set on the request's key business dates. A readiness report lists every
 * task for the requester and the business owner; other reminder kinds fire a generic reminder.
 */

const defineRequestEvent = requestsEventOf('request');

const firedShape = {
  ...requestRefShape,
  reminderId: UuidSchema,
  reminderKey: SlugSchema,
  reminderName: LocalizedTextSchema,
  /** When the timer was due (the offering's local time, as an instant) and when it actually fired. */
  fireAt: TimestampSchema,
  firedAt: TimestampSchema,
  anchor: KeyDateSchema.describe('The business date the reminder hangs on. / 提醒所依据的业务日期。'),
  status: RequestStatusSchema,
  requesterId: UserIdSchema,
  onBehalfOf: UserIdSchema.nullable(),
  businessContext: BusinessContextSchema,
  promisedAt: TimestampSchema,
  ...occurrenceShape,
};

export const ReadinessTaskSchema = z.object({
  taskId: UuidSchema,
  key: SlugSchema,
  name: LocalizedTextSchema,
  status: TaskStatusSchema,
  teamId: UuidSchema.nullable(),
  teamName: LocalizedTextSchema.nullable(),
  assignee: UserIdSchema.nullable(),
  dueAt: TimestampSchema.nullable(),
  overdue: z.boolean(),
});
export type ReadinessTask = z.infer<typeof ReadinessTaskSchema>;

export const BusinessOwnerSchema = z.object({
  businessServiceId: UuidSchema,
  code: storableString().min(1).max(200),
  ownerName: storableString().max(200),
  ownerEmail: storableString().max(320).nullable(),
});

export const RequestReadinessReportedV1 = defineRequestEvent({
  event: 'readiness-reported',
  version: 1,
  summary: localized(
    "A readiness report came due: every task's state, owner and due date, for the requester and the business owner.",
    '就绪报告到期：列出每个任务的状态、负责人和截止时间，发给申请人和业务负责人。',
  ),
  schema: z.object({
    ...firedShape,
    businessOwners: z
      .array(BusinessOwnerSchema)
      .describe('Owners of the business services the request concerns. / 申请涉及的业务服务负责人。'),
    tasks: z.array(ReadinessTaskSchema),
    summary: z.object({
      total: z.number().int().min(0),
      done: z.number().int().min(0),
      open: z.number().int().min(0),
      blocked: z.number().int().min(0),
      overdue: z.number().int().min(0),
    }),
  }),
});
export type RequestReadinessReportedV1Data = z.infer<typeof RequestReadinessReportedV1.schema>;

export const RequestReminderFiredV1 = defineRequestEvent({
  event: 'reminder-fired',
  version: 1,
  summary: localized("One of the offering's reminders came due for the request.", '服务项为该申请设置的提醒已到期。'),
  schema: z.object({ ...firedShape, kind: SlugSchema }),
});
export type RequestReminderFiredV1Data = z.infer<typeof RequestReminderFiredV1.schema>;

export const RequestKeyDatesChangedV1 = defineRequestEvent({
  event: 'key-dates-changed',
  version: 1,
  summary: localized(
    "The request's key business dates changed; its reminders moved with them.",
    '申请的关键业务日期已变更，提醒随之调整。',
  ),
  schema: requestFact({
    keyDates: z.array(KeyDateSchema),
    previousKeyDates: z.array(KeyDateSchema),
    promisedAt: TimestampSchema,
  }),
});
export type RequestKeyDatesChangedV1Data = z.infer<typeof RequestKeyDatesChangedV1.schema>;
