import { z } from 'zod';
import { EMAIL_PATTERN, isValidTimeZone, TIME_ZONE_FORMAT } from '../common/primitives.schema';
import { ReminderTimeZoneSchema } from './offering-version.schema';

/*
 * What an offering's form (a JSON Schema) may say beyond JSON Schema and the ajv-formats formats:
 * the catalog checks forms against it when they are saved (Ajv, strict), the requests service
 * enforces it on what people submit. Both register exactly these.
 */

/** Formats by name, with the check a value must pass (`email` replaces ajv-formats' own: one pattern everywhere). */
export const FORM_FORMATS: Readonly<Record<string, (value: string) => boolean>> = {
  [TIME_ZONE_FORMAT]: isValidTimeZone,
  email: (value) => EMAIL_PATTERN.test(value),
};

/**
 * On a date (or date-time) field: how far ahead of today it must be, today being the date in a time
 * zone (fixed, or a form field's such as the store's, with a default). `minDaysAhead: 0` is "not
 * before today"; `14`, "at least two weeks from today".
 */
export const DATE_RULE_KEYWORD = 'x-date-rule';

export const FormDateRuleSchema = z
  .strictObject({
    minDaysAhead: z
      .number()
      .int()
      .min(0)
      .max(3660)
      .describe('0: not before today; N: at least N days after today. / 0：不早于今天；N：至少在今天之后 N 天。'),
    timeZone: ReminderTimeZoneSchema.describe(
      "Whose today: a fixed zone, or a form field's (the store's) with a default. / 以哪个时区的“今天”为准。",
    ),
  })
  .describe('A date rule on a form field (`x-date-rule`). / 表单日期字段的日期规则。');
export type FormDateRule = z.infer<typeof FormDateRuleSchema>;

/** The keyword's value as a JSON Schema, for Ajv to check declarations with (`metaSchema`). */
export const DATE_RULE_META_SCHEMA: Record<string, unknown> = (() => {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(FormDateRuleSchema, { target: 'draft-7' }) as Record<
    string,
    unknown
  >;
  return schema;
})();
