import { z } from 'zod';
import { LocalizedTextSchema, SlugSchema } from '@itsm/contracts';

export const CreateBusinessLineSchema = z.strictObject({
  code: SlugSchema,
  name: LocalizedTextSchema,
  description: LocalizedTextSchema.optional(),
});
export type CreateBusinessLine = z.infer<typeof CreateBusinessLineSchema>;

export const UpdateBusinessLineSchema = z.strictObject({
  name: LocalizedTextSchema.optional(),
  description: LocalizedTextSchema.nullable().optional(),
  archived: z.boolean().optional(),
  /** Optimistic lock: the version the client last read. */
  expectedVersion: z.number().int().min(1).optional(),
});
export type UpdateBusinessLine = z.infer<typeof UpdateBusinessLineSchema>;
