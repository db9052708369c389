import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream, LevelWithSilent } from 'pino';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { HttpTracingMiddleware } from './http-tracing.middleware';
import { createLogger, httpLogSerializers } from './logger';
import { MetricsController } from './metrics.controller';
import { ensureDefaultMetrics } from './metrics';
import { requestIdFor } from './request-id';
import { ALL_ROUTES, isProbePath } from './route-of';

export interface ObservabilityOptions {
  serviceName: string;
  /** pino level name; anything else falls back to 'info'. */
  level?: LevelWithSilent | string;
  /** Where log lines go; stdout by default (tests pass a stream). */
  destination?: DestinationStream;
}

/**
 * Structured request logging (nestjs-pino over pino-http, request id from `x-request-id` or a
 * new UUID, echoed back), Prometheus metrics with an HTTP latency histogram, and GET /metrics.
 * Use the logger app-wide with `NestFactory.create(..., { bufferLogs: true })` and
 * `app.useLogger(app.get(Logger))` (Logger from nestjs-pino).
 */
@Module({})
export class ObservabilityModule implements NestModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    ensureDefaultMetrics(options.serviceName);
    const logger = createLogger(options.serviceName, options.level, options.destination);
    return {
      module: ObservabilityModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            logger,
            genReqId: (req: IncomingMessage, res: ServerResponse) => requestIdFor(req, res),
            // Lines logged while handling a request carry just `reqId`; the full request is
            // logged once, on the access-log line.
            quietReqLogger: true,
            // Query strings and redirect targets can carry credentials (OIDC codes, keys).
            serializers: httpLogSerializers,
            customLogLevel: (_req, res, err) =>
              err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
            autoLogging: { ignore: (req) => isProbePath(req.url) },
          },
        }),
      ],
      controllers: [MetricsController],
      providers: [HttpTracingMiddleware, HttpMetricsMiddleware],
      exports: [LoggerModule],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // Same wildcard as nestjs-pino: path-to-regexp 8 form that also matches the prefix root.
    consumer
      .apply(HttpTracingMiddleware, HttpMetricsMiddleware)
      .forRoutes({ path: ALL_ROUTES, method: RequestMethod.ALL });
  }
}
