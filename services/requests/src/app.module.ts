import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@itsm/platform/service';
import { RequestsConfig } from './config';
import { CATALOG_PROJECTION_ENTITIES } from './catalog-projection/catalog-projection.entity';
import { CatalogProjectionModule } from './catalog-projection/catalog-projection.module';
import { Request, RequestComment, RequestIdempotency, TimelineEntry } from './request/request.entity';
import { Approval } from './approval/approval.entity';
import { AssignmentRule, Task } from './task/task.entity';
import { RequestModule } from './request/request.module';
import { ApprovalModule } from './approval/approval.module';
import { TaskModule } from './task/task.module';
import { RequestsSettings, SettingsModule } from './shared/settings';
import { RequestsAuditAccess } from './shared/requests-audit-access';
import { RequestsSchema1763800003000 } from './database/migrations/1763800003000-requests-schema';
import { Reminders1763800005100 } from './database/migrations/1763800005100-reminders';
import { AssignmentTurns1763800006000 } from './database/migrations/1763800006000-assignment-turns';
import { TeamRegionsIndex1763800007000 } from './database/migrations/1763800007000-team-regions-index';
import { TaskRequirements1763800008500 } from './database/migrations/1763800008500-task-requirements';
import { ListsAtScale1763800009000 } from './database/migrations/1763800009000-lists-at-scale';
import { ReminderTimer } from './reminder/reminder.entity';
import { ReminderModule } from './reminder/reminder.module';
import { ReminderSettings } from './reminder/reminder.settings';

export const REQUESTS_ENTITIES = [
  ...CATALOG_PROJECTION_ENTITIES,
  Request,
  RequestComment,
  RequestIdempotency,
  TimelineEntry,
  Approval,
  Task,
  AssignmentRule,
  ReminderTimer,
];
export const REQUESTS_MIGRATIONS = [
  RequestsSchema1763800003000,
  Reminders1763800005100,
  AssignmentTurns1763800006000,
  TeamRegionsIndex1763800007000,
  TaskRequirements1763800008500,
  ListsAtScale1763800009000,
];

@Module({})
export class AppModule {
  static forRoot(config: RequestsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          serviceName: config.SERVICE_NAME,
          logLevel: config.LOG_LEVEL,
          database: { url: config.DATABASE_URL, entities: REQUESTS_ENTITIES, migrations: REQUESTS_MIGRATIONS },
          messaging: {
            brokers: config.KAFKA_BROKERS,
            groupId: config.KAFKA_GROUP_ID,
            replicationFactor: config.KAFKA_REPLICATION_FACTOR,
          },
          auth: { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, jwksUrl: config.AUTH_JWKS_URL },
          auditAccess: RequestsAuditAccess,
        }),
        SettingsModule.forRoot(new RequestsSettings(config.BUSINESS_TIME_ZONE, config.REOPEN_WINDOW_DAYS)),
        CatalogProjectionModule,
        RequestModule,
        ApprovalModule,
        TaskModule,
        ReminderModule.forRoot(
          new ReminderSettings(config.REMINDER_POLL_MS, config.REMINDER_BATCH_SIZE, `service:${config.SERVICE_NAME}`),
        ),
      ],
    };
  }
}
