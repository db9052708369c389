import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { decodeCursor, isUuid } from '../database';
import { parseWith, ValidationError } from '../errors';

/** A JSON Schema object as OpenAPI documents take it. */
export type JsonSchema = Record<string, unknown>;

const IdSchema = z.uuid();

/** Path ids are checked before they reach SQL, so a malformed one is a 400, not a database error. */
export function parseId(value: string, name = 'id'): string {
  return parseWith(z.object({ [name]: IdSchema }), { [name]: value })[name] as string;
}

/** The id a page continues after (keyset pagination on UUIDv7 ids); a cursor this API did not hand out is a 400. */
export function cursorId(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const id = decodeCursor(cursor)?.['id'];
  if (!isUuid(id)) throw new ValidationError([{ path: 'cursor', code: 'invalid', message: 'not a cursor returned by this API' }]);
  return id;
}

/** OpenAPI schema from the same zod schema that validates the body or query (`output` for responses). */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete json['$schema'];
  return json;
}

/** A cursor page of items. */
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
    code: { type: 'string', description: 'Stable error code, e.g. catalog.task_plan.cycle or requests.form.invalid' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    fields: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          path: { type: 'string' },
          code: { type: 'string' },
          message: { type: 'string' },
          label: { type: 'object', description: 'Form field label in both languages / 表单字段的中英文名称' },
          messages: { type: 'object', description: 'The message in both languages / 中英文错误信息' },
        },
      },
    },
    allowed: { type: 'array', items: { type: 'string' }, description: 'On 409 transitions: the states allowed from the current one.' },
  },
};

const problemDescriptions: Record<number, string> = {
  400: 'Invalid input; `fields` lists what is wrong',
  401: 'No valid access token',
  403: 'The token lacks the role, department or scope this needs',
  404: 'No such resource, or not one you may see',
  409: 'Conflicts with the current state or version (`allowed` lists the possible transitions)',
  413: 'Body larger than HTTP_BODY_LIMIT',
  422: 'Cannot be done as asked (e.g. an Idempotency-Key reused with another body)',
};

/** Documents the success body and the problem responses an operation can give. */
export function ApiResult(schema: JsonSchema, problems: number[] = [400, 404], status: 200 | 201 = 200) {
  return applyDecorators(
    ApiResponse({ status, schema }),
    ...[401, ...problems].map((s) =>
      ApiResponse({ status: s, description: problemDescriptions[s], content: { 'application/problem+json': { schema: problemSchema } } }),
    ),
  );
}
