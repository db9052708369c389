import { z } from 'zod';
import { localizedMessage } from '../common/localized-message';
import { defineEvent } from '../event-contract';
import {
  CurrencyCodeSchema,
  LocalizedTextSchema,
  SlugSchema,
  storableString,
  TimestampSchema,
  UuidSchema,
} from '../common/primitives.schema';
import { localized } from '../common/localized-text';

export const CRITICALITIES = ['critical', 'high', 'medium', 'low'] as const;
export const CriticalitySchema = z.enum(CRITICALITIES);
export type Criticality = z.infer<typeof CriticalitySchema>;

/** The largest amount a `numeric(14,2)` column holds. */
export const MAX_MONEY_AMOUNT = 999_999_999_999.99;

export const MoneySchema = z.object({
  // zod's multipleOf compares with a float tolerance, so amounts like 19.99 (1998.9999… cents) pass.
  amount: z
    .number()
    .nonnegative()
    .max(MAX_MONEY_AMOUNT)
    .multipleOf(0.01, {
      error: localizedMessage(localized('must have at most 2 decimal places', '最多两位小数')),
    }),
  currency: CurrencyCodeSchema,
});
export type Money = z.infer<typeof MoneySchema>;

/** Same shape as Prometheus/Alertmanager label names (plus '.', '/', '-') so alerts map onto services. */
export const LABEL_KEY_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_./-]{0,62}$/;
export const LabelsSchema = z.record(
  z.string().regex(LABEL_KEY_PATTERN, {
    error: localizedMessage(
      localized(
        'label keys start with a letter or "_" and contain letters, digits, "_", ".", "/", "-"',
        '标签键以字母或「_」开头，只含字母、数字、「_」「.」「/」「-」',
      ),
    ),
  }),
  storableString().max(1024),
);
export type Labels = z.infer<typeof LabelsSchema>;

export const BusinessServiceSchema = z
  .object({
    businessServiceId: UuidSchema,
    code: SlugSchema,
    businessLineId: UuidSchema,
    name: LocalizedTextSchema,
    description: LocalizedTextSchema.optional(),
    criticality: CriticalitySchema,
    ownerName: storableString().min(1).max(200),
    ownerEmail: z.email().optional(),
    downtimeCostPerHour: MoneySchema,
    typicalUsersAffected: z.number().int().nonnegative(),
    labels: LabelsSchema.describe(
      'Labels matched against monitoring alert labels to find the affected service. / 与监控告警标签匹配，用于定位受影响的业务服务。',
    ),
    archived: z.boolean(),
    updatedAt: TimestampSchema,
  })
  .describe(
    'A service the business consumes (POS checkout, online store…), with its impact figures. / 业务所使用的服务（门店收银、线上商城……）及其影响指标。',
  );
export type BusinessService = z.infer<typeof BusinessServiceSchema>;

export const BusinessServiceChangedV1 = defineEvent({
  service: 'catalog',
  aggregate: 'business-service',
  event: 'changed',
  version: 1,
  summary: localized(
    'A business service was created, edited or archived; carries its full state after the change.',
    '业务服务已创建、修改或归档；携带变更后的完整状态。',
  ),
  schema: BusinessServiceSchema,
});
export type BusinessServiceChangedV1Data = z.infer<typeof BusinessServiceChangedV1.schema>;
