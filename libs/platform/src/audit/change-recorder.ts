import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { DomainEvent } from '@itsm/contracts';
import type { Statement } from '../database/statement';
import { outboxInsert, wakeRelayAfterCommit } from '../messaging/outbox';
import { AuditChange, auditInsert, AuditTrail } from './audit-trail';

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
  constructor(private readonly audit: AuditTrail) {}

  async record(manager: EntityManager, change: RecordedChange): Promise<void> {
    await this.recordAll(manager, [change]);
  }

  /**
   * Several changes as `record` would write them one by one, in one statement (the outbox rows in
   * a CTE). `alongside`: the caller's own writes of the same moment, sent in the same round trip
   * (each gets its parameters numbered from the given offset; none may touch another's rows).
   */
  async recordAll(
    manager: EntityManager,
    changes: RecordedChange[],
    alongside: ((first: number) => Statement)[] = [],
  ): Promise<void> {
    const audited: AuditChange[] = [];
    const published: DomainEvent[] = [];
    for (const change of changes) {
      const events = Array.isArray(change.events) ? change.events : [change.events];
      if (events.length === 0 && change.objectId === undefined)
        throw new Error('A recorded change needs an event or an objectId');
      const { events: _events, ...rest } = change;
      published.push(...events);
      audited.push({ ...rest, objectId: change.objectId ?? events[0]!.subject, eventIds: events.map((e) => e.id) });
    }
    if (!manager.queryRunner?.isTransactionActive)
      throw new Error('ChangeRecorder.record must run inside the transaction that makes the change');
    const records = auditInsert(this.audit.recordsOf(manager, audited));
    const values = [...records.values];
    // Postgres runs every data-modifying WITH to completion whether or not the main statement reads it.
    const ctes: string[] = [];
    if (published.length > 0) {
      const outbox = outboxInsert(published, values.length);
      ctes.push(`outbox_rows as (${outbox.sql})`);
      values.push(...outbox.values);
    }
    alongside.forEach((build, i) => {
      const statement = build(values.length);
      ctes.push(`alongside_${i} as (${statement.sql})`);
      values.push(...statement.values);
    });
    await manager.query(ctes.length > 0 ? `with ${ctes.join(', ')} ${records.sql}` : records.sql, values);
    if (published.length > 0) wakeRelayAfterCommit(manager);
  }
}
