import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Histogram } from 'prom-client';
import {
  createEvent,
  DomainEvent,
  LocalizedText,
  RequestReadinessReportedV1,
  RequestReminderFiredV1,
  TaskStatus,
  localized,
} from '@itsm/contracts';
import { getOrCreateMetric, metricsRegistry } from '@itsm/platform/observability';
import { Request, requestRef } from '../request/request.entity';
import { RequestLifecycle } from '../request/request-lifecycle';
import { Clock } from './clock';
import { ReminderSettings } from './reminder.settings';

interface DueRow {
  id: string;
  request_id: string;
  reminder_key: string;
  kind: string;
  name: LocalizedText;
  anchor_field: string;
  anchor_date: string;
  fire_at: Date;
}

/** A request in one of these states has nothing left to remind anyone of. */
const ENDED = new Set(['rejected', 'cancelled', 'fulfilled', 'closed']);

const lateness = () =>
  getOrCreateMetric(
    'itsm_reminder_lateness_seconds',
    () =>
      new Histogram({
        name: 'itsm_reminder_lateness_seconds',
        help: 'How long after its due time a reminder fired (fired_at - fire_at)',
        labelNames: ['kind'],
        buckets: [0.1, 0.5, 1, 2, 5, 15, 60, 300, 3600],
        registers: [metricsRegistry],
      }),
  );

/**
 * Fires due reminders. Every `REMINDER_POLL_MS` it claims a batch with `for update skip locked`
 * in one transaction, records each one's event and audit record through the request lifecycle
 * (ChangeRecorder + timeline; the actor is the service) and marks it fired — so replicas never
 * fire the same timer twice, and after a restart whatever came due meanwhile fires on the first tick.
 */
