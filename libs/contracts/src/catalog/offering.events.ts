import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { SlugSchema, TimestampSchema, UuidSchema } from '../common/primitives.schema';
import { offeringVersionShape, refineOfferingVersion } from './offering-version.schema';
import { localized } from '../common/localized-text';

export const OfferingChangedDataSchema = z
  .object({ ...offeringVersionShape, status: z.literal('draft') })
  .superRefine(refineOfferingVersion)
  .describe('Full snapshot of the draft version after the change. / 变更后草稿版本的完整快照。');

export const OfferingPublishedDataSchema = z
  .object({ ...offeringVersionShape, status: z.literal('published') })
  .superRefine(refineOfferingVersion)
  .describe('Full snapshot of the version that is now live. / 已上线版本的完整快照。');

export const OfferingRetiredDataSchema = z.object({
  offeringId: UuidSchema,
  version: z.number().int().min(1),
  code: SlugSchema,
  retiredAt: TimestampSchema,
});

export const OfferingReinstatedDataSchema = z.object({
  offeringId: UuidSchema,
  /** The published version that takes requests again. */
  version: z.number().int().min(1),
  code: SlugSchema,
  reinstatedAt: TimestampSchema,
});

export const OfferingChangedV1 = defineEvent({
  service: 'catalog',
  aggregate: 'offering',
  event: 'changed',
  version: 1,
  summary: localized(
    'A draft version of an offering was created or edited; carries the full draft.',
    '服务项的草稿版本已创建或修改；携带完整草稿。',
  ),
  schema: OfferingChangedDataSchema,
});
export type OfferingChangedV1Data = z.infer<typeof OfferingChangedV1.schema>;

export const OfferingPublishedV1 = defineEvent({
  service: 'catalog',
  aggregate: 'offering',
  event: 'published',
  version: 1,
  summary: localized(
    'An offering version was published and can now be requested; carries the full version.',
    '服务项版本已发布，可以申请；携带完整版本。',
  ),
  schema: OfferingPublishedDataSchema,
});
export type OfferingPublishedV1Data = z.infer<typeof OfferingPublishedV1.schema>;

export const OfferingRetiredV1 = defineEvent({
  service: 'catalog',
  aggregate: 'offering',
  event: 'retired',
  version: 1,
  summary: localized(
    'An offering version was retired and can no longer be requested.',
    '服务项版本已下线，不再接受申请。',
  ),
  schema: OfferingRetiredDataSchema,
});
export type OfferingRetiredV1Data = z.infer<typeof OfferingRetiredV1.schema>;

export const OfferingReinstatedV1 = defineEvent({
  service: 'catalog',
  aggregate: 'offering',
  event: 'reinstated',
  version: 1,
  summary: localized(
    'A retired offering was reinstated by a platform admin: its last published version can be requested again.',
    '平台管理员恢复了已下线的服务项：其最后发布的版本可以再次申请。',
  ),
  schema: OfferingReinstatedDataSchema,
});
export type OfferingReinstatedV1Data = z.infer<typeof OfferingReinstatedV1.schema>;
