import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BusinessLineChangedV1 } from '@itsm/contracts';
import { inTransaction, newId } from '@itsm/platform/database';
import { ChangeRecorder } from '@itsm/platform/audit';
import { BusinessLine } from '../business-line.entity';
import { CreateBusinessLine, UpdateBusinessLine } from '../dto/business-line.dto';
import { lockById, saveWithEvent } from '../../shared/persistence';
import { checkExpectedVersion } from '../../shared/optimistic-lock';

@Injectable()
export class SaveBusinessLine {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: ChangeRecorder,
  ) {}

  create(input: CreateBusinessLine, tx?: EntityManager): Promise<BusinessLine> {
    return inTransaction(this.dataSource, tx, (m) => {
      const line = m.create(BusinessLine, {
        id: newId(),
        code: input.code,
        name: input.name,
        description: input.description ?? null,
        archived: false,
      });
      return this.save(m, line);
    });
  }

  update(id: string, input: UpdateBusinessLine): Promise<BusinessLine> {
    return this.dataSource.transaction(async (m) => {
      const line = await lockById(m, BusinessLine, id, 'catalog.business_line.not_found');
      const before = line.toSnapshot();
      checkExpectedVersion(line, input.expectedVersion, 'business line');
      if (input.name) line.name = input.name;
      if (input.description !== undefined) line.description = input.description;
      if (input.archived !== undefined) line.archived = input.archived;
      return this.save(m, line, before);
    });
  }

  private save(m: EntityManager, line: BusinessLine, before: object | null = null): Promise<BusinessLine> {
    return saveWithEvent(
      m,
      this.changes,
      line,
      BusinessLineChangedV1,
      (s) => s.toSnapshot(),
      'catalog.business_line.code_taken',
      { objectType: 'business-line', before },
    );
  }
}
