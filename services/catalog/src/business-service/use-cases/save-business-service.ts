import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BusinessServiceChangedV1, localized } from '@itsm/contracts';
import { inTransaction, newId } from '@itsm/platform/database';
import { ValidationError } from '@itsm/platform/errors';
import { ChangeRecorder } from '@itsm/platform/audit';
import { BusinessService } from '../business-service.entity';
import { CreateBusinessService, UpdateBusinessService } from '../dto/business-service.dto';
import { lockById, missingIds, saveWithEvent } from '../../shared/persistence';
import { checkExpectedVersion } from '../../shared/optimistic-lock';

@Injectable()
export class SaveBusinessService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: ChangeRecorder,
  ) {}

  create(input: CreateBusinessService, tx?: EntityManager): Promise<BusinessService> {
    return inTransaction(this.dataSource, tx, async (m) => {
      await assertBusinessLine(m, input.businessLineId);
      const { downtimeCostPerHour, ...rest } = input;
      const service = m.create(BusinessService, {
        id: newId(),
        ...rest,
        description: input.description ?? null,
        ownerEmail: input.ownerEmail ?? null,
        downtimeCostPerHour: downtimeCostPerHour.amount.toFixed(2),
        downtimeCostCurrency: downtimeCostPerHour.currency,
        archived: false,
      });
      return this.save(m, service);
    });
  }

  update(id: string, input: UpdateBusinessService): Promise<BusinessService> {
    return this.dataSource.transaction(async (m) => {
      const service = await lockById(m, BusinessService, id, 'catalog.business_service.not_found');
      const before = service.toSnapshot();
      checkExpectedVersion(service, input.expectedVersion, 'business service');
      if (input.businessLineId) {
        await assertBusinessLine(m, input.businessLineId);
        service.businessLineId = input.businessLineId;
      }
      if (input.name) service.name = input.name;
      if (input.description !== undefined) service.description = input.description;
      if (input.criticality) service.criticality = input.criticality;
      if (input.ownerName) service.ownerName = input.ownerName;
      if (input.ownerEmail !== undefined) service.ownerEmail = input.ownerEmail;
      if (input.downtimeCostPerHour) {
        service.downtimeCostPerHour = input.downtimeCostPerHour.amount.toFixed(2);
        service.downtimeCostCurrency = input.downtimeCostPerHour.currency;
      }
      if (input.typicalUsersAffected !== undefined) service.typicalUsersAffected = input.typicalUsersAffected;
      if (input.labels) service.labels = input.labels;
      if (input.archived !== undefined) service.archived = input.archived;
      return this.save(m, service, before);
    });
  }

  private save(m: EntityManager, service: BusinessService, before: object | null = null): Promise<BusinessService> {
    return saveWithEvent(
      m,
      this.changes,
      service,
      BusinessServiceChangedV1,
      (s) => s.toSnapshot(),
      'catalog.business_service.code_taken',
      {
        objectType: 'business-service',
        before,
      },
    );
  }
}

async function assertBusinessLine(m: EntityManager, id: string): Promise<void> {
  if ((await missingIds(m, 'business_line', [id])).length) {
    throw new ValidationError(
      [
        {
          path: 'businessLineId',
          code: 'unknown_business_line',
          message: localized(`no active business line ${id}`, `没有启用中的业务线 ${id}`),
        },
      ],
      undefined,
      { code: 'catalog.business_line.unknown' },
    );
  }
}
