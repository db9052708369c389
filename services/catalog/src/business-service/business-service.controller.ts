import { z } from 'zod';
import { CriticalitySchema, BusinessServiceSchema } from '@itsm/contracts';
import { BusinessService } from './business-service.entity';
import { CreateBusinessServiceSchema, UpdateBusinessServiceSchema } from './dto/business-service.dto';
import { SaveBusinessService } from './use-cases/save-business-service';
import { ReferenceDataController } from '../shared/reference-data.controller';

// `label=service:pos-checkout` finds the business service a monitoring alert's labels point at.
const LabelFilter = z
  .string()
  .regex(/^[^:\u0000]+:[^\u0000]+$/, "expected 'key:value' (without NUL characters)")
  .transform((s) => {
    const i = s.indexOf(':');
    return { [s.slice(0, i)]: s.slice(i + 1) };
  });

export class BusinessServiceController extends ReferenceDataController({
  path: 'business-services',
  entity: BusinessService,
  saver: SaveBusinessService,
  snapshotSchema: BusinessServiceSchema,
  editRoles: ['platform-admin'],
  notFoundCode: 'catalog.business_service.not_found',
  idMember: 'businessServiceId',
  createSchema: CreateBusinessServiceSchema,
  updateSchema: UpdateBusinessServiceSchema,
  filters: {
    businessLineId: z.uuid().optional(),
    criticality: CriticalitySchema.optional(),
    label: LabelFilter.optional(),
  },
  applyFilters: (qb, f) => {
    if (f.businessLineId) qb.andWhere('e.business_line_id = :businessLineId', { businessLineId: f.businessLineId });
    if (f.criticality) qb.andWhere('e.criticality = :criticality', { criticality: f.criticality });
    if (f.label) qb.andWhere('e.labels @> :label::jsonb', { label: JSON.stringify(f.label) });
  },
}) {}
