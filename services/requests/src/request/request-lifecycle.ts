import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { DomainEvent, LocalizedText, RequestStatus } from '@itsm/contracts';
import { ChangeRecorder } from '@itsm/platform/audit';
import {
  advanceVersion,
  fillInsertDefaults,
  insertStatement,
  newId,
  type Statement,
  updateStatement,
} from '@itsm/platform/database';
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

/** One unit of work: what it recorded and the writes it leaves to the end. */
interface Unit {
  changes: RecordedChange[];
  /** Writes made with the changes, in order; each entity saved once, in its final state. */
  writes: ((first: number) => Statement)[];
  saved: Set<object>;
  /** Entities inserted with the changes: written as they are by then, so saving them is implied. */
  inserted: Set<object>;
  departmentCodes: Map<string, string | null>;
}

/**
 * Moves requests through the state machine and records every change the same way: its events
 * into the outbox and exactly one audit record naming them (ChangeRecorder), plus an entry on the
 * request's timeline — all in the caller's transaction, so they commit with the change or not at all.
 *
 * Changes are recorded in a unit of work (`transaction`, or `within` an open one): `record` keeps
 * them in order and the unit writes them all when its work is done, in one statement however many
 * changes (a submission records nine), together with the writes the unit was asked to make then
 * (`insertLater`, `saveLater`, `later`): every round trip to the database costs more than the rows it
 * carries. Recording outside a unit is a programming error and throws.
 */
@Injectable()
export class RequestLifecycle {
  /** Per open transaction: the changes recorded and not yet written, and the departments read. */
  private readonly units = new WeakMap<EntityManager, Unit>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: ChangeRecorder,
    private readonly projection: CatalogProjection,
  ) {}

  /** A transaction whose recorded changes are written just before it commits. */
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((m) => this.within(m, () => work(m)));
  }

  /**
   * A unit of work inside an open transaction (e.g. per savepoint, so a part that is rolled back
   * leaves nothing recorded); nests, each level writing its own changes.
   */
  async within<T>(m: EntityManager, work: () => Promise<T>): Promise<T> {
    const outer = this.units.get(m);
    const unit: Unit = {
      changes: [],
      writes: [],
      saved: new Set(),
      inserted: new Set(),
      departmentCodes: outer?.departmentCodes ?? new Map<string, string | null>(),
    };
    this.units.set(m, unit);
    try {
      const result = await work();
      await this.write(m, unit);
      return result;
    } finally {
      if (outer) this.units.set(m, outer);
      else this.units.delete(m);
    }
  }

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

  /** Records one change of the unit of work `m` belongs to (written when the unit's work is done). */
  async record(m: EntityManager, change: RecordedChange): Promise<void> {
    this.recordAll(m, [change]);
  }

  /** Records several changes, in order, as `record` would one after the other. */
  recordAll(m: EntityManager, changes: RecordedChange[]): void {
    this.unit(m).changes.push(...changes);
  }

  /**
   * New rows written with the unit's changes. Nothing in the unit may read them before: use it for
   * rows the rest of the work does not query (a submission's tasks).
   */
  insertLater<T extends ObjectLiteral>(m: EntityManager, target: EntityTarget<T>, entities: T[]): void {
    if (entities.length === 0) return;
    const unit = this.unit(m);
    fillInsertDefaults(m, target, entities);
    for (const entity of entities) unit.inserted.add(entity);
    unit.writes.push((first) => insertStatement(m, target, entities, first));
  }

  /** Any other write to go out with the unit's changes (it may not touch rows the others write). */
  later(m: EntityManager, write: (first: number) => Statement): void {
    this.unit(m).writes.push(write);
  }

  /** A department's code the caller already read, saving the unit the lookup. */
  knowDepartment(m: EntityManager, departmentId: string, code: string | null): void {
    this.unit(m).departmentCodes.set(departmentId, code);
  }

  /**
   * A held entity (see `saveHeld`) written with the unit's changes, once, as it is by then. Its
   * version advances now, as the write will advance it, so what the work returns shows it.
   */
  saveLater<T extends ObjectLiteral>(m: EntityManager, entity: T): void {
    const unit = this.unit(m);
    if (unit.saved.has(entity) || unit.inserted.has(entity)) return;
    unit.saved.add(entity);
    advanceVersion(m.connection.getMetadata(entity.constructor), entity);
    unit.writes.push((first) => updateStatement(m, entity, first));
  }

  private unit(m: EntityManager): Unit {
    const unit = this.units.get(m);
    if (!unit) throw new Error('RequestLifecycle must record inside lifecycle.transaction or lifecycle.within');
    return unit;
  }

  /** The unit's changes (events, audit records, timeline entries) and writes, in one statement. */
  private async write(m: EntityManager, unit: Unit): Promise<void> {
    const { changes, departmentCodes } = unit;
    if (changes.length === 0) {
      for (const build of unit.writes) {
        const statement = build(0);
        await m.query(statement.sql, statement.values);
      }
    } else {
      for (const id of new Set(changes.map((c) => c.request.departmentId))) {
        if (!departmentCodes.has(id)) departmentCodes.set(id, await this.projection.departmentCode(id, m));
      }
      const entries: TimelineEntry[] = [];
      const recorded = changes.map((change) => {
        const events = Array.isArray(change.events) ? change.events : [change.events];
        entries.push(
          Object.assign(new TimelineEntry(), {
            id: newId(),
            requestId: change.request.id,
            occurredAt: new Date(events[0]?.time ?? Date.now()),
            kind: change.timeline.kind,
            actor: change.timeline.actor,
            summary: change.timeline.summary,
            data: { ...change.timeline.data, eventIds: events.map((e) => e.id) },
            internal: change.timeline.internal ?? false,
          }),
        );
        return {
          events,
          action: change.action,
          objectType: change.objectType,
          objectId: change.objectId,
          department: departmentCodes.get(change.request.departmentId) ?? null,
          before: change.before,
          after: change.after,
        };
      });
      await this.changes.recordAll(m, recorded, [
        ...unit.writes,
        (first) => insertStatement(m, TimelineEntry, entries, first),
      ]);
    }
  }
}
