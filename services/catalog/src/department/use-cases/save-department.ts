import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DepartmentChangedV1 } from '@itsm/contracts';
import { inTransaction, newId } from '@itsm/platform/database';
import { ChangeRecorder } from '@itsm/platform/audit';
import { Department } from '../department.entity';
import { CreateDepartment, UpdateDepartment } from '../dto/department.dto';
import { lockById, saveWithEvent } from '../../shared/persistence';
import { checkExpectedVersion } from '../../shared/optimistic-lock';

@Injectable()
export class SaveDepartment {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: ChangeRecorder,
  ) {}

  create(input: CreateDepartment, tx?: EntityManager): Promise<Department> {
    return inTransaction(this.dataSource, tx, (m) =>
      this.save(
        m,
        m.create(Department, { id: newId(), ...input, description: input.description ?? null, archived: false }),
      ),
    );
  }

  update(id: string, input: UpdateDepartment): Promise<Department> {
    return this.dataSource.transaction(async (m) => {
      const department = await lockById(m, Department, id, 'catalog.department.not_found');
      const before = department.toSnapshot();
      checkExpectedVersion(department, input.expectedVersion, 'department');
      if (input.name) department.name = input.name;
      if (input.description !== undefined) department.description = input.description;
      if (input.archived !== undefined) department.archived = input.archived;
      return this.save(m, department, before);
    });
  }

  private save(m: EntityManager, department: Department, before: object | null = null): Promise<Department> {
    return saveWithEvent(
      m,
      this.changes,
      department,
      DepartmentChangedV1,
      (s) => s.toSnapshot(),
      'catalog.department.code_taken',
      {
        objectType: 'department',
        before,
        department: department.code,
      },
    );
  }
}
