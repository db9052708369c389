import { DynamicModule, Module } from '@nestjs/common';
import { ObservabilityModule } from '@itsm/platform/observability';
import { GatewayConfig } from './config';
import { UpstreamModule } from './upstream/upstream.module';
import { HealthModule } from './health/health.module';
import { OpenApiModule } from './openapi/openapi.module';
import { ProxyModule } from './proxy/proxy.module';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // Logs, request ids, metrics and /metrics; no database or Kafka, so not the services' PlatformModule.
        ObservabilityModule.forRoot({ serviceName: config.SERVICE_NAME, level: config.LOG_LEVEL }),
        UpstreamModule.forRoot(config),
        HealthModule,
        OpenApiModule,
        // Last: routes register in module order, and the proxy's `/api/:service/*path` would
        // otherwise claim `/api/openapi.json` and `/api/docs`.
        ProxyModule,
      ],
    };
  }
}
