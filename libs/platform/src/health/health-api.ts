import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiResponse, type ApiResponseOptions } from '@nestjs/swagger';
import { problemResponseRef } from '../service/openapi-document';

const CHECKS = {
  type: 'object',
  additionalProperties: { type: 'object', required: ['status'], properties: { status: { type: 'string' } } },
};

/** Documents a terminus health check: 200 with each check's state, 503 problem (with the same members) when one is down. */
export function ApiHealthCheck(summary: string) {
  return applyDecorators(
    ApiOperation({ summary }),
    ApiResponse({
      status: 200,
      description: 'Every check is up / 全部检查正常',
      schema: {
        type: 'object',
        required: ['status'],
        properties: { status: { enum: ['ok'] }, info: CHECKS, error: CHECKS, details: CHECKS },
      },
    }),
    ApiResponse({
      status: 503,
      ...problemResponseRef(503),
      description: 'A check is down; `error` and `details` say which / 有检查项未通过',
    } as ApiResponseOptions),
  );
}
