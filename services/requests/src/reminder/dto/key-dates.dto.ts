import { z } from 'zod';
import { FormFieldNameSchema, localizedMessage, storableString, localized } from '@itsm/contracts';

/** `{ dates: { openingDate: '2026-06-01' } }`: new values for the request's key business date fields. */
export const ChangeKeyDatesSchema = z.strictObject({
  dates: z.record(FormFieldNameSchema, storableString().min(10).max(40)).refine((d) => Object.keys(d).length > 0, {
    error: localizedMessage(localized('give at least one date', '请至少给出一个日期')),
  }),
  reason: storableString().trim().max(2000).optional(),
});
export type ChangeKeyDates = z.infer<typeof ChangeKeyDatesSchema>;
