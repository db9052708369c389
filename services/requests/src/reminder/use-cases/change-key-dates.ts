import { Injectable } from '@nestjs/common';
import { saveHeld } from '@itsm/platform/database';
import { createEvent, DATE_RULE_KEYWORD, RequestKeyDatesChangedV1, localized } from '@itsm/contracts';
import type { Principal } from '@itsm/platform/auth';
import { CatalogProjection } from '../../catalog-projection/catalog-projection.repository';
import { OfferingNotFoundError, RequestUpdateForbiddenError } from '../../request/request.errors';
import { assertMayWrite, writerOf } from '../../request/request-fields';
import { FormValidator } from '../../request/form-validation';
import { promisedDeliveryAt } from '../../request/promised-delivery';
import { Request, requestRef, requestState } from '../../request/request.entity';
import { RequestLifecycle } from '../../request/request-lifecycle';
import { RequestRepository } from '../../request/request.repository';
import { isPartyTo } from '../../shared/access';
import { RequestsSettings } from '../../shared/settings';
import { dueAt } from '../../task/task-plan';
import { ChangeKeyDates } from '../dto/key-dates.dto';
import { KeyDatesFrozenError, NotAKeyDateError } from '../reminder.errors';
import { ReminderScheduler } from '../reminder.scheduler';
import { Clock } from '../clock';

const FROZEN = new Set(['rejected', 'cancelled', 'fulfilled', 'closed']);

/**
 * The business date moved (the opening is postponed): the requester or an agent of the desk sets the
 * new key dates. The form is validated again, the promised time recomputed, the due dates of tasks
 * still to do and the reminders move with it — one audited change (`request.key-dates-changed`).
 */
@Injectable()
export class ChangeKeyDatesUseCase {
  private readonly forms: FormValidator;

  constructor(
    private readonly requests: RequestRepository,
    private readonly lifecycle: RequestLifecycle,
    private readonly projection: CatalogProjection,
    private readonly settings: RequestsSettings,
    private readonly reminders: ReminderScheduler,
    clock: Clock,
  ) {
    this.forms = new FormValidator(() => clock.now());
  }

  execute(id: string, input: ChangeKeyDates, actor: Principal): Promise<Request> {
    return this.lifecycle.transaction(async (m) => {
      const r = await this.requests.lockVisible(m, id, actor);
      const writer = writerOf(actor, await this.projection.departmentCode(r.departmentId, m), isPartyTo(actor, r));
      if (writer === null) throw new RequestUpdateForbiddenError();
      assertMayWrite('update', writer, ['keyDates']);
      if (FROZEN.has(r.status)) throw new KeyDatesFrozenError(r.status);
      const version = await this.projection.version(r.offeringId, r.offeringVersion, m);
      if (!version) throw new OfferingNotFoundError(r.offeringId, r.offeringVersion);
      const keyFields = [
        ...new Set([
          ...version.reminders.map((x) => x.field),
          ...version.taskPlan.tasks.flatMap((t) => (t.due?.relativeTo === 'form-field' ? [t.due.field] : [])),
        ]),
      ];
      const unknown = Object.keys(input.dates).filter((f) => !keyFields.includes(f));
      if (unknown.length > 0) throw new NotAKeyDateError(unknown, keyFields);

      const form = this.forms.check(`${version.offeringId}@${version.version}`, version.formSchema, {
        ...r.formData,
        ...input.dates,
      });
      // A date rule speaks for the dates being set: an opening date that was two weeks ahead at
      // submission and is ten days ahead now does not stop another key date from moving.
      const errors = form.errors.filter(
        (e) => e.code !== DATE_RULE_KEYWORD || Object.keys(input.dates).some((f) => e.path === `formData.${f}`),
      );
      if (errors.length > 0) throw FormValidator.problem(errors);

      const before = {
        ...requestState(r),
        keyDates: r.businessContext.keyDates,
        promisedAt: r.promisedAt.toISOString(),
      };
      const previousKeyDates = r.businessContext.keyDates;
      r.formData = form.data;
      r.businessContext = {
        ...r.businessContext,
        keyDates: keyFields.flatMap((field) =>
          typeof form.data[field] === 'string' && form.data[field] !== ''
            ? [{ field, date: form.data[field] as string }]
            : [],
        ),
      };
      r.promisedAt = promisedDeliveryAt(r.submittedAt, version.promisedDelivery, this.settings.businessTimeZone);
      await saveHeld(m, r);

      for (const template of version.taskPlan.tasks) {
        if (template.due?.relativeTo !== 'form-field' || !(template.due.field in input.dates)) continue;
        await m.query(
          `update task set due_at = $3, updated_at = now() where request_id = $1 and key = $2 and status in ('blocked', 'open', 'failed')`,
          [r.id, template.key, dueAt(template.due, r.formData, r.submittedAt, this.settings.businessTimeZone)],
        );
      }
      await this.reminders.reschedule(m, r.id, version.reminders, r.formData);
      const scheduled = await this.reminders.list(m, r.id);

      const at = new Date();
      const dates = r.businessContext.keyDates.map((d) => `${d.field} ${d.date}`).join(', ');
      await this.lifecycle.record(m, {
        request: r,
        events: createEvent(RequestKeyDatesChangedV1, r.id, {
          ...requestRef(r),
          keyDates: r.businessContext.keyDates,
          previousKeyDates,
          promisedAt: r.promisedAt.toISOString(),
          occurredAt: at.toISOString(),
          actor: actor.subject,
        }),
        action: 'request.key-dates-changed',
        objectType: 'request',
        before,
        after: { ...requestState(r), keyDates: r.businessContext.keyDates, promisedAt: r.promisedAt.toISOString() },
        timeline: {
          kind: 'key-dates-changed',
          actor: actor.subject,
          summary: localized(
            `Key dates changed: ${dates}${input.reason ? ` (${input.reason})` : ''}`,
            `关键日期已变更：${dates}${input.reason ? `（${input.reason}）` : ''}`,
          ),
          data: {
            keyDates: r.businessContext.keyDates,
            previousKeyDates,
            reminders: scheduled.map((s) => ({ key: s.key, fireAt: s.fireAt.toISOString(), status: s.status })),
          },
        },
      });
      return r;
    });
  }
}
