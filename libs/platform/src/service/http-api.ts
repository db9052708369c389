import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  HttpCode,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { ApiQuery, ApiResponse, type ApiResponseOptions } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Observable, tap } from 'rxjs';
import { z } from 'zod';
import { decodeCursor, isUuid } from '../database';
import { parseWith, ValidationError } from '../errors';
import { type JsonSchema, problemResponseRef } from './openapi-document';
import { localized } from '@itsm/contracts';

const IdSchema = z.uuid();

/** Path ids are checked before they reach SQL, so a malformed one is a 400, not a database error. */
export function parseId(value: string, name = 'id'): string {
  return parseWith(z.object({ [name]: IdSchema }), { [name]: value })[name] as string;
}

/** The id a page continues after (keyset pagination on UUIDv7 ids); a cursor this API did not hand out is a 400. */
export function cursorId(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const id = decodeCursor(cursor)?.['id'];
  if (!isUuid(id))
    throw new ValidationError([
      {
        path: 'cursor',
        code: 'invalid',
        message: localized('not a cursor returned by this API', '不是本接口返回的游标'),
      },
    ]);
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
      nextCursor: {
        type: ['string', 'null'],
        description: 'Pass as `cursor` for the next page; null on the last. / 下一页游标。',
      },
    },
  };
}

/** Documents the success body and the problem answers particular to an operation (the common ones are added for every operation). */
export function ApiResult(schema: JsonSchema, problems: number[] = []) {
  return applyDecorators(
    ApiResponse({ status: 200, schema }),
    ...problems.map((status) => ApiResponse({ status, ...problemResponseRef(status) } as ApiResponseOptions)),
  );
}

/**
 * A creating operation: answers 201 with `Location` set to the created resource (`location` of the
 * answered body, a path from the service's root, e.g. `/offerings/<id>`; the gateway puts its own
 * prefix in front) and documents both.
 */
export function ApiCreated<T>(schema: JsonSchema, location: (body: T) => string, problems: number[] = []) {
  return applyDecorators(
    HttpCode(201),
    UseInterceptors(new LocationInterceptor(location)),
    ApiResponse({
      status: 201,
      schema,
      headers: {
        Location: {
          required: true,
          description: 'Where the created resource is / 所创建资源的地址',
          schema: { type: 'string', format: 'uri-reference' },
        },
      },
    }),
    ...problems.map((status) => ApiResponse({ status, ...problemResponseRef(status) } as ApiResponseOptions)),
  );
}

class LocationInterceptor<T> implements NestInterceptor<T, T> {
  constructor(private readonly location: (body: T) => string) {}

  intercept(context: ExecutionContext, next: CallHandler<T>): Observable<T> {
    return next
      .handle()
      .pipe(tap((body) => context.switchToHttp().getResponse<Response>().setHeader('Location', this.location(body))));
  }
}

/** Documents the query parameters of an operation from the zod schema that parses its query. */
export function ApiQueryParams(schema: z.ZodType) {
  const json = openApiSchema(schema);
  const required = new Set(Array.isArray(json['required']) ? (json['required'] as string[]) : []);
  const properties = (json['properties'] ?? {}) as Record<string, JsonSchema>;
  return applyDecorators(
    ...Object.entries(properties).map(([name, property]) => {
      const { description, ...propertySchema } = property;
      return ApiQuery({
        name,
        required: required.has(name),
        schema: propertySchema,
        ...(typeof description === 'string' ? { description } : {}),
      });
    }),
  );
}
