import { RegionSchema } from '@itsm/contracts';
import { Region } from './region.entity';
import { CreateRegionSchema, UpdateRegionSchema } from './dto/region.dto';
import { SaveRegion } from './use-cases/save-region';
import { ReferenceDataController } from '../shared/reference-data.controller';

export class RegionController extends ReferenceDataController({
  path: 'regions',
  entity: Region,
  saver: SaveRegion,
  snapshotSchema: RegionSchema,
  editRoles: ['platform-admin'],
  notFoundCode: 'catalog.region.not_found',
  idMember: 'regionId',
  createSchema: CreateRegionSchema,
  updateSchema: UpdateRegionSchema,
  filters: {},
  applyFilters: () => undefined,
}) {}
