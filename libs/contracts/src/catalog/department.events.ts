import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { LocalizedTextSchema, SlugSchema, TimestampSchema, UuidSchema } from '../common/primitives.schema';
import { localized } from '../common/localized-text';

export const DEPARTMENT_KINDS = ['it', 'hr', 'facilities', 'finance', 'legal', 'other'] as const;
export const DepartmentKindSchema = z.enum(DEPARTMENT_KINDS);
export type DepartmentKind = z.infer<typeof DepartmentKindSchema>;

export const DepartmentSchema = z
  .object({
    departmentId: UuidSchema,
    code: SlugSchema,
    kind: DepartmentKindSchema,
    name: LocalizedTextSchema,
    description: LocalizedTextSchema.optional(),
    archived: z.boolean(),
    updatedAt: TimestampSchema,
  })
  .describe(
    'A department running its own service desk (IT, HR, facilities…). / 运营独立服务台的部门（IT、人事、行政……）。',
  );
export type Department = z.infer<typeof DepartmentSchema>;

export const DepartmentChangedV1 = defineEvent({
  service: 'catalog',
  aggregate: 'department',
  event: 'changed',
  version: 1,
  summary: localized(
    'A department (service desk) was created, edited or archived; carries its full state after the change.',
    '部门（服务台）已创建、修改或归档；携带变更后的完整状态。',
  ),
  schema: DepartmentSchema,
});
export type DepartmentChangedV1Data = z.infer<typeof DepartmentChangedV1.schema>;
