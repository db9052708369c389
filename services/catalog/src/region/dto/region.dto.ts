import { z } from 'zod';
import { LocalizedTextSchema, RegionCodeSchema } from '@itsm/contracts';

export const CreateRegionSchema = z.strictObject({
  code: RegionCodeSchema,
  name: LocalizedTextSchema,
});
export type CreateRegion = z.infer<typeof CreateRegionSchema>;

/** The code is what teams and forms name: it never changes. */
export const UpdateRegionSchema = z.strictObject({
  name: LocalizedTextSchema.optional(),
  archived: z.boolean().optional(),
  expectedVersion: z.number().int().min(1).optional(),
});
export type UpdateRegion = z.infer<typeof UpdateRegionSchema>;
