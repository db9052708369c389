import { z } from 'zod';
import {
  FormFieldNameSchema,
  RegionCodeSchema,
  SlugSchema,
  storableString,
  TimestampSchema,
  UuidSchema,
} from '../common/primitives.schema';

/*
 * Building blocks of the requests service's events. Every event carries the ids and business
 * dimensions an SLA or analytics consumer needs to place it (offering, department, business
 * service, region, priority) without calling the requests service back. Form data stays out:
 * it may hold personal data and consumers have no use for it.
 */

export const REQUEST_STATUSES = [
  'submitted',
  'pending-approval',
  'approved',
  'rejected',
  'in-fulfilment',
  'fulfilled',
  'cancelled',
  'closed',
] as const;
export const RequestStatusSchema = z.enum(REQUEST_STATUSES);
export type RequestStatus = z.infer<typeof RequestStatusSchema>;

export const REQUEST_PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export const RequestPrioritySchema = z.enum(REQUEST_PRIORITIES);
export type RequestPriority = z.infer<typeof RequestPrioritySchema>;

/** Who did it: a user id (the token's subject), `key:<id>` for an integration, `service:<name>` for the platform. */
export const ActorIdSchema = storableString().min(1).max(200);

/** A person the platform refers to by the identity provider's subject (not necessarily a UUID). */
export const UserIdSchema = storableString().min(1).max(200);

/** Human-facing request number, e.g. `REQ-000042`. */
export const RequestNumberSchema = z.string().regex(/^REQ-\d{6,}$/, "must look like 'REQ-000042'");

/** The request as every event of it identifies it. */
export const requestRefShape = {
  requestId: UuidSchema,
  number: RequestNumberSchema,
  offeringId: UuidSchema,
  offeringVersion: z.number().int().min(1),
  offeringCode: SlugSchema,
  scenario: SlugSchema,
  departmentId: UuidSchema,
  businessLineId: UuidSchema.nullable(),
  businessServiceId: UuidSchema.nullable().describe(
    'The first business service the request concerns, if any. / 申请涉及的（首个）业务服务。',
  ),
  region: RegionCodeSchema.nullable(),
  priority: RequestPrioritySchema,
};

/** The request a task or an approval belongs to, as their events name it. */
export const parentRequestShape = {
  requestId: UuidSchema,
  requestNumber: RequestNumberSchema,
  offeringId: UuidSchema,
};

export const KeyDateSchema = z.object({
  field: FormFieldNameSchema,
  /** ISO date (`2026-03-12`) or date-time, as the form holds it. */
  date: z.string().min(10).max(40),
});
export type KeyDate = z.infer<typeof KeyDateSchema>;

export const BusinessContextSchema = z
  .object({
    businessLineId: UuidSchema.nullable(),
    businessServiceIds: z.array(UuidSchema),
    region: RegionCodeSchema.nullable(),
    keyDates: z
      .array(KeyDateSchema)
      .describe(
        'Dates of the form the offering plans around (opening date, start date). / 服务项据以安排工作的表单日期。',
      ),
  })
  .describe('What the request means to the business. / 申请的业务背景。');
export type BusinessContext = z.infer<typeof BusinessContextSchema>;

/** When it happened and who did it: the last fields of most requests events. */
export const occurrenceShape = {
  occurredAt: TimestampSchema,
  actor: ActorIdSchema,
};

export const StateChangeShape = {
  status: RequestStatusSchema,
  previousStatus: RequestStatusSchema.nullable(),
  ...occurrenceShape,
};

/** A request event that changes no status: the request, what the event adds, then when and by whom. */
export const requestFact = <S extends z.ZodRawShape>(extra: S) =>
  z.object({ ...requestRefShape, ...extra, ...occurrenceShape });

/** Why a person cancelled, rejected, failed, skipped, reopened or delegated something; null when they gave no reason. */
export const ReasonSchema = storableString().max(2000).nullable();
