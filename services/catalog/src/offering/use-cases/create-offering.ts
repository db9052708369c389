import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { createEvent, OfferingChangedV1 } from '@itsm/contracts';
import { inTransaction, newId } from '@itsm/platform/database';
import { ChangeRecorder } from '@itsm/platform/audit';
import { Offering, OfferingVersion } from '../offering.entity';
import { CreateOffering } from '../dto/offering.dto';
import { checkOfferingContent } from '../check-offering-content';
import { rethrowUniqueViolation } from '../../shared/persistence';
import { assertDepartmentScope, departmentCodeOf } from '../../shared/access';
import { Principal } from '@itsm/platform/auth';

/** A new offering starts as draft version 1. */
@Injectable()
export class CreateOfferingUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: ChangeRecorder,
  ) {}

  execute(
    input: CreateOffering,
    actor: Principal,
    tx?: EntityManager,
  ): Promise<{ offering: Offering; draft: OfferingVersion }> {
    return inTransaction(this.dataSource, tx, async (m) => {
      const { code, ...content } = input;
      await assertDepartmentScope(m, actor, [content.departmentId]);
      await checkOfferingContent(m, content);
      const id = newId();
      let offering: Offering;
      try {
        offering = await m.save(
          m.create(Offering, {
            id,
            code,
            status: 'draft',
            publishedVersion: null,
            draftVersion: 1,
            latestVersion: 1,
            retiredAt: null,
          }),
        );
      } catch (err) {
        rethrowUniqueViolation(err, 'catalog.offering.code_taken', code);
      }
      const draft = await m.save(
        m.create(OfferingVersion, { offeringId: id, version: 1, status: 'draft', code, ...content, publishedAt: null }),
      );
      const after = { ...draft.toSnapshot(), status: 'draft' as const };
      await this.changes.record(m, {
        events: createEvent(OfferingChangedV1, id, after),
        action: 'offering.created',
        objectType: 'offering',
        department: await departmentCodeOf(m, draft.departmentId),
        before: null,
        after,
        actor,
      });
      return { offering, draft };
    });
  }
}
