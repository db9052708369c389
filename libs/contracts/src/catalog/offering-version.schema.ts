import { z } from 'zod';
import { say } from '../common/localized-message';
import {
  checkUniqueKeys,
  FormFieldNameSchema,
  IanaTimeZoneSchema,
  IsoDurationSchema,
  LocalizedTextSchema,
  LocalTimeSchema,
  PositiveIsoDurationSchema,
  RoleNameSchema,
  SlugSchema,
  storableString,
  TimestampSchema,
  UuidSchema,
} from '../common/primitives.schema';
import { localized } from '../common/localized-text';

/*
 * An offering version: what a requester fills in (formSchema) and what happens next (tasks,
 * approvals, reminders, promised delivery). Only structural rules live here; whether a field
 * named in a task or reminder exists in the form is the catalog's check.
 */

// ---------------------------------------------------------------- task plan

export const TaskTeamSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), teamId: UuidSchema }),
  z.object({
    kind: z.literal('by-field'),
    field: FormFieldNameSchema,
    /** Form value → team, e.g. region 'cn-south' → the South China field team. */
    mapping: z.record(storableString().min(1).max(200), UuidSchema),
    defaultTeamId: UuidSchema.optional(),
  }),
]);
export type TaskTeam = z.infer<typeof TaskTeamSchema>;

export const TaskDueSchema = z.discriminatedUnion('relativeTo', [
  z.object({ relativeTo: z.literal('submission'), offset: IsoDurationSchema }),
  z.object({ relativeTo: z.literal('form-field'), field: FormFieldNameSchema, offset: IsoDurationSchema }),
]);
export type TaskDue = z.infer<typeof TaskDueSchema>;

const ChecklistItemSchema = storableString().min(1).max(500);

export const TaskTemplateSchema = z.object({
  key: SlugSchema,
  name: LocalizedTextSchema,
  description: LocalizedTextSchema.optional(),
  team: TaskTeamSchema,
  dependsOn: z.array(SlugSchema).default([]),
  due: TaskDueSchema.optional(),
  /** Items the agent ticks off; each must be done before the task completes. */
  checklist: z.array(ChecklistItemSchema).default([]),
  /** Items that may stay unticked (added later: absent in versions published before). */
  optionalChecklist: z.array(ChecklistItemSchema).optional(),
  outputSchema: z
    .record(z.string(), z.unknown())
    .optional()
    .describe(
      'JSON Schema of the fields completing the task records (e.g. the circuit id); its `required` fields must be given. / 完成任务时填写字段的 JSON Schema，其中必填字段必须填写。',
    ),
});
export type TaskTemplate = z.infer<typeof TaskTemplateSchema>;

/** Returns the keys along one dependency cycle, or undefined when the graph is acyclic. */
function findCycle(tasks: ReadonlyArray<{ key: string; dependsOn: readonly string[] }>): string[] | undefined {
  const edges = new Map(tasks.map((t) => [t.key, t.dependsOn]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (key: string): string[] | undefined => {
    if (state.get(key) === 'done') return undefined;
    if (state.get(key) === 'visiting') return [...stack.slice(stack.indexOf(key)), key];
    state.set(key, 'visiting');
    stack.push(key);
    for (const next of edges.get(key) ?? []) {
      if (!edges.has(next)) continue;
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(key, 'done');
    return undefined;
  };
  for (const { key } of tasks) {
    const cycle = visit(key);
    if (cycle) return cycle;
  }
  return undefined;
}

export const TaskPlanSchema = z
  .object({ tasks: z.array(TaskTemplateSchema).min(1).max(100) })
  .superRefine((plan, ctx) => {
    const keys = plan.tasks.map((t) => t.key);
    checkUniqueKeys(keys, ctx, (i) => ['tasks', i, 'key'], localized('task key', '任务键'));
    const known = new Set(keys);
    plan.tasks.forEach((task, i) => {
      checkUniqueKeys(
        [...task.checklist, ...(task.optionalChecklist ?? [])],
        ctx,
        (j) =>
          j < task.checklist.length
            ? ['tasks', i, 'checklist', j]
            : ['tasks', i, 'optionalChecklist', j - task.checklist.length],
        localized('checklist item', '检查项'),
      );
      task.dependsOn.forEach((dep, j) => {
        if (dep === task.key) {
          ctx.addIssue({
            code: 'custom',
            message: say(localized(`task '${task.key}' cannot depend on itself`, `任务「${task.key}」不能依赖自身`)),
            path: ['tasks', i, 'dependsOn', j],
          });
        } else if (!known.has(dep)) {
          ctx.addIssue({
            code: 'custom',
            message: say(localized(`unknown task key '${dep}'`, `未知的任务键「${dep}」`)),
            path: ['tasks', i, 'dependsOn', j],
          });
        }
      });
    });
    const cycle = findCycle(plan.tasks.map((t) => ({ key: t.key, dependsOn: t.dependsOn.filter((d) => d !== t.key) })));
    if (cycle) {
      ctx.addIssue({
        code: 'custom',
        message: say(
          localized(`task dependencies form a cycle: ${cycle.join(' -> ')}`, `任务依赖形成循环：${cycle.join(' -> ')}`),
        ),
        path: ['tasks'],
        params: { problemCode: 'catalog.task_plan.cycle' },
      });
    }
  });
export type TaskPlan = z.infer<typeof TaskPlanSchema>;

// ---------------------------------------------------------------- approvals

export const BUSINESS_APPROVER_FIELDS = [
  'requester.manager',
  'business-service.owner',
  'region.store-operations-lead',
  'department.head',
] as const;

export const ApproversSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('role'), role: RoleNameSchema }),
  z.object({ kind: z.literal('form-field'), field: FormFieldNameSchema }),
  z.object({ kind: z.literal('business-field'), field: z.enum(BUSINESS_APPROVER_FIELDS) }),
]);
export type Approvers = z.infer<typeof ApproversSchema>;

