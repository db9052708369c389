import { INestApplication } from '@nestjs/common';
import { createServiceApp, httpServerSettingsOf } from '@itsm/platform/service';
import { AppModule } from './app.module';
import { RequestsConfig } from './config';

/** The requests app as main.ts and the integration tests build it: HTTP plus the catalog-event consumer. */
export function createRequestsApp(config: RequestsConfig): Promise<INestApplication> {
  return createServiceApp(AppModule.forRoot(config), {
    serviceName: config.SERVICE_NAME,
    bodyLimit: config.HTTP_BODY_LIMIT,
    http: httpServerSettingsOf(config),
    consumeEvents: true,
    openApi: {
      title: 'Requests API / 服务申请 API',
      description:
        'Business requests for catalog offerings: submission with form validation, approvals, task fan-out, comments and timeline. / 针对服务目录服务项的业务申请：表单校验提交、审批、任务拆分、评论与时间线。',
      version: '1',
    },
  });
}
