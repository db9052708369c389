import { currentTraceparent } from '../observability';
import { EventEmitter } from 'node:events';
import {
  EntityManager,
  EntitySubscriberInterface,
  EventSubscriber,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { contractForType, DomainEvent, toKafkaMessage } from '@itsm/contracts';
import type { Statement } from '../database/statement';

export const OUTBOX_CHANNEL = 'itsm_outbox';

const PENDING = 'itsm.outbox.pending';

/** Emits 'committed' once a transaction that wrote outbox rows has committed in this process. */
export const outboxCommits = new EventEmitter();

/**
 * Wakes the relay after commit rather than with a NOTIFY inside the writer's transaction: a
 * transaction that notifies holds Postgres's notification lock through its commit, which stops
 * concurrent commits from being flushed together and halved write throughput in the benchmark.
 */
@EventSubscriber()
export class OutboxCommitSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (!event.queryRunner.data[PENDING]) return;
    event.queryRunner.data[PENDING] = false;
    outboxCommits.emit('committed');
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    event.queryRunner.data[PENDING] = false;
  }
}

/** The insert of events into the outbox, its parameters numbered from `$${first + 1}`. */
export function outboxInsert(events: DomainEvent[], first = 0): Statement {
  // The row keeps the request's trace, so the relay's publish continues it.
  const traceparent = currentTraceparent();
  const values: unknown[] = [];
  const rows: string[] = [];
  for (const event of events) {
    const message = toKafkaMessage({ ...event, traceparent: event.traceparent ?? traceparent });
    const topic = contractForType(event.type)?.topic;
    if (!topic) throw new Error(`No contract registered for event type ${event.type}`);
    const i = first + values.length;
    rows.push(`($${i + 1}, $${i + 2}, $${i + 3}, $${i + 4}, $${i + 5}::json, $${i + 6}::json)`);
    values.push(
      event.id,
      topic,
      message.key,
      event.type,
      JSON.stringify(message.headers),
      message.value.toString('utf8'),
    );
  }
  return {
    sql: `insert into outbox_event (event_id, topic, message_key, event_type, headers, payload) values ${rows.join(', ')}`,
    values,
  };
}

/** The transaction wrote outbox rows: the relay is woken once it has committed. */
export function wakeRelayAfterCommit(manager: EntityManager): void {
  manager.queryRunner!.data[PENDING] = true;
}

/**
 * Writes events into the outbox in the caller's transaction: the state change and its events
 * commit together or not at all. The relay is woken once the transaction has committed.
 */
export class Outbox {
  async append(manager: EntityManager, events: DomainEvent | DomainEvent[]): Promise<void> {
    const list = Array.isArray(events) ? events : [events];
    if (list.length === 0) return;
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('Outbox.append must run inside the transaction that changes the aggregate');
    }
    const insert = outboxInsert(list);
    await manager.query(insert.sql, insert.values);
    wakeRelayAfterCommit(manager);
  }
}
