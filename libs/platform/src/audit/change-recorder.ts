import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { DomainEvent } from '@itsm/contracts';
import { Outbox } from '../messaging/outbox';
import { AuditChange, AuditTrail } from './audit-trail';

export interface RecordedChange extends Omit<AuditChange, 'eventIds' | 'objectId'> {
  /** What the change publishes; the first event's subject is the object unless objectId is given. */
  events: DomainEvent | DomainEvent[];
  objectId?: string;
}

/**
 * One state change of a service's own aggregate: its events into the outbox and exactly one audit
 * record naming them, both in the caller's transaction. Use cases record changes through this, so
 * no change is published without being audited or audited without being published.
 */
@Injectable()
export class ChangeRecorder {
  constructor(
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async record(manager: EntityManager, change: RecordedChange): Promise<void> {
    await this.recordAll(manager, [change]);
  }

  /** Several changes as `record` would write them one by one, in two statements (outbox, audit). */
  async recordAll(manager: EntityManager, changes: RecordedChange[]): Promise<void> {
    const audited: AuditChange[] = [];
    const published: DomainEvent[] = [];
    for (const change of changes) {
      const events = Array.isArray(change.events) ? change.events : [change.events];
      if (events.length === 0 && change.objectId === undefined) throw new Error('A recorded change needs an event or an objectId');
      const { events: _events, ...rest } = change;
      published.push(...events);
      audited.push({ ...rest, objectId: change.objectId ?? events[0]!.subject, eventIds: events.map((e) => e.id) });
    }
    await this.outbox.append(manager, published);
    await this.audit.recordAll(manager, audited);
  }
}
