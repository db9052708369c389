import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';
import { type CommonProblems, completeOpenApiDocument } from '@itsm/platform/service';

/**
 * What the gateway's own routes answer besides their own problems (503: its database is down), and
 * what it answers on any other path: an unknown service or route (404), a refused body, key or
 * signature, a spent rate limit, or a service it could not reach in time.
 */
export const GATEWAY_PROBLEMS: CommonProblems = {
  always: [400, 503],
  secured: [401, 403],
  withPathParameters: [404],
  withBody: [413, 415],
  otherPaths: [400, 401, 404, 413, 429, 503, 504],
};

/** What every proxied operation can answer from the gateway itself, before or instead of the service. */
export const PROXY_PROBLEMS = [401, 413, 429, 503, 504];

/** The gateway's own endpoints (sign-in, API keys, its audit trail) as an OpenAPI document, built once at start. */
export class GatewayDocument {
  document: unknown = null;

  build(app: INestApplication): void {
    const config = new DocumentBuilder()
      .setOpenAPIVersion('3.1.0')
      .setTitle('Gateway: identity, API keys, audit · 网关：身份、API 密钥、审计')
      .setDescription('Answered by the gateway itself, not proxied. 由网关自身处理。')
      .setVersion('1')
      .addBearerAuth(
        { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from POST /auth/login' },
        'bearer',
      )
      .build();
    this.document = completeOpenApiDocument(SwaggerModule.createDocument(app, config), GATEWAY_PROBLEMS);
  }
}

/** A request body or query schema for the document, from the zod schema that validates it. */
export function documented(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json['$schema'];
  return json;
}
