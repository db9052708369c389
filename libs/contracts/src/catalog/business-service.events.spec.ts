import {
  FormFieldNameSchema,
  LocalizedTextSchema,
  NUL_CHARACTER_MESSAGE,
  RoleNameSchema,
  toReadableIssues,
} from '../common/primitives.schema';
import { businessServiceFixture } from './catalog.fixtures';
import { BusinessServiceSchema, MAX_MONEY_AMOUNT, MoneySchema } from './business-service.events';
import type { z } from 'zod';

function issuesOf(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value);
  return result.success ? [] : toReadableIssues(result.error);
}

describe('MoneySchema', () => {
  // Each of these is a float whose cents are not an exact integer (19.99 * 100 = 1998.9999999999998).
  it.each([0, 0.07, 19.99, 0.1 + 0.2, 1.1 + 2.2, 120_000, 4_567.89, 123_456_789_012.34, MAX_MONEY_AMOUNT])(
    'accepts %p',
    (amount) => {
      expect(issuesOf(MoneySchema, { amount, currency: 'CNY' })).toEqual([]);
    },
  );

  it.each([1e12, 1e21, MAX_MONEY_AMOUNT + 0.01, Number.MAX_VALUE])(
    'refuses %p, larger than numeric(14,2) holds',
    (amount) => {
      expect(issuesOf(MoneySchema, { amount, currency: 'CNY' })).toContainEqual(
        expect.objectContaining({ path: 'amount', code: 'too_big' }),
      );
    },
  );

  it.each([1.005, 1.234, 0.001, 99.999])('refuses %p, with more than 2 decimal places', (amount) => {
    expect(issuesOf(MoneySchema, { amount, currency: 'CNY' })).toEqual([
      { path: 'amount', code: 'not_multiple_of', message: 'must have at most 2 decimal places' },
    ]);
  });

  it.each([-0.01, Number.NaN, Number.POSITIVE_INFINITY])('refuses %p', (amount) => {
    expect(issuesOf(MoneySchema, { amount, currency: 'CNY' }).map((i) => i.path)).toContain('amount');
  });
});

describe('NUL characters', () => {
  const nul = 'POS\u0000checkout';

  it('are refused in localized text, form field names and role names, naming the field', () => {
    expect(issuesOf(LocalizedTextSchema, { en: nul, 'zh-CN': '门店收银' })).toEqual([
      { path: 'en', code: 'custom', message: NUL_CHARACTER_MESSAGE.en },
    ]);
    expect(issuesOf(FormFieldNameSchema, nul)).toEqual([
      expect.objectContaining({ message: NUL_CHARACTER_MESSAGE.en }),
    ]);
    expect(issuesOf(RoleNameSchema, nul)).toEqual([expect.objectContaining({ message: NUL_CHARACTER_MESSAGE.en })]);
  });

  it('are refused anywhere in a business service snapshot that holds free text', () => {
    const service = businessServiceFixture();
    const bad = { ...service, name: { ...service.name, 'zh-CN': nul }, ownerName: nul, labels: { tier: nul } };
    expect(issuesOf(BusinessServiceSchema, bad).map((i) => [i.path, i.message])).toEqual([
      ['name.zh-CN', NUL_CHARACTER_MESSAGE.en],
      ['ownerName', NUL_CHARACTER_MESSAGE.en],
      ['labels.tier', NUL_CHARACTER_MESSAGE.en],
    ]);
  });

  it('leave other text alone, including other control characters and Chinese', () => {
    expect(issuesOf(LocalizedTextSchema, { en: 'tab\there\nnewline', 'zh-CN': '门店收银 \u0001' })).toEqual([]);
  });
});
