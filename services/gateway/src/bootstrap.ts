import type { Server } from 'node:http';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ProblemExceptionFilter } from '@itsm/platform/errors';
import { configureHttpServer, httpServerSettingsOf, securityHeaders } from '@itsm/platform/service';
import { AppModule, GatewayAppOptions } from './app.module';
import { GatewayConfig } from './config';
import { withholdContinueOverLimit } from './proxy/body-limit.step';
import { GatewayDocument } from './openapi/gateway-document';

/** The gateway app as main.ts and the integration tests build it. */
export async function createGatewayApp(
  config: GatewayConfig,
  options: GatewayAppOptions = {},
): Promise<INestApplication> {
  // No body parser: bodies stream through to the services untouched (the pipeline limits their size);
  // only the gateway's own /auth endpoints parse theirs (IdentityModule).
  const app = await NestFactory.create(AppModule.forRoot(config, options), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.use(securityHeaders());
  app.useGlobalFilters(new ProblemExceptionFilter());
  app.enableShutdownHooks();
  configureHttpServer(app, httpServerSettingsOf(config));
  withholdContinueOverLimit(app.getHttpServer() as Server, config.HTTP_BODY_LIMIT);
  app.get(GatewayDocument).build(app);
  return app;
}
