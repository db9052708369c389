import { assertDepartmentScope, departmentCodeOf } from '../../shared/access';
import { Principal } from '@itsm/platform/auth';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createEvent, OfferingRetiredV1 } from '@itsm/contracts';
import { InvalidStateTransitionError } from '@itsm/platform/errors';
import { ChangeRecorder } from '@itsm/platform/audit';
import { lifecycleOf, Offering } from '../offering.entity';
import { OfferingRepository } from '../offering.repository';
import { checkExpectedVersion } from '../../shared/optimistic-lock';

/** A retired offering takes no new requests; requests already pinned to a version go on. */
@Injectable()
export class RetireOfferingUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: ChangeRecorder,
    private readonly offerings: OfferingRepository,
  ) {}

  execute(offeringId: string, actor: Principal, expectedVersion?: number): Promise<Offering> {
    return this.dataSource.transaction(async (m) => {
      const offering = await this.offerings.lock(m, offeringId);
      checkExpectedVersion(offering, expectedVersion, 'offering');
      if (offering.status !== 'published') {
        const allowed = offering.status === 'draft' ? ['published'] : [];
        throw new InvalidStateTransitionError(offering.status, 'retired', allowed, {
          code: 'catalog.offering.not_published',
        });
      }
      const current = await this.offerings.version(offeringId, offering.publishedVersion!, m);
      await assertDepartmentScope(m, actor, [current.departmentId]);
      const before = lifecycleOf(offering);
      current.status = 'retired';
      await m.save(current);
      offering.status = 'retired';
      offering.retiredAt = new Date();
      const saved = await m.save(offering);
      await this.changes.record(m, {
        events: createEvent(OfferingRetiredV1, offeringId, {
          offeringId,
          version: current.version,
          code: offering.code,
          retiredAt: saved.retiredAt!.toISOString(),
        }),
        action: 'offering.retired',
        objectType: 'offering',
        department: await departmentCodeOf(m, current.departmentId),
        before,
        after: lifecycleOf(saved),
        actor,
      });
      return saved;
    });
  }
}
