import { z } from 'zod';
import {
  AssignmentStrategySchema,
  localizedMessage,
  SlugSchema,
  storableString,
  TaskStatusSchema,
  IdentifierSchema,
  localized,
} from '@itsm/contracts';
import { SEARCH_QUERY } from '../../request/dto/request.dto';

const Reason = storableString().trim().min(1).max(2000);

export const CompleteTaskSchema = z
  .strictObject({
    /** Checklist items ticked off; items not listed count as not done, and every required one must be done. */
    checklist: z
      .array(z.strictObject({ item: storableString().min(1).max(500), done: z.boolean() }))
      .max(100)
      .default([]),
    /** What the work produced (e.g. an account name, a circuit id), valid against the task's `outputSchema`. */
    fields: z.record(z.string().min(1).max(100), z.unknown()).default({}),
    note: storableString().trim().min(1).max(5000).optional(),
  })
  .default({ checklist: [], fields: {} });
export type CompleteTask = z.infer<typeof CompleteTaskSchema>;

/** Failing and skipping say why: the requester and the desk read it on the timeline. */
export const RequiredReasonSchema = z.strictObject({ reason: Reason });
export const ReasonSchema = z.strictObject({ reason: Reason.optional() }).default({});

export const AssignTaskSchema = z
  .strictObject({
    teamId: z.uuid().optional(),
    assignee: IdentifierSchema.nullable().optional(),
  })
  .refine((b) => b.teamId !== undefined || b.assignee !== undefined, {
    error: localizedMessage(localized('give teamId or assignee', '请给出 teamId 或 assignee')),
  });
export type AssignTask = z.infer<typeof AssignTaskSchema>;

export const ListTasksQuerySchema = z.strictObject({
  assignedTo: z.enum(['me', 'my-teams']).optional(),
  status: TaskStatusSchema.optional(),
  teamId: z.uuid().optional(),
  requestId: z.uuid().optional(),
  /** `true`: past its due time and not done, skipped or cancelled. */
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  /** Of requests for this business service, region or (offering) department. */
  businessServiceId: z.uuid().optional(),
  region: SlugSchema.optional(),
  departmentId: z.uuid().optional(),
  /** Search: the task's name, its request's number, title, form answers and requester. */
  q: SEARCH_QUERY.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(500).optional(),
});

export const AssignmentRuleSchema = z.strictObject({ strategy: AssignmentStrategySchema });
