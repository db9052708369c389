import { z } from 'zod';
import { SlugSchema, storableString, IdentifierSchema } from '@itsm/contracts';

export const ApproveSchema = z
  .strictObject({ reason: storableString().trim().min(1).max(2000).optional() })
  .default({});

/** Rejecting ends the request, so the requester is told why. */
export const RejectSchema = z.strictObject({ reason: storableString().trim().min(1).max(2000) });

export const DelegateSchema = z.strictObject({
  to: IdentifierSchema.describe('Who decides instead (their user id). / 转交给谁（用户 ID）。'),
  reason: storableString().trim().min(1).max(2000).optional(),
});
export type Delegate = z.infer<typeof DelegateSchema>;

export const ListApprovalsQuerySchema = z.strictObject({
  /** Only `me` for now: approvals the caller may decide. */
  assignedTo: z.literal('me').default('me'),
  status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']).default('pending'),
  /** Of requests for this business service, region or (offering) department. */
  businessServiceId: z.uuid().optional(),
  region: SlugSchema.optional(),
  departmentId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(500).optional(),
});
