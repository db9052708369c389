import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SYSTEM_ACTOR } from '../shared/access';
import { SpanKind, withSpan } from '@itsm/platform/observability';
import { SaveDepartment } from '../department/use-cases/save-department';
import { SaveTeam } from '../team/use-cases/save-team';
import { SaveRegion } from '../region/use-cases/save-region';
import { SaveBusinessLine } from '../business-line/use-cases/save-business-line';
import { SaveBusinessService } from '../business-service/use-cases/save-business-service';
import { CreateOfferingUseCase } from '../offering/use-cases/create-offering';
import { PublishOfferingUseCase } from '../offering/use-cases/publish-offering';
import { DEMO_BUSINESS, DemoBusiness } from './demo-business';
import {
  businessLineInput,
  businessServiceInput,
  departmentInput,
  DemoIds,
  offeringInput,
  regionInput,
  teamInput,
} from './demo-inputs';

/** Replicas starting together queue on this lock; whoever comes second finds the data there. */
const LOCK_NAME = 'itsm.catalog.demo-data';

export interface DemoDataCounts {
  regions: number;
  departments: number;
  teams: number;
  businessLines: number;
  businessServices: number;
  publishedOfferings: number;
}

/**
 * Loads the demo business into an empty catalog at start-up. It goes through the use cases, so
 * every row is validated like an API request and announces itself on Kafka through the outbox,
 * and other services build their views from the demo exactly as from real edits.
 */
@Injectable()
export class DemoDataLoader implements OnApplicationBootstrap {
  private readonly log = new Logger('DemoData');

  constructor(
    private readonly dataSource: DataSource,
    private readonly saveRegion: SaveRegion,
    private readonly saveDepartment: SaveDepartment,
    private readonly saveTeam: SaveTeam,
    private readonly saveBusinessLine: SaveBusinessLine,
    private readonly saveBusinessService: SaveBusinessService,
    private readonly createOffering: CreateOfferingUseCase,
    private readonly publishOffering: PublishOfferingUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const counts = await this.loadIfEmpty();
    if (!counts) return;
    const { regions, departments, teams, businessLines, businessServices, publishedOfferings } = counts;
    this.log.log({
      msg: `demo business loaded: ${regions} regions, ${departments} departments, ${teams} teams, ${businessLines} business lines, ${businessServices} business services, ${publishedOfferings} published offerings`,
      demoData: counts,
    });
  }

  /** Loads everything in one transaction when the catalog has no department yet; null when it had. */
  loadIfEmpty(): Promise<DemoDataCounts | null> {
    return withSpan('catalog demo-data load', SpanKind.INTERNAL, () =>
      this.dataSource.transaction(async (m) => {
        await m.query('select pg_advisory_xact_lock(hashtext($1))', [LOCK_NAME]);
        const [{ present }]: { present: boolean }[] = await m.query(
          'select exists (select 1 from department) as present',
        );
        if (present) return null;
        return this.load(m, DEMO_BUSINESS);
      }),
    );
  }

  private async load(m: EntityManager, business: DemoBusiness): Promise<DemoDataCounts> {
    const ids = new DemoIds();
    for (const region of business.regions) await this.saveRegion.create(regionInput(region), m);
    for (const department of business.departments) {
      ids.addDepartment(department.code, (await this.saveDepartment.create(departmentInput(department), m)).id);
    }
    for (const team of business.teams) {
      ids.addTeam(team.code, (await this.saveTeam.create(teamInput(team, ids), m)).id);
    }
    for (const line of business.businessLines) {
      ids.addBusinessLine(line.code, (await this.saveBusinessLine.create(businessLineInput(line), m)).id);
    }
    for (const service of business.businessServices) {
      await this.saveBusinessService.create(businessServiceInput(service, ids), m);
    }
    for (const offering of business.offerings) {
      const { offering: created } = await this.createOffering.execute(offeringInput(offering, ids), SYSTEM_ACTOR, m);
      await this.publishOffering.execute(created.id, SYSTEM_ACTOR, undefined, m);
    }
    return {
      regions: business.regions.length,
      departments: business.departments.length,
      teams: business.teams.length,
      businessLines: business.businessLines.length,
      businessServices: business.businessServices.length,
      publishedOfferings: business.offerings.length,
    };
  }
}
