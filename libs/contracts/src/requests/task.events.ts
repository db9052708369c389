import { z } from 'zod';
import {
  LocalizedTextSchema,
  RegionCodeSchema,
  SlugSchema,
  TimestampSchema,
  UuidSchema,
} from '../common/primitives.schema';
import { requestsEventOf } from './define-requests-event';
import { localized } from '../common/localized-text';
import { occurrenceShape, parentRequestShape, ReasonSchema, UserIdSchema } from './request-common.schema';

/*
 * Tasks of a request (topic itsm.requests.task.v1, keyed by the task id). Fulfilment turns the
 * offering's task plan into tasks: created blocked (waiting on others) or open; opened when the
 * last dependency is done or skipped; assigned to a team and a member; then completed, failed,
 * skipped or cancelled. A failed or completed task can be reopened.
 */

const defineTaskEvent = requestsEventOf('task');

export const TASK_STATUSES = ['blocked', 'open', 'done', 'failed', 'skipped', 'cancelled'] as const;
export const TaskStatusSchema = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

export const ASSIGNMENT_STRATEGIES = ['round-robin', 'least-loaded'] as const;
export const AssignmentStrategySchema = z.enum(ASSIGNMENT_STRATEGIES);
export type AssignmentStrategy = z.infer<typeof AssignmentStrategySchema>;

const taskRefShape = {
  taskId: UuidSchema,
  ...parentRequestShape,
  scenario: SlugSchema,
  departmentId: UuidSchema,
  region: RegionCodeSchema.nullable(),
  key: SlugSchema,
  teamId: UuidSchema.nullable(),
  assignee: UserIdSchema.nullable(),
  dueAt: TimestampSchema.nullable(),
  status: TaskStatusSchema,
  ...occurrenceShape,
};

const taskEvent = <S extends z.ZodRawShape>(extra: S) => z.object({ ...taskRefShape, ...extra });

export const TaskCreatedV1 = defineTaskEvent({
  event: 'created',
  version: 1,
  summary: localized(
    'A task of the plan was created, blocked on its dependencies or open.',
    '按任务计划创建了任务：等待前置任务或已可处理。',
  ),
  schema: taskEvent({ name: LocalizedTextSchema, dependsOn: z.array(SlugSchema) }),
});
export type TaskCreatedV1Data = z.infer<typeof TaskCreatedV1.schema>;

export const TaskOpenedV1 = defineTaskEvent({
  event: 'opened',
  version: 1,
  summary: localized(
    'The last task this one waited on is done: it can be worked on now.',
    '前置任务均已完成：该任务现在可以处理。',
  ),
  schema: taskEvent({}),
});
export type TaskOpenedV1Data = z.infer<typeof TaskOpenedV1.schema>;

export const TaskAssignedV1 = defineTaskEvent({
  event: 'assigned',
  version: 1,
  summary: localized(
    'The task was given to a team and, within it, to a member (by rule or by hand).',
    '任务已分派给团队及其成员（按规则或人工）。',
  ),
  schema: taskEvent({
    previousTeamId: UuidSchema.nullable(),
    previousAssignee: UserIdSchema.nullable(),
    strategy: z.enum([...ASSIGNMENT_STRATEGIES, 'manual', 'none']),
  }),
});
export type TaskAssignedV1Data = z.infer<typeof TaskAssignedV1.schema>;

export const TaskCompletedV1 = defineTaskEvent({
  event: 'completed',
  version: 1,
  summary: localized(
    'The task was completed with its outputs (checklist and fields).',
    '任务已完成，并记录了产出（检查项与字段）。',
  ),
  schema: taskEvent({
    checklistDone: z.number().int().min(0),
    checklistTotal: z.number().int().min(0),
    onTime: z.boolean().nullable(),
  }),
});
export type TaskCompletedV1Data = z.infer<typeof TaskCompletedV1.schema>;

export const TaskFailedV1 = defineTaskEvent({
  event: 'failed',
  version: 1,
  summary: localized('The task could not be done; its request is on hold.', '任务无法完成；所属申请暂停。'),
  schema: taskEvent({ reason: ReasonSchema }),
});
export type TaskFailedV1Data = z.infer<typeof TaskFailedV1.schema>;

export const TaskSkippedV1 = defineTaskEvent({
  event: 'skipped',
  version: 1,
  summary: localized(
    'The task is not needed for this request; tasks waiting on it may open.',
    '该任务对本申请不需要；依赖它的任务可以开始。',
  ),
  schema: taskEvent({ reason: ReasonSchema }),
});
export type TaskSkippedV1Data = z.infer<typeof TaskSkippedV1.schema>;

export const TaskCancelledV1 = defineTaskEvent({
  event: 'cancelled',
  version: 1,
  summary: localized('The request was cancelled while the task was still to do.', '任务尚未完成时申请被取消。'),
  schema: taskEvent({ reason: ReasonSchema }),
});
export type TaskCancelledV1Data = z.infer<typeof TaskCancelledV1.schema>;

export const TaskReopenedV1 = defineTaskEvent({
  event: 'reopened',
  version: 1,
  summary: localized('A failed or completed task is to be worked on again.', '失败或已完成的任务需要重新处理。'),
  schema: taskEvent({ previousStatus: TaskStatusSchema, reason: ReasonSchema }),
});
export type TaskReopenedV1Data = z.infer<typeof TaskReopenedV1.schema>;
