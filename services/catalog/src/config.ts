import { z } from 'zod';
import { baseServiceEnv } from '@itsm/platform/config';

export const catalogEnv = baseServiceEnv.extend({
  SERVICE_NAME: z.string().default('catalog'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3001),
  /** Load the demo business (offerings for the four scenarios, desks, teams) when the catalog is empty. */
  DEMO_DATA: z.stringbool().default(false),
  KAFKA_GROUP_ID: z.string().min(1).optional(),
});

export type CatalogConfig = z.infer<typeof catalogEnv>;
