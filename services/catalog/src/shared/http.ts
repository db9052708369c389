import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { parseWith } from '@itsm/platform/errors';

const IdSchema = z.uuid();

/** Path ids are checked before they reach SQL, so a malformed one is a 400, not a database error. */
export function parseId(value: string, name = 'id'): string {
  return parseWith(z.object({ [name]: IdSchema }), { [name]: value })[name] as string;
}

type JsonSchema = Record<string, unknown>;

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete json['$schema'];
  return json;
}

/** OpenAPI body/query schema from the same zod schema that validates the request. */
export function openApiSchema(schema: z.ZodType): JsonSchema {
  return toJsonSchema(schema, 'input');
}

/** OpenAPI response schema of a zod schema (its output side). */
export function responseSchema(schema: z.ZodType): JsonSchema {
  return toJsonSchema(schema, 'output');
}

/** A resource as the API returns it: the event snapshot plus the row's version and creation time. */
export function resourceSchema(snapshot: z.ZodType): JsonSchema {
  return {
    allOf: [
      toJsonSchema(snapshot, 'output'),
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

export function pageSchema(item: JsonSchema): JsonSchema {
  return {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: item },
      nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last. / 下一页游标。' },
    },
  };
}

const problemSchema: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details / 问题详情',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', description: 'Stable error code, e.g. catalog.task_plan.cycle' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    fields: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } },
    },
    allowed: { type: 'array', items: { type: 'string' }, description: 'On 409 transitions: what is allowed from the current state.' },
  },
};

const problemDescriptions: Record<number, string> = {
  400: 'Invalid input; `fields` lists what is wrong',
  401: 'No valid access token',
  403: 'The token lacks the role, or the department, this change needs',
  404: 'No such resource',
  409: 'Conflicts with the current state or version',
  413: 'Body larger than HTTP_BODY_LIMIT',
};

/** Documents the 200 body and the problem responses an operation can give. */
export function ApiResult(schema: JsonSchema, problems: number[] = [400, 404], status: 200 | 201 = 200) {
  return applyDecorators(
    ApiResponse({ status, schema }),
    ...[401, ...problems].map((status) =>
      ApiResponse({ status, description: problemDescriptions[status], content: { 'application/problem+json': { schema: problemSchema } } }),
    ),
  );
}
