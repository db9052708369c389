import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule, ServiceDataSourceOptions } from '../database';
import { MessagingModule, MessagingOptions } from '../messaging';
import { HealthModule, HealthOptions } from '../health';
import { ObservabilityModule } from '../observability';
import { AuthModule, AuthModuleOptions } from '../auth';
import { AuditAccessPolicy, AuditModule } from '../audit';
import type { Type } from '@nestjs/common';

export interface PlatformModuleOptions {
  serviceName: string;
  logLevel: string;
  database: ServiceDataSourceOptions;
  messaging: Omit<MessagingOptions, 'serviceName' | 'databaseUrl'>;
  health?: Partial<HealthOptions>;
  /** Who issues the access tokens this service accepts; every route needs one unless @Public(). */
  auth: AuthModuleOptions;
  /** Who may read an object's audit trail (`GET /audit-records`); every service records one. */
  auditAccess?: Type<AuditAccessPolicy>;
}

/** Everything a service stands on: logs/metrics/traces, its database, messaging, health, token verification and the audit trail. */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ObservabilityModule.forRoot({ serviceName: options.serviceName, level: options.logLevel }),
        DatabaseModule.forRoot({ applicationName: options.serviceName, ...options.database }),
        MessagingModule.forRoot({
          ...options.messaging,
          serviceName: options.serviceName,
          databaseUrl: options.database.url,
        }),
        HealthModule.forRoot(options.health),
        AuthModule.forRoot(options.auth),
        AuditModule.forRoot({ serviceName: options.serviceName, access: options.auditAccess, withEvents: true }),
      ],
    };
  }
}
