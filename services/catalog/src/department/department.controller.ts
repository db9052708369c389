import { DepartmentKindSchema, DepartmentSchema } from '@itsm/contracts';
import { Department } from './department.entity';
import { CreateDepartmentSchema, UpdateDepartmentSchema } from './dto/department.dto';
import { SaveDepartment } from './use-cases/save-department';
import { ReferenceDataController } from '../shared/reference-data.controller';

export class DepartmentController extends ReferenceDataController({
  path: 'departments',
  entity: Department,
  saver: SaveDepartment,
  snapshotSchema: DepartmentSchema,
  editRoles: ['platform-admin'],
  notFoundCode: 'catalog.department.not_found',
  idMember: 'departmentId',
  createSchema: CreateDepartmentSchema,
  updateSchema: UpdateDepartmentSchema,
  filters: { kind: DepartmentKindSchema.optional() },
  applyFilters: (qb, f) => {
    if (f.kind) qb.andWhere('e.kind = :kind', { kind: f.kind });
  },
}) {}
