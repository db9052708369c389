import { DynamicModule, Module } from '@nestjs/common';
import { DepartmentModule } from '../department/department.module';
import { TeamModule } from '../team/team.module';
import { RegionModule } from '../region/region.module';
import { BusinessLineModule } from '../business-line/business-line.module';
import { BusinessServiceModule } from '../business-service/business-service.module';
import { OfferingModule } from '../offering/offering.module';
import { DemoDataLoader } from './demo-data.loader';

/** With `enabled` (DEMO_DATA=true), an empty catalog gets the demo business at start-up. */
@Module({})
export class DemoDataModule {
  static forRoot(options: { enabled: boolean }): DynamicModule {
    if (!options.enabled) return { module: DemoDataModule };
    return {
      module: DemoDataModule,
      imports: [RegionModule, DepartmentModule, TeamModule, BusinessLineModule, BusinessServiceModule, OfferingModule],
      providers: [DemoDataLoader],
    };
  }
}
