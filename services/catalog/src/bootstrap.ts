import { INestApplication } from '@nestjs/common';
import { createServiceApp, httpServerSettingsOf } from '@itsm/platform/service';
import { AppModule } from './app.module';
import { CatalogConfig } from './config';

/** The catalog app as main.ts and the integration tests build it. */
export function createCatalogApp(config: CatalogConfig): Promise<INestApplication> {
  return createServiceApp(AppModule.forRoot(config), {
    serviceName: config.SERVICE_NAME,
    bodyLimit: config.HTTP_BODY_LIMIT,
    http: httpServerSettingsOf(config),
    openApi: {
      title: 'Service catalog API / 服务目录 API',
      description:
        'Business lines and services, service desks, support teams and offerings by business scenario. / 业务线与业务服务、服务台、支持团队，以及按业务场景组织的服务项。',
      version: '1',
    },
  });
}
