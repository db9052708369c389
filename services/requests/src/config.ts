import { z } from 'zod';
import { IanaTimeZoneSchema } from '@itsm/contracts';
import { baseServiceEnv } from '@itsm/platform/config';

export const requestsEnv = baseServiceEnv.extend({
  SERVICE_NAME: z.string().default('requests'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3002),
  KAFKA_GROUP_ID: z.string().min(1).optional(),
  /** Where business days are counted for promised delivery times (Mon–Fri in this zone). */
  BUSINESS_TIME_ZONE: IanaTimeZoneSchema.default('Asia/Shanghai'),
  /** How long after closing a fulfilled request it can still be reopened. */
  REOPEN_WINDOW_DAYS: z.coerce.number().int().min(0).max(365).default(14),
  /** How often the reminder poller looks for due timers (0 turns it off). */
  REMINDER_POLL_MS: z.coerce.number().int().min(0).max(3_600_000).default(1000),
  /** How many due timers one poll claims per transaction. */
  REMINDER_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(50),
});

export type RequestsConfig = z.infer<typeof requestsEnv>;
