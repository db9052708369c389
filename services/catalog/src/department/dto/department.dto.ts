import { z } from 'zod';
import { DepartmentKindSchema, LocalizedTextSchema, SlugSchema } from '@itsm/contracts';

export const CreateDepartmentSchema = z.strictObject({
  code: SlugSchema,
  kind: DepartmentKindSchema,
  name: LocalizedTextSchema,
  description: LocalizedTextSchema.optional(),
});
export type CreateDepartment = z.infer<typeof CreateDepartmentSchema>;

export const UpdateDepartmentSchema = z.strictObject({
  name: LocalizedTextSchema.optional(),
  description: LocalizedTextSchema.nullable().optional(),
  archived: z.boolean().optional(),
  expectedVersion: z.number().int().min(1).optional(),
});
export type UpdateDepartment = z.infer<typeof UpdateDepartmentSchema>;
