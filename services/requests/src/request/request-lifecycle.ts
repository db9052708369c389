import { Injectable } from '@nestjs/common';
import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import type { DomainEvent, LocalizedText, RequestStatus } from '@itsm/contracts';
import { ChangeRecorder } from '@itsm/platform/audit';
import { newId } from '@itsm/platform/database';
import { CatalogProjection } from '../catalog-projection/catalog-projection.repository';
import { Request, requestRef, TimelineEntry } from './request.entity';
import { assertTransition } from './request-state-machine';

/** One change to a request, a task or an approval, as the audit trail, Kafka and the timeline see it. */
export interface RecordedChange {
  request: Request;
  events: DomainEvent | DomainEvent[];
  /** Audit action, e.g. `request.cancelled`, `task.completed`. */
  action: string;
  objectType: 'request' | 'approval' | 'task' | 'comment';
  /** Defaults to the first event's subject (the aggregate id). */
  objectId?: string;
  before: unknown;
  after: unknown;
  timeline: {
    kind: string;
    actor: string;
    summary: LocalizedText;
    data?: Record<string, unknown>;
    /** Agents only (internal comments). */
    internal?: boolean;
  };
}

/**
 * Moves requests through the state machine and records every change the same way: its events
 * into the outbox and exactly one audit record naming them (ChangeRecorder), plus an entry on the
 * request's timeline — all in the caller's transaction, so they commit with the change or not at all.
 */
@Injectable()
export class RequestLifecycle {
  /**
   * Department codes already read in a transaction: a submission records nine changes of one
   * request, and each would otherwise read the same projection row again (keyed by the
   * transaction's manager, so nothing outlives the transaction).
   */
  private readonly departmentCodes = new WeakMap<EntityManager, Map<string, string | null>>();

  constructor(
    private readonly changes: ChangeRecorder,
    private readonly projection: CatalogProjection,
  ) {}

  /**
   * Applies a transition to the (locked) request and returns the common part of its event:
   * who, when, from which status to which. Refuses an illegal one with the 409 problem.
   */
  move(r: Request, to: RequestStatus, actor: string, at = new Date()) {
    const previousStatus = r.status;
    assertTransition(previousStatus, to);
    r.status = to;
    r.currentStage = to === 'pending-approval' ? 0 : null;
    if (to === 'fulfilled') {
      r.fulfilledAt = at;
      r.outcome = 'fulfilled';
    }
    if (to === 'rejected' || to === 'cancelled') r.outcome = to;
    if (to === 'closed') r.closedAt = at;
    if (to === 'in-fulfilment' && (previousStatus === 'fulfilled' || previousStatus === 'closed')) {
      r.reopenCount += 1;
      r.closedAt = null;
      r.fulfilledAt = null;
      r.outcome = null;
    }
    return { ...requestRef(r), status: to, previousStatus, occurredAt: at.toISOString(), actor };
  }

  private async departmentCode(m: EntityManager, departmentId: string): Promise<string | null> {
    if (!m.queryRunner?.isTransactionActive) return this.projection.departmentCode(departmentId, m);
    let codes = this.departmentCodes.get(m);
    if (!codes) this.departmentCodes.set(m, (codes = new Map()));
    if (!codes.has(departmentId)) codes.set(departmentId, await this.projection.departmentCode(departmentId, m));
    return codes.get(departmentId) ?? null;
  }

  async record(m: EntityManager, change: RecordedChange): Promise<void> {
    await this.recordAll(m, [change]);
  }

  /**
   * Records several changes, in order, as `record` would one after the other; their timeline
   * entries (numbered in the same order) go in with one statement, which keeps a fan-out short
   * while it holds assignment-rule locks.
   */
  async recordAll(m: EntityManager, changes: RecordedChange[]): Promise<void> {
    const entries: QueryDeepPartialEntity<TimelineEntry>[] = [];
    for (const change of changes) {
      const events = Array.isArray(change.events) ? change.events : [change.events];
      await this.changes.record(m, {
        events,
        action: change.action,
        objectType: change.objectType,
        objectId: change.objectId,
        department: await this.departmentCode(m, change.request.departmentId),
        before: change.before,
        after: change.after,
      });
      entries.push({
        id: newId(),
        requestId: change.request.id,
        occurredAt: new Date(events[0]?.time ?? Date.now()),
        kind: change.timeline.kind,
        actor: change.timeline.actor,
        summary: change.timeline.summary,
        data: { ...change.timeline.data, eventIds: events.map((e) => e.id) },
        internal: change.timeline.internal ?? false,
      });
    }
    if (entries.length > 0) await m.insert(TimelineEntry, entries);
  }
}
