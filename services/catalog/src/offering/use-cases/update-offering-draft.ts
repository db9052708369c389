import { assertDepartmentScope, departmentCodeOf } from '../../shared/access';
import { Principal } from '@itsm/platform/auth';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createEvent, OfferingChangedV1 } from '@itsm/contracts';
import { InvalidStateTransitionError } from '@itsm/platform/errors';
import { ChangeRecorder } from '@itsm/platform/audit';
import { Offering, OfferingVersion } from '../offering.entity';
import { OfferingContent, UpdateOfferingDraft } from '../dto/offering.dto';
import { checkOfferingContent } from '../check-offering-content';
import { OfferingRepository } from '../offering.repository';
import { checkExpectedVersion } from '../../shared/optimistic-lock';

/**
 * Edits the open draft. Editing a published offering opens a new draft version copied from the
 * published one: the published version itself never changes.
 */
@Injectable()
export class UpdateOfferingDraftUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: ChangeRecorder,
    private readonly offerings: OfferingRepository,
  ) {}

  execute(
    offeringId: string,
    input: UpdateOfferingDraft,
    actor: Principal,
  ): Promise<{ offering: Offering; draft: OfferingVersion }> {
    return this.dataSource.transaction(async (m) => {
      const offering = await this.offerings.lock(m, offeringId);
      checkExpectedVersion(offering, input.expectedVersion, 'offering');
      if (offering.status === 'retired') {
        throw new InvalidStateTransitionError('retired', 'draft', [], { code: 'catalog.offering.retired' });
      }
      let draft: OfferingVersion;
      let before: object;
      if (offering.draftVersion !== null) {
        draft = await this.offerings.version(offeringId, offering.draftVersion, m);
        before = { ...draft.toSnapshot(), status: 'draft' };
      } else {
        const base = await this.offerings.version(offeringId, offering.publishedVersion!, m);
        before = base.toSnapshot();
        draft = m.create(OfferingVersion, {
          ...contentOf(base),
          offeringId,
          code: offering.code,
          version: offering.latestVersion + 1,
          status: 'draft',
          publishedAt: null,
        });
        offering.latestVersion = draft.version;
        offering.draftVersion = draft.version;
      }
      const { expectedVersion: _ignored, ...changes } = input;
      const content: OfferingContent = { ...contentOf(draft), ...stripUndefined(changes) };
      // Both the department it belongs to now and the one it would move to must be the actor's.
      await assertDepartmentScope(m, actor, [draft.departmentId, content.departmentId]);
      await checkOfferingContent(m, content);
      Object.assign(draft, content);
      const savedDraft = await m.save(draft);
      // Editing an open draft leaves the offering row as it was, and save() would then skip its
      // UPDATE: the version would not move and a stale expectedVersion would go unnoticed. Writing
      // the row unconditionally makes TypeORM bump `version` and `updatedAt` on every edit.
      await m
        .createQueryBuilder()
        .update(Offering)
        .set({ draftVersion: offering.draftVersion, latestVersion: offering.latestVersion })
        .where('id = :id', { id: offeringId })
        .execute();
      const savedOffering = await this.offerings.get(offeringId, m);
      const after = { ...savedDraft.toSnapshot(), status: 'draft' as const };
      await this.changes.record(m, {
        events: createEvent(OfferingChangedV1, offeringId, after),
        action: 'offering.draft-updated',
        objectType: 'offering',
        department: await departmentCodeOf(m, savedDraft.departmentId),
        before,
        after,
        actor,
      });
      return { offering: savedOffering, draft: savedDraft };
    });
  }
}

export function contentOf(v: OfferingVersion): OfferingContent {
  return {
    scenario: v.scenario,
    departmentId: v.departmentId,
    name: v.name,
    description: v.description,
    formSchema: v.formSchema,
    taskPlan: v.taskPlan,
    approvalPolicy: v.approvalPolicy,
    reminders: v.reminders,
    promisedDelivery: v.promisedDelivery,
    audience: v.audience,
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
