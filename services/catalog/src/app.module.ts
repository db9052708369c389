import { DynamicModule, Module } from '@nestjs/common';
import { CatalogAuditAccess } from './shared/catalog-audit-access';
import { PlatformModule } from '@itsm/platform/service';
import { CatalogConfig } from './config';
import { BusinessLineModule } from './business-line/business-line.module';
import { BusinessServiceModule } from './business-service/business-service.module';
import { DepartmentModule } from './department/department.module';
import { TeamModule } from './team/team.module';
import { RegionModule } from './region/region.module';
import { OfferingModule } from './offering/offering.module';
import { DemoDataModule } from './demo/demo-data.module';
import { BusinessLine } from './business-line/business-line.entity';
import { BusinessService } from './business-service/business-service.entity';
import { Department } from './department/department.entity';
import { Team } from './team/team.entity';
import { Region } from './region/region.entity';
import { Offering, OfferingVersion } from './offering/offering.entity';
import { CatalogSchema1763800001000 } from './database/migrations/1763800001000-catalog-schema';
import { Regions1763800008600 } from './database/migrations/1763800008600-regions';

export const CATALOG_ENTITIES = [BusinessLine, BusinessService, Department, Region, Team, Offering, OfferingVersion];
export const CATALOG_MIGRATIONS = [CatalogSchema1763800001000, Regions1763800008600];

@Module({})
export class AppModule {
  static forRoot(config: CatalogConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          serviceName: config.SERVICE_NAME,
          logLevel: config.LOG_LEVEL,
          database: { url: config.DATABASE_URL, entities: CATALOG_ENTITIES, migrations: CATALOG_MIGRATIONS },
          messaging: {
            brokers: config.KAFKA_BROKERS,
            groupId: config.KAFKA_GROUP_ID,
            replicationFactor: config.KAFKA_REPLICATION_FACTOR,
          },
          auth: { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, jwksUrl: config.AUTH_JWKS_URL },
          auditAccess: CatalogAuditAccess,
        }),
        BusinessLineModule,
        BusinessServiceModule,
        DepartmentModule,
        RegionModule,
        TeamModule,
        OfferingModule,
        DemoDataModule.forRoot({ enabled: config.DEMO_DATA }),
      ],
    };
  }
}
