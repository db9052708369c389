import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DepartmentChangedV1 } from '@itsm/contracts';
import { inTransaction, newId } from '@itsm/platform/database';
import { Outbox } from '@itsm/platform/messaging';
import { Department } from '../department.entity';
import { CreateDepartment, UpdateDepartment } from '../dto/department.dto';
import { lockById, saveWithEvent } from '../../shared/persistence';
import { checkExpectedVersion } from '../../shared/optimistic-lock';

@Injectable()
export class SaveDepartment {
  constructor(private readonly dataSource: DataSource, private readonly outbox: Outbox) {}

  create(input: CreateDepartment, tx?: EntityManager): Promise<Department> {
    return inTransaction(this.dataSource, tx, (m) =>
      this.save(m, m.create(Department, { id: newId(), ...input, description: input.description ?? null, archived: false })),
    );
  }

  update(id: string, input: UpdateDepartment): Promise<Department> {
    return this.dataSource.transaction(async (m) => {
      const department = await lockById(m, Department, id, 'catalog.department.not_found');
      checkExpectedVersion(department, input.expectedVersion, 'department');
      if (input.name) department.name = input.name;
      if (input.description !== undefined) department.description = input.description;
      if (input.archived !== undefined) department.archived = input.archived;
      return this.save(m, department);
    });
  }

  private save(m: EntityManager, department: Department): Promise<Department> {
    return saveWithEvent(m, this.outbox, department, DepartmentChangedV1, (s) => s.toSnapshot(), 'catalog.department.code_taken');
  }
}
