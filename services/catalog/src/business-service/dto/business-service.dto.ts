import { z } from 'zod';
import {
  BusinessServiceSchema,
  CriticalitySchema,
  EmailSchema,
  LabelsSchema,
  LocalizedTextSchema,
  MoneySchema,
  SlugSchema,
} from '@itsm/contracts';

// The snapshot's rule (free text without NUL), so what is accepted can also be published.
const OwnerName = BusinessServiceSchema.shape.ownerName;

export const CreateBusinessServiceSchema = z.strictObject({
  code: SlugSchema,
  businessLineId: z.uuid(),
  name: LocalizedTextSchema,
  description: LocalizedTextSchema.optional(),
  criticality: CriticalitySchema,
  ownerName: OwnerName,
  ownerEmail: EmailSchema.optional(),
  downtimeCostPerHour: MoneySchema,
  typicalUsersAffected: z.number().int().min(0).max(100_000_000),
  labels: LabelsSchema.default({}),
});
export type CreateBusinessService = z.infer<typeof CreateBusinessServiceSchema>;

export const UpdateBusinessServiceSchema = z.strictObject({
  businessLineId: z.uuid().optional(),
  name: LocalizedTextSchema.optional(),
  description: LocalizedTextSchema.nullable().optional(),
  criticality: CriticalitySchema.optional(),
  ownerName: OwnerName.optional(),
  ownerEmail: EmailSchema.nullable().optional(),
  downtimeCostPerHour: MoneySchema.optional(),
  typicalUsersAffected: z.number().int().min(0).max(100_000_000).optional(),
  labels: LabelsSchema.optional(),
  archived: z.boolean().optional(),
  expectedVersion: z.number().int().min(1).optional(),
});
export type UpdateBusinessService = z.infer<typeof UpdateBusinessServiceSchema>;
