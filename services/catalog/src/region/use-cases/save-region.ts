import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { RegionChangedV1 } from '@itsm/contracts';
import { inTransaction, newId } from '@itsm/platform/database';
import { ChangeRecorder } from '@itsm/platform/audit';
import { Region } from '../region.entity';
import { CreateRegion, UpdateRegion } from '../dto/region.dto';
import { lockById, saveWithEvent } from '../../shared/persistence';
import { checkExpectedVersion } from '../../shared/optimistic-lock';

/** Archiving a region keeps it on the teams that cover it; it can no longer be given to a team. */
@Injectable()
export class SaveRegion {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: ChangeRecorder,
  ) {}

  create(input: CreateRegion, tx?: EntityManager): Promise<Region> {
    return inTransaction(this.dataSource, tx, (m) =>
      this.save(m, m.create(Region, { id: newId(), ...input, archived: false })),
    );
  }

  update(id: string, input: UpdateRegion): Promise<Region> {
    return this.dataSource.transaction(async (m) => {
      const region = await lockById(m, Region, id, 'catalog.region.not_found');
      const before = region.toSnapshot();
      checkExpectedVersion(region, input.expectedVersion, 'region');
      if (input.name) region.name = input.name;
      if (input.archived !== undefined) region.archived = input.archived;
      return this.save(m, region, before);
    });
  }

  private save(m: EntityManager, region: Region, before: object | null = null): Promise<Region> {
    return saveWithEvent(m, this.changes, region, RegionChangedV1, (s) => s.toSnapshot(), 'catalog.region.code_taken', {
      objectType: 'region',
      before,
    });
  }
}
