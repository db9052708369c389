import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';

/** The gateway's own endpoints (sign-in, API keys, its audit trail) as an OpenAPI document, built once at start. */
export class GatewayDocument {
  document: unknown = null;

  build(app: INestApplication): void {
    const config = new DocumentBuilder()
      .setOpenAPIVersion('3.1.0')
      .setTitle('Gateway: identity, API keys, audit · 网关：身份、API 密钥、审计')
      .setDescription('Answered by the gateway itself, not proxied. 由网关自身处理。')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from POST /auth/login' }, 'bearer')
      .build();
    this.document = SwaggerModule.createDocument(app, config);
  }
}

/** A request body or query schema for the document, from the zod schema that validates it. */
export function documented(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json['$schema'];
  return json;
}
