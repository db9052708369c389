import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { LocalizedTextSchema, RegionCodeSchema, TimestampSchema, UuidSchema } from '../common/primitives.schema';
import { localized } from '../common/localized-text';

export const RegionSchema = z
  .object({
    regionId: UuidSchema,
    code: RegionCodeSchema,
    name: LocalizedTextSchema,
    archived: z.boolean(),
    updatedAt: TimestampSchema,
  })
  .describe(
    "A region the business works in ('cn-south'): teams cover regions, forms route work by them. / 业务所在区域（如 'cn-south'）：团队按区域负责，表单按区域分派工作。",
  );
export type Region = z.infer<typeof RegionSchema>;

export const RegionChangedV1 = defineEvent({
  service: 'catalog',
  aggregate: 'region',
  event: 'changed',
  version: 1,
  summary: localized(
    'A region was created, renamed or archived; carries its full state after the change.',
    '区域已创建、改名或归档；携带变更后的完整状态。',
  ),
  schema: RegionSchema,
});
export type RegionChangedV1Data = z.infer<typeof RegionChangedV1.schema>;
