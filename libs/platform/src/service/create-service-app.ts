import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import express from 'express';
import { ProblemExceptionFilter } from '../errors';
import { EventConsumers } from '../messaging';
import { securityHeaders } from './security-headers';
import { configureHttpServer, defaultHttpServerSettings, type HttpServerSettings } from './http-server';
import { completeOpenApiDocument, SERVICE_PROBLEMS } from './openapi-document';

export interface ServiceAppOptions {
  serviceName: string;
  bodyLimit: string;
  openApi: { title: string; description: string; version: string };
  /** Start the Kafka event transport for the app's @EventPattern handlers. */
  consumeEvents?: boolean;
  /** Trusted proxies and request deadlines (`httpServerSettingsOf(config)`); the variables' defaults when absent. */
  http?: HttpServerSettings;
}

/**
 * Builds a service's Nest app the same way in main.ts and in tests: JSON body limit, problem
 * responses, trusted proxies and request deadlines, OpenAPI at /openapi.json, graceful shutdown,
 * and the event consumer when asked.
 */
export async function createServiceApp(
  module: Type | DynamicModule,
  options: ServiceAppOptions,
): Promise<INestApplication> {
  const app = await NestFactory.create(module, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.use(securityHeaders());
  app.use(express.json({ limit: options.bodyLimit, type: ['application/json', 'application/*+json'] }));
  app.useGlobalFilters(new ProblemExceptionFilter());
  app.enableShutdownHooks();
  configureHttpServer(app, options.http ?? defaultHttpServerSettings());

  serveOpenApi(app, options.openApi);

  if (options.consumeEvents) {
    app.connectMicroservice({ strategy: app.get(EventConsumers).createTransport() }, { inheritAppConfig: true });
    await app.startAllMicroservices();
  }
  return app;
}

const documents = new WeakMap<INestApplication, OpenAPIObject>();

/** The OpenAPI document a service app built at start (what it serves at /openapi.json). */
export function serviceOpenApiDocument(app: INestApplication): OpenAPIObject | undefined {
  return documents.get(app);
}

/** Builds the app's OpenAPI document (completed with the platform's shared answers) and serves it at /openapi.json. */
export function serveOpenApi(app: INestApplication, info: ServiceAppOptions['openApi']): OpenAPIObject {
  const document = buildOpenApi(app, info);
  documents.set(app, document);
  app.getHttpAdapter().get('/openapi.json', (_req: unknown, res: express.Response) => res.json(document));
  return document;
}

function buildOpenApi(app: INestApplication, info: ServiceAppOptions['openApi']): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle(info.title)
    .setDescription(info.description)
    .setVersion(info.version)
    // Every documented operation needs the gateway's access token (health, metrics and this document do not).
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'Access token from POST /auth/login at the gateway',
      },
      'bearer',
    )
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.paths['/openapi.json'] = {
    get: {
      operationId: 'getOpenApiDocument',
      summary: 'This OpenAPI 3.1 document · 本 OpenAPI 3.1 文档',
      tags: ['documents'],
      security: [{}],
      responses: {
        '200': { description: 'The document', content: { 'application/json': { schema: { type: 'object' } } } },
      },
    },
  };
  return completeOpenApiDocument(document, SERVICE_PROBLEMS);
}
