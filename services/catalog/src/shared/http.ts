import { z } from 'zod';
import { JsonSchema, openApiSchema } from '@itsm/platform/service';

export { ApiResult, openApiSchema, pageSchema, parseId } from '@itsm/platform/service';

/** OpenAPI response schema of a zod schema (its output side). */
export function responseSchema(schema: z.ZodType): JsonSchema {
  return openApiSchema(schema, 'output');
}

/** A resource as the API returns it: the event snapshot plus the row's version and creation time. */
export function resourceSchema(snapshot: z.ZodType): JsonSchema {
  return {
    allOf: [
      openApiSchema(snapshot, 'output'),
      {
        type: 'object',
        required: ['version', 'createdAt'],
        properties: {
          version: { type: 'integer', description: 'For optimistic locking: send it back as expectedVersion. / 乐观锁版本号。' },
          createdAt: { type: 'string', format: 'date-time' },
        },
      },
    ],
  };
}
