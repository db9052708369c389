import { BusinessLineSchema } from '@itsm/contracts';
import { BusinessLine } from './business-line.entity';
import { CreateBusinessLineSchema, UpdateBusinessLineSchema } from './dto/business-line.dto';
import { SaveBusinessLine } from './use-cases/save-business-line';
import { ReferenceDataController } from '../shared/reference-data.controller';

export class BusinessLineController extends ReferenceDataController({
  path: 'business-lines',
  entity: BusinessLine,
  saver: SaveBusinessLine,
  snapshotSchema: BusinessLineSchema,
  editRoles: ['platform-admin'],
  notFoundCode: 'catalog.business_line.not_found',
  idMember: 'businessLineId',
  createSchema: CreateBusinessLineSchema,
  updateSchema: UpdateBusinessLineSchema,
  filters: {},
  applyFilters: () => undefined,
}) {}
