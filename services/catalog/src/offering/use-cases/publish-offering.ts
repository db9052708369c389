import { assertDepartmentScope, departmentCodeOf } from '../../shared/access';
import { Principal } from '@itsm/platform/auth';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { createEvent, OfferingPublishedV1, localized } from '@itsm/contracts';
import { inTransaction } from '@itsm/platform/database';
import { InvalidStateTransitionError } from '@itsm/platform/errors';
import { ChangeRecorder } from '@itsm/platform/audit';
import { lifecycleOf, Offering, OfferingVersion } from '../offering.entity';
import { checkOfferingContent } from '../check-offering-content';
import { OfferingRepository } from '../offering.repository';
import { contentOf } from './update-offering-draft';
import { checkExpectedVersion } from '../../shared/optimistic-lock';

/** Publishing freezes the draft as an immutable version that new requests pin to. */
@Injectable()
export class PublishOfferingUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: ChangeRecorder,
    private readonly offerings: OfferingRepository,
  ) {}

  execute(
    offeringId: string,
    actor: Principal,
    expectedVersion?: number,
    tx?: EntityManager,
  ): Promise<{ offering: Offering; published: OfferingVersion }> {
    return inTransaction(this.dataSource, tx, async (m) => {
      const offering = await this.offerings.lock(m, offeringId);
      checkExpectedVersion(offering, expectedVersion, 'offering');
      if (offering.status === 'retired') {
        throw new InvalidStateTransitionError('retired', 'published', [], {
          code: 'catalog.offering.retired',
          detail: localized(
            'the offering is retired: a platform admin can reinstate it (POST /offerings/{id}/reinstate), then publish its drafts again',
            '服务项已下线：平台管理员可先恢复（POST /offerings/{id}/reinstate），之后才能再发布草稿',
          ),
        });
      }
      if (offering.draftVersion === null) {
        throw new InvalidStateTransitionError(offering.status, 'published', ['retired'], {
          code: 'catalog.offering.no_draft',
          detail: localized(
            'there is no draft to publish; edit the offering first',
            '没有可发布的草稿，请先编辑服务项',
          ),
        });
      }
      const draft = await this.offerings.version(offeringId, offering.draftVersion, m);
      await assertDepartmentScope(m, actor, [draft.departmentId]);
      // Teams or departments may have been archived since the draft was saved.
      await checkOfferingContent(m, contentOf(draft));
      const before = lifecycleOf(offering);
      draft.status = 'published';
      draft.publishedAt = new Date();
      const published = await m.save(draft);
      offering.status = 'published';
      offering.publishedVersion = published.version;
      offering.draftVersion = null;
      const saved = await m.save(offering);
      await this.changes.record(m, {
        events: createEvent(OfferingPublishedV1, offeringId, {
          ...published.toSnapshot(),
          status: 'published' as const,
        }),
        action: 'offering.published',
        objectType: 'offering',
        department: await departmentCodeOf(m, published.departmentId),
        before,
        after: lifecycleOf(saved),
        actor,
      });
      return { offering: saved, published };
    });
  }
}