export const APPROVAL_MODES = ['any', 'all', 'quorum'] as const;

export const ApprovalStageSchema = z
  .object({
    key: SlugSchema,
    name: LocalizedTextSchema,
    approvers: ApproversSchema,
    mode: z.enum(APPROVAL_MODES),
    quorum: z.number().int().min(1).optional(),
  })
  .superRefine((stage, ctx) => {
    if (stage.mode === 'quorum' && stage.quorum === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: say(localized("quorum is required when mode is 'quorum'", '模式为「quorum」时必须给出 quorum')),
        path: ['quorum'],
      });
    }
    if (stage.mode !== 'quorum' && stage.quorum !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: say(
          localized("quorum is only allowed when mode is 'quorum'", '只有模式为「quorum」时才能给出 quorum'),
        ),
        path: ['quorum'],
      });
    }
  });
export type ApprovalStage = z.infer<typeof ApprovalStageSchema>;

export const ApprovalPolicySchema = z
  .object({ stages: z.array(ApprovalStageSchema).max(10) })
  .superRefine((policy, ctx) => {
    checkUniqueKeys(
      policy.stages.map((s) => s.key),
      ctx,
      (i) => ['stages', i, 'key'],
      localized('stage key', '审批阶段键'),
    );
  });
export type ApprovalPolicy = z.infer<typeof ApprovalPolicySchema>;

// ---------------------------------------------------------------- reminders

export const REMINDER_KINDS = ['readiness-report', 'reminder'] as const;

export const ReminderTimeZoneSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), zone: IanaTimeZoneSchema }),
  z.object({ kind: z.literal('form-field'), field: FormFieldNameSchema, default: IanaTimeZoneSchema }),
]);
export type ReminderTimeZone = z.infer<typeof ReminderTimeZoneSchema>;

export const ReminderSchema = z.object({
  key: SlugSchema,
  kind: z.enum(REMINDER_KINDS),
  name: LocalizedTextSchema,
  /** A date field of the form, e.g. the store opening date. */
  field: FormFieldNameSchema,
  /** Relative to that date: '-P3D' is the T-3 days readiness report. */
  offset: IsoDurationSchema,
  atLocalTime: LocalTimeSchema,
  timeZone: ReminderTimeZoneSchema,
});
export type Reminder = z.infer<typeof ReminderSchema>;

export const RemindersSchema = z
  .array(ReminderSchema)
  .max(20)
  .superRefine((reminders, ctx) => {
    checkUniqueKeys(
      reminders.map((r) => r.key),
      ctx,
      (i) => [i, 'key'],
      localized('reminder key', '提醒键'),
    );
  });

// ---------------------------------------------------------------- delivery and audience

export const PromisedDeliverySchema = z.object({
  duration: PositiveIsoDurationSchema,
  basis: z.enum(['calendar', 'business-days']),
});
export type PromisedDelivery = z.infer<typeof PromisedDeliverySchema>;

/** Who may request the offering; empty lists mean everyone. */
export const AudienceSchema = z.object({
  departmentIds: z.array(UuidSchema),
  roles: z.array(RoleNameSchema),
});
export type Audience = z.infer<typeof AudienceSchema>;

// ---------------------------------------------------------------- offering version

export const OFFERING_STATUSES = ['draft', 'published', 'retired'] as const;
export const OfferingStatusSchema = z.enum(OFFERING_STATUSES);
export type OfferingStatus = z.infer<typeof OfferingStatusSchema>;

/** Plain shape without refinements, so variants can narrow `status` (zod refuses to extend refined objects). */
export const offeringVersionShape = {
  offeringId: UuidSchema,
  version: z.number().int().min(1),
  status: OfferingStatusSchema,
  code: SlugSchema,
  scenario: SlugSchema.describe(
    "Business scenario, e.g. 'employee-onboarding', 'store-opening', 'campaign-support'. / 业务场景，例如 'employee-onboarding'、'store-opening'、'campaign-support'。",
  ),
  departmentId: UuidSchema,
  name: LocalizedTextSchema,
  description: LocalizedTextSchema,
  formSchema: z.record(z.string(), z.unknown()).describe('JSON Schema of the request form. / 申请表单的 JSON Schema。'),
  taskPlan: TaskPlanSchema,
  approvalPolicy: ApprovalPolicySchema,
  reminders: RemindersSchema,
  promisedDelivery: PromisedDeliverySchema,
  audience: AudienceSchema,
  publishedAt: TimestampSchema.nullable(),
  updatedAt: TimestampSchema,
};

export function refineOfferingVersion(
  offering: { status: OfferingStatus; publishedAt: string | null },
  ctx: z.RefinementCtx,
): void {
  if (offering.status === 'draft' && offering.publishedAt !== null) {
    ctx.addIssue({
      code: 'custom',
      message: say(localized('a draft has no publishedAt', '草稿没有 publishedAt')),
      path: ['publishedAt'],
    });
  }
  if (offering.status !== 'draft' && offering.publishedAt === null) {
    ctx.addIssue({
      code: 'custom',
      message: say(
        localized(`a ${offering.status} version needs publishedAt`, `状态为 ${offering.status} 的版本需要 publishedAt`),
      ),
      path: ['publishedAt'],
    });
  }
}

export const OfferingVersionSchema = z
  .object(offeringVersionShape)
  .superRefine(refineOfferingVersion)
  .describe('One version of a service offering. / 服务项的一个版本。');
export type OfferingVersion = z.infer<typeof OfferingVersionSchema>;
