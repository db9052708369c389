import { currentTraceparent } from '../observability';
import { EntityManager } from 'typeorm';
import { contractForType, DomainEvent, toKafkaMessage } from '@itsm/contracts';

export const OUTBOX_CHANNEL = 'itsm_outbox';

/**
 * Writes events into the outbox in the caller's transaction: the state change and its events
 * commit together or not at all. NOTIFY is delivered at commit, waking the relay.
 */
export class Outbox {
  async append(manager: EntityManager, events: DomainEvent | DomainEvent[]): Promise<void> {
    const list = Array.isArray(events) ? events : [events];
    if (list.length === 0) return;
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('Outbox.append must run inside the transaction that changes the aggregate');
    }
    // The row keeps the request's trace, so the relay's publish continues it.
    const traceparent = currentTraceparent();
    const values: unknown[] = [];
    const rows: string[] = [];
    for (const event of list) {
      const withTrace: DomainEvent = {
        ...event,
        traceparent: event.traceparent ?? traceparent,
      };
      const message = toKafkaMessage(withTrace);
      const topic = contractForType(event.type)?.topic;
      if (!topic) throw new Error(`No contract registered for event type ${event.type}`);
      const i = values.length;
      rows.push(`($${i + 1}, $${i + 2}, $${i + 3}, $${i + 4}, $${i + 5}::jsonb, $${i + 6}::jsonb)`);
      values.push(event.id, topic, message.key, event.type, JSON.stringify(message.headers), message.value.toString('utf8'));
    }
    await manager.query(
      `insert into outbox_event (event_id, topic, message_key, event_type, headers, payload) values ${rows.join(', ')}`,
      values,
    );
    await manager.query(`select pg_notify('${OUTBOX_CHANNEL}', '')`);
  }
}