@Injectable()
export class ReminderPoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(ReminderPoller.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly lifecycle: RequestLifecycle,
    private readonly clock: Clock,
    private readonly settings: ReminderSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.pollMs <= 0) return;
    this.timer = setInterval(() => void this.tick(), this.settings.pollMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One poll; a tick while the last one still runs waits for it instead of overlapping. */
  tick(): Promise<void> {
    if (this.running || this.stopped) return this.running ?? Promise.resolve();
    this.running = this.fireDue()
      .then(() => undefined)
      .catch((error: unknown) => this.log.error(`reminder poll failed: ${String(error)}`))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** Claims and fires what is due until nothing is left (or the batch was partial). */
  async fireDue(): Promise<number> {
    let fired = 0;
    for (;;) {
      const { claimed, done } = await this.dataSource.transaction((m) => this.fireBatch(m));
      fired += done;
      if (claimed < this.settings.batchSize || this.stopped) return fired;
    }
  }

  private async fireBatch(m: EntityManager): Promise<{ claimed: number; done: number }> {
    const now = this.clock.now();
    const due: DueRow[] = await m.query(
      `select id, request_id, reminder_key, kind, name, anchor_field, anchor_date, fire_at from reminder
        where status = 'scheduled' and fire_at <= $1 order by fire_at limit $2 for update skip locked`,
      [now, this.settings.batchSize],
    );
    let done = 0;
    for (const row of due) {
      // A savepoint per timer: one that fails is retried next tick without undoing the others.
      await m.query('savepoint reminder_fire');
      try {
        await this.lifecycle.within(m, () => this.fire(m, row, now));
        await m.query('release savepoint reminder_fire');
        done += 1;
      } catch (error) {
        await m.query('rollback to savepoint reminder_fire');
        await m.query(
          'update reminder set attempts = attempts + 1, last_error = $2, updated_at = now() where id = $1',
          [row.id, String(error).slice(0, 2000)],
        );
        this.log.error(`reminder ${row.id} failed: ${String(error)}`);
      }
    }
    return { claimed: due.length, done };
  }

  private async fire(m: EntityManager, row: DueRow, now: Date): Promise<void> {
    const r = await m.findOneByOrFail(Request, { id: row.request_id });
    if (ENDED.has(r.status)) {
      // Ended after the timer was set (e.g. fulfilled early): it is not sent.
      await m.query(`update reminder set status = 'cancelled', updated_at = now() where id = $1`, [row.id]);
      return;
    }
    const firedAt = now;
    const event =
      row.kind === 'readiness-report'
        ? await this.readinessReport(m, r, row, firedAt)
        : this.reminderFired(r, row, firedAt);
    const readiness = row.kind === 'readiness-report';
    await this.lifecycle.record(m, {
      request: r,
      events: event,
      action: readiness ? 'request.readiness-reported' : 'request.reminder-fired',
      objectType: 'request',
      before: null,
      after: {
        reminderKey: row.reminder_key,
        kind: row.kind,
        fireAt: new Date(row.fire_at).toISOString(),
        firedAt: firedAt.toISOString(),
      },
      timeline: {
        kind: readiness ? 'readiness-reported' : 'reminder-fired',
        actor: this.settings.actor,
        summary: readiness
          ? localized(`Readiness report sent: ${row.name.en}`, `已发送就绪报告：${row.name['zh-CN']}`)
          : localized(`Reminder: ${row.name.en}`, `提醒：${row.name['zh-CN']}`),
        data: { reminderKey: row.reminder_key, fireAt: new Date(row.fire_at).toISOString() },
      },
    });
    await m.query(
      `update reminder set status = 'fired', fired_at = $2, attempts = attempts + 1, last_error = null, updated_at = now() where id = $1`,
      [row.id, firedAt],
    );
    lateness().observe({ kind: row.kind }, Math.max(0, (firedAt.getTime() - new Date(row.fire_at).getTime()) / 1000));
  }

  private common(r: Request, row: DueRow, firedAt: Date) {
    return {
      ...requestRef(r),
      reminderId: row.id,
      reminderKey: row.reminder_key,
      reminderName: row.name,
      fireAt: new Date(row.fire_at).toISOString(),
      firedAt: firedAt.toISOString(),
      anchor: { field: row.anchor_field, date: row.anchor_date },
      status: r.status,
      requesterId: r.requesterId,
      onBehalfOf: r.onBehalfOf,
      businessContext: r.businessContext,
      promisedAt: r.promisedAt.toISOString(),
      occurredAt: firedAt.toISOString(),
      actor: this.settings.actor,
    };
  }

  private reminderFired(r: Request, row: DueRow, firedAt: Date): DomainEvent {
    return createEvent(RequestReminderFiredV1, r.id, { ...this.common(r, row, firedAt), kind: row.kind });
  }

  private async readinessReport(m: EntityManager, r: Request, row: DueRow, firedAt: Date): Promise<DomainEvent> {
    const tasks: {
      id: string;
      key: string;
      name: LocalizedText;
      status: TaskStatus;
      team_id: string | null;
      team_name: LocalizedText | null;
      assignee: string | null;
      due_at: Date | null;
    }[] = await m.query(
      `select t.id, t.key, t.name, t.status, t.team_id, ct.name as team_name, t.assignee, t.due_at
           from task t left join catalog_team ct on ct.id = t.team_id where t.request_id = $1 order by t.created_at, t.key`,
      [r.id],
    );
    const owners: { id: string; code: string; owner_name: string; owner_email: string | null }[] = await m.query(
      'select id, code, owner_name, owner_email from catalog_business_service where id = any($1::uuid[]) order by code',
      [r.businessContext.businessServiceIds],
    );
    const listed = tasks.map((t) => {
      const dueAt = t.due_at ? new Date(t.due_at) : null;
      const finished = t.status === 'done' || t.status === 'skipped' || t.status === 'cancelled';
      return {
        taskId: t.id,
        key: t.key,
        name: t.name,
        status: t.status,
        teamId: t.team_id,
        teamName: t.team_name,
        assignee: t.assignee,
        dueAt: dueAt?.toISOString() ?? null,
        overdue: !finished && dueAt !== null && dueAt < firedAt,
      };
    });
    return createEvent(RequestReadinessReportedV1, r.id, {
      ...this.common(r, row, firedAt),
      businessOwners: owners.map((o) => ({
        businessServiceId: o.id,
        code: o.code,
        ownerName: o.owner_name,
        ownerEmail: o.owner_email,
      })),
      tasks: listed,
      summary: {
        total: listed.length,
        done: listed.filter((t) => t.status === 'done' || t.status === 'skipped').length,
        open: listed.filter((t) => t.status === 'open').length,
        blocked: listed.filter((t) => t.status === 'blocked').length,
        overdue: listed.filter((t) => t.overdue).length,
      },
    });
  }
}
