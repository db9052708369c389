import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Principal } from '../auth';
import { newId } from '../database/ids';
import { AuditRecord } from './audit-record.entity';
import type { Statement } from '../database/statement';
import { redactSecrets } from './redact';
import { actorOf, AuditActor, currentRequestContext, RequestContext } from './request-context';

/** What changed, as the use case that changed it describes it. */
export interface AuditChange {
  /** What happened, in the business's words: `offering.published`, `api-key.revoked`. */
  action: string;
  objectType: string;
  objectId: string;
  /** The department the object belongs to, for department-scoped queries. */
  department?: string | null;
  /** The object before the change (null when it was created) and after it (null when deleted). */
  before: unknown;
  after: unknown;
  /** The domain events the change published, linking the record to what reached Kafka. */
  eventIds?: string[];
  /** Who acted, when the use case knows better than the request (e.g. a sign-in names its user). */
  actor?: Principal | AuditActor;
}

/**
 * Records every state change in the transaction that makes it: the change and its audit record
 * commit together or not at all. Who and from where come from the request context.
 */
@Injectable()
export class AuditTrail {
  constructor(private readonly serviceName: string) {}

  async record(manager: EntityManager, change: AuditChange): Promise<AuditRecord> {
    const [record] = await this.recordAll(manager, [change]);
    return record!;
  }

  /** Several changes' records with one statement. */
  async recordAll(manager: EntityManager, changes: AuditChange[]): Promise<AuditRecord[]> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditTrail.record must run inside the transaction that makes the change');
    }
    if (changes.length === 0) return [];
    const records = this.recordsOf(manager, changes);
    const insert = auditInsert(records);
    await manager.query(insert.sql, insert.values);
    return records;
  }

  /** The records of changes made in the current request context, not yet written. */
  recordsOf(manager: EntityManager, changes: AuditChange[]): AuditRecord[] {
    const context = currentRequestContext();
    return changes.map((change) => this.recordOf(manager, change, context));
  }

  private recordOf(manager: EntityManager, change: AuditChange, context: RequestContext | undefined): AuditRecord {
    return manager.create(AuditRecord, {
      id: newId(),
      occurredAt: new Date(),
      ...this.actor(change.actor, context),
      action: change.action,
      objectType: change.objectType,
      objectId: change.objectId,
      department: change.department ?? null,
      before: snapshotOf(change.before),
      after: snapshotOf(change.after),
      eventIds: change.eventIds ?? [],
      requestId: context?.requestId ?? null,
      clientAddress: context?.clientAddress ?? null,
      forwardedFor: context?.forwardedFor ?? null,
    });
  }

  private actor(
    given: AuditChange['actor'],
    context = currentRequestContext(),
  ): { actorSubject: string; actorKind: string } {
    const actor = given ? ('kind' in given ? given : actorOf(given)) : actorFromContext(context, this.serviceName);
    return { actorSubject: actor.subject, actorKind: actor.kind };
  }
}

/** The insert of audit records, its parameters numbered from `$${first + 1}`. */
export function auditInsert(records: AuditRecord[], first = 0): Statement {
  const values: unknown[] = [];
  const rows = records.map((r) => {
    const i = first + values.length;
    values.push(
      r.id,
      r.occurredAt,
      r.actorSubject,
      r.actorKind,
      r.action,
      r.objectType,
      r.objectId,
      r.department,
      json(r.before),
      json(r.after),
      r.eventIds,
      r.requestId,
      r.clientAddress,
      r.forwardedFor,
    );
    const p = (n: number) => `$${i + n}`;
    return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)}::jsonb, ${p(10)}::jsonb, ${p(11)}::uuid[], ${p(12)}, ${p(13)}, ${p(14)})`;
  });
  return {
    sql: `insert into audit_record (id, occurred_at, actor_subject, actor_kind, action, object_type, object_id, department, before, after, event_ids, request_id, client_address, forwarded_for) values ${rows.join(', ')}`,
    values,
  };
}

function json(value: object | null): string | null {
  return value === null ? null : JSON.stringify(value);
}

/** A JSON-able, secret-free copy; a scalar is wrapped so the column always holds an object. */
function snapshotOf(value: unknown): object | null {
  if (value === null || value === undefined) return null;
  const clean = redactSecrets(value);
  return typeof clean === 'object' && clean !== null ? clean : { value: clean };
}

/** An HTTP request's verified caller (or anonymous), a consumer's or timer's own actor, else this service. */
function actorFromContext(context: RequestContext | undefined, serviceName: string): AuditActor {
  if (context?.actor) return context.actor;
  if (context?.principal) {
    const principal = context.principal();
    return principal ? actorOf(principal) : { subject: 'anonymous', kind: 'anonymous' };
  }
  return { subject: `service:${serviceName}`, kind: 'service' };
}
