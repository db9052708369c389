import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createEvent, OfferingReinstatedV1, localized } from '@itsm/contracts';
import { Principal } from '@itsm/platform/auth';
import { ChangeRecorder } from '@itsm/platform/audit';
import { InvalidStateTransitionError } from '@itsm/platform/errors';
import { departmentCodeOf } from '../../shared/access';
import { checkExpectedVersion } from '../../shared/optimistic-lock';
import { lifecycleOf, Offering } from '../offering.entity';
import { OfferingRepository } from '../offering.repository';

/**
 * Undoes a retirement (one slip of an admin must not end a catalog item): the version that was
 * live takes requests again, as it was, so it is not checked again (a draft fixes what has changed
 * since and is published as usual). Platform admins only; audited, with its own event.
 */
@Injectable()
export class ReinstateOfferingUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: ChangeRecorder,
    private readonly offerings: OfferingRepository,
  ) {}

  execute(offeringId: string, actor: Principal, expectedVersion?: number): Promise<Offering> {
    return this.dataSource.transaction(async (m) => {
      const offering = await this.offerings.lock(m, offeringId);
      checkExpectedVersion(offering, expectedVersion, 'offering');
      if (offering.status !== 'retired') {
        throw new InvalidStateTransitionError(offering.status, 'published', [], {
          code: 'catalog.offering.not_retired',
          detail: localized(
            `the offering is ${offering.status}: only a retired offering can be reinstated`,
            `服务项当前为「${offering.status}」：只有已下线的服务项可以恢复`,
          ),
        });
      }
      const live = await this.offerings.version(offeringId, offering.publishedVersion!, m);
      const before = lifecycleOf(offering);
      live.status = 'published';
      await m.save(live);
      offering.status = 'published';
      offering.retiredAt = null;
      const saved = await m.save(offering);
      const reinstatedAt = new Date();
      await this.changes.record(m, {
        events: createEvent(OfferingReinstatedV1, offeringId, {
          offeringId,
          version: live.version,
          code: offering.code,
          reinstatedAt: reinstatedAt.toISOString(),
        }),
        action: 'offering.reinstated',
        objectType: 'offering',
        department: await departmentCodeOf(m, live.departmentId),
        before,
        after: lifecycleOf(saved),
        actor,
      });
      return saved;
    });
  }
}
