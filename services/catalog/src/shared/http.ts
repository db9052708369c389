import { z } from 'zod';
import { JsonSchema, openApiSchema } from '@itsm/platform/service';

export { ApiCreated, ApiQueryParams, ApiResult, openApiSchema, pageSchema, parseId } from '@itsm/platform/service';

/** OpenAPI response schema of a zod schema (its output side). */
export function responseSchema(schema: z.ZodType): JsonSchema {
  return openApiSchema(schema, 'output');
}

/**
 * A resource as the API returns it: the event snapshot plus the row's version and creation time,
 * as one object (the snapshot's schema is closed, so an `allOf` of it and the extra members could
 * match nothing).
 */
export function resourceSchema(snapshot: z.ZodType): JsonSchema {
  const json = openApiSchema(snapshot, 'output');
  const properties = (json['properties'] ?? {}) as Record<string, unknown>;
  const required = Array.isArray(json['required']) ? (json['required'] as string[]) : [];
  return {
    ...json,
    properties: {
      ...properties,
      version: {
        type: 'integer',
        description: 'For optimistic locking: send it back as expectedVersion. / 乐观锁版本号。',
      },
      createdAt: { type: 'string', format: 'date-time' },
    },
    required: [...required, 'version', 'createdAt'],
  };
}
