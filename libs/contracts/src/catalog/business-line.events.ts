import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { LocalizedTextSchema, SlugSchema, TimestampSchema, UuidSchema } from '../common/primitives.schema';
import { localized } from '../common/localized-text';

export const BusinessLineSchema = z
  .object({
    businessLineId: UuidSchema,
    code: SlugSchema,
    name: LocalizedTextSchema,
    description: LocalizedTextSchema.optional(),
    archived: z.boolean(),
    updatedAt: TimestampSchema,
  })
  .describe(
    'A line of business (retail, e-commerce, logistics…) grouping business services. / 业务线（零售、电商、物流……），用于归组业务服务。',
  );
export type BusinessLine = z.infer<typeof BusinessLineSchema>;

export const BusinessLineChangedV1 = defineEvent({
  service: 'catalog',
  aggregate: 'business-line',
  event: 'changed',
  version: 1,
  summary: localized(
    'A business line was created, edited or archived; carries its full state after the change.',
    '业务线已创建、修改或归档；携带变更后的完整状态。',
  ),
  schema: BusinessLineSchema,
});
export type BusinessLineChangedV1Data = z.infer<typeof BusinessLineChangedV1.schema>;
