import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Reminder } from '@itsm/contracts';
import { newId, type Statement } from '@itsm/platform/database';
import { Clock } from './clock';
import { planReminders, ReminderPlan } from './reminder-schedule';

/** What a request's timers look like to the caller (its use case or the test). */
export interface ScheduledReminder {
  key: string;
  kind: string;
  fireAt: Date;
  status: string;
}

/**
 * Sets, moves and cancels a request's durable timers, always in the caller's transaction: they
 * commit with the submission, the date change or the end of the request, or not at all.
 */
@Injectable()
export class ReminderScheduler {
  constructor(private readonly clock: Clock) {}

  /**
   * At submission: one timer per reminder of the pinned version that the form's dates give a time to.
   * A time already past is not set: a "T-3" report for a request submitted at T-1 would only be noise.
   * Returns the insert, for the caller to send with the submission's other writes (none: undefined).
   */
  schedule(
    requestId: string,
    reminders: Reminder[],
    formData: Record<string, unknown>,
  ): ((first: number) => Statement) | undefined {
    const now = this.clock.now();
    const plans = planReminders(reminders, formData).filter((p) => p.fireAt > now);
    return plans.length === 0 ? undefined : (first) => reminderInsert(requestId, plans, first);
  }

  /**
   * After a key date changed (only while the request is live): a waiting timer moves; a fired one is
   * armed again only for a new, still future time (the report for the new date); one whose date is
   * gone, or whose new time has already passed, is cancelled; a cancelled one with a future time again
   * (e.g. after a reopen) is armed again.
   */
  async reschedule(
    m: EntityManager,
    requestId: string,
    reminders: Reminder[],
    formData: Record<string, unknown>,
  ): Promise<void> {
    const plans = new Map(planReminders(reminders, formData).map((p) => [p.key, p]));
    const existing: { reminder_key: string; status: string; fire_at: Date }[] = await m.query(
      'select reminder_key, status, fire_at from reminder where request_id = $1 for update',
      [requestId],
    );
    const now = this.clock.now();
    for (const row of existing) {
      const plan = plans.get(row.reminder_key);
      plans.delete(row.reminder_key);
      const future = plan !== undefined && plan.fireAt > now;
      const moved = plan !== undefined && plan.fireAt.getTime() !== new Date(row.fire_at).getTime();
      if (future && (row.status !== 'fired' || moved)) {
        await m.query(
          `update reminder set fire_at = $3, anchor_date = $4, time_zone = $5, status = 'scheduled', fired_at = null,
                  attempts = case when status = 'scheduled' then attempts else 0 end, last_error = null, updated_at = now()
            where request_id = $1 and reminder_key = $2`,
          [requestId, row.reminder_key, plan.fireAt, plan.anchorDate, plan.timeZone],
        );
      } else if (!future && row.status === 'scheduled') {
        await m.query(
          `update reminder set status = 'cancelled', updated_at = now() where request_id = $1 and reminder_key = $2`,
          [requestId, row.reminder_key],
        );
      }
    }
    await this.insert(
      m,
      requestId,
      [...plans.values()].filter((p) => p.fireAt > now),
    );
  }

  /** The request ended (cancelled, rejected, closed): its waiting timers never fire. */
  async cancelFor(m: EntityManager, requestId: string): Promise<void> {
    await m.query(
      `update reminder set status = 'cancelled', updated_at = now() where request_id = $1 and status = 'scheduled'`,
      [requestId],
    );
  }

  async list(m: EntityManager, requestId: string): Promise<ScheduledReminder[]> {
    const rows: { reminder_key: string; kind: string; fire_at: Date; status: string }[] = await m.query(
      'select reminder_key, kind, fire_at, status from reminder where request_id = $1 order by fire_at, reminder_key',
      [requestId],
    );
    return rows.map((r) => ({ key: r.reminder_key, kind: r.kind, fireAt: new Date(r.fire_at), status: r.status }));
  }

  private async insert(m: EntityManager, requestId: string, plans: ReminderPlan[]): Promise<void> {
    if (plans.length === 0) return;
    const insert = reminderInsert(requestId, plans);
    await m.query(insert.sql, insert.values);
  }
}

/** All of a request's new timers in one statement (one round trip, whatever the offering has). */
function reminderInsert(requestId: string, plans: ReminderPlan[], first = 0): Statement {
  const values: string[] = [];
  const params: unknown[] = [];
  for (const p of plans) {
    const at = first + params.length;
    values.push(`(${Array.from({ length: 9 }, (_, i) => `$${at + i + 1}`).join(', ')}, 'scheduled')`);
    params.push(
      newId(),
      requestId,
      p.key,
      p.kind,
      JSON.stringify(p.name),
      p.anchorField,
      p.anchorDate,
      p.timeZone,
      p.fireAt,
    );
  }
  return {
    sql: `insert into reminder (id, request_id, reminder_key, kind, name, anchor_field, anchor_date, time_zone, fire_at, status)
          values ${values.join(', ')} on conflict (request_id, reminder_key) do nothing`,
    values: params,
  };
}
