import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
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

  async record(m: EntityManager, change: RecordedChange): Promise<void> {
    const events = Array.isArray(change.events) ? change.events : [change.events];
    await this.changes.record(m, {
      events,
      action: change.action,
      objectType: change.objectType,
      objectId: change.objectId,
      department: await this.projection.departmentCode(change.request.departmentId, m),
      before: change.before,
      after: change.after,
    });
    await m.insert(TimelineEntry, {
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
}
