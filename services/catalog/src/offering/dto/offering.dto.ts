import { z } from 'zod';
import {
  OfferingStatusSchema,
  OfferingVersionSchema,
  ApprovalPolicySchema,
  AudienceSchema,
  LocalizedTextSchema,
  PromisedDeliverySchema,
  RemindersSchema,
  SlugSchema,
  TaskPlanSchema,
} from '@itsm/contracts';
import { refuseUnstorableJson } from '../../shared/storable-json';

/** A task's output schema is free-form JSON too. */
const StorableTaskPlan = TaskPlanSchema.superRefine((plan, ctx) =>
  plan.tasks.forEach(
    (task, i) => task.outputSchema && refuseUnstorableJson(task.outputSchema, ctx, ['tasks', i, 'outputSchema']),
  ),
);

/** What an editor sets on a draft; the same sub-schemas the published events carry. */
const draftContent = {
  scenario: SlugSchema,
  departmentId: z.uuid(),
  name: LocalizedTextSchema,
  description: LocalizedTextSchema,
  formSchema: z.record(z.string(), z.unknown()).superRefine(refuseUnstorableJson),
  taskPlan: StorableTaskPlan,
  approvalPolicy: ApprovalPolicySchema.default({ stages: [] }),
  reminders: RemindersSchema.default([]),
  promisedDelivery: PromisedDeliverySchema,
  audience: AudienceSchema.default({ departmentIds: [], roles: [] }),
};

export const CreateOfferingSchema = z.strictObject({ code: SlugSchema, ...draftContent });
export type CreateOffering = z.infer<typeof CreateOfferingSchema>;

export const UpdateOfferingDraftSchema = z.strictObject({
  scenario: draftContent.scenario.optional(),
  departmentId: draftContent.departmentId.optional(),
  name: draftContent.name.optional(),
  description: draftContent.description.optional(),
  formSchema: draftContent.formSchema.optional(),
  taskPlan: StorableTaskPlan.optional(),
  approvalPolicy: ApprovalPolicySchema.optional(),
  reminders: RemindersSchema.optional(),
  promisedDelivery: PromisedDeliverySchema.optional(),
  audience: AudienceSchema.optional(),
  expectedVersion: z.number().int().min(1).optional(),
});
export type UpdateOfferingDraft = z.infer<typeof UpdateOfferingDraftSchema>;

export type OfferingContent = Omit<CreateOffering, 'code'>;

export const ListOfferingsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(500).optional(),
  scenario: SlugSchema.optional(),
  departmentId: z.uuid().optional(),
  status: z.enum(['draft', 'published', 'retired']).optional(),
});
export type ListOfferingsQuery = z.infer<typeof ListOfferingsQuerySchema>;

/** The offering as the API returns it (documents the response; not used to parse input). */
export const OfferingResourceSchema = z.object({
  offeringId: z.uuid(),
  code: SlugSchema,
  status: OfferingStatusSchema,
  publishedVersion: z.number().int().nullable(),
  draftVersion: z.number().int().nullable(),
  latestVersion: z.number().int(),
  retiredAt: z.iso.datetime({ offset: true }).nullable(),
  version: z.number().int().describe('For optimistic locking: send it back as expectedVersion. / 乐观锁版本号。'),
  published: OfferingVersionSchema.nullable().describe('The version requesters get. / 当前发布版本。'),
  draft: OfferingVersionSchema.nullable().describe('The version being edited. / 正在编辑的草稿版本。'),
});

export const OfferingListItemSchema = z.object({
  offeringId: z.uuid(),
  code: SlugSchema,
  status: OfferingStatusSchema,
  publishedVersion: z.number().int().nullable(),
  draftVersion: z.number().int().nullable(),
  current: OfferingVersionSchema.describe('The published version, or the draft before the first publish.'),
});
