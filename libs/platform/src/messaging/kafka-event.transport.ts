import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { Consumer, EachMessagePayload, IHeaders, Kafka, Producer } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { contextFromTraceparent } from '../observability';
import { contractForType, deadLetterTopic, DomainEvent, fromKafkaMessage, validateEventData } from '@itsm/contracts';
import { EventContext } from './event-context';
import { messagingMetrics } from './messaging.metrics';
import { createIdempotentProducer } from './kafka-client';

export interface KafkaEventTransportOptions {
  kafka: Kafka;
  dataSource: DataSource;
  /** Consumer group; also the inbox's consumer name, so replicas share dedup state. */
  groupId: string;
  /** Attempts before an event goes to `<topic>.dlq`; counted in Postgres, so restarts don't reset it. */
  maxAttempts?: number;
  retryBackoffMs?: number;
  sessionTimeoutMs?: number;
}

type Status = 'disconnected' | 'connected' | 'crashed';

class PoisonEventError extends Error {}

/**
 * Nest transport for our domain events: handlers are `@EventPattern('<ce type>')` methods.
 * Unlike the stock Kafka transport, a failing handler is retried a bounded number of times and
 * then dead-lettered, so one poison message never blocks its partition; and each event is applied
 * once: handler writes and the inbox mark commit in one transaction.
 */
export class KafkaEventTransport extends Server<Record<string, never>, Status> implements CustomTransportStrategy {
  private consumer?: Consumer;
  private producer?: Producer;
  private running = false;
  private readonly maxAttempts: number;

  constructor(private readonly opts: KafkaEventTransportOptions) {
    super();
    this.maxAttempts = opts.maxAttempts ?? 5;
  }

  get isRunning(): boolean {
    return this.running;
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (err) {
      callback(err);
    }
  }

  private async start(): Promise<void> {
    const patterns = [...this.messageHandlers.keys()];
    const topics = [...new Set(patterns.map((p) => contractForType(p)?.topic).filter((t): t is string => !!t))];
    const unknown = patterns.filter((p) => !contractForType(p));
    if (unknown.length) throw new Error(`Event handlers for unregistered event types: ${unknown.join(', ')}`);
    if (topics.length === 0) return;

    this.producer = createIdempotentProducer(this.opts.kafka);
    await this.producer.connect();
    this.consumer = this.opts.kafka.consumer({
      groupId: this.opts.groupId,
      sessionTimeout: this.opts.sessionTimeoutMs ?? 10000,
      heartbeatInterval: 1000,
      maxWaitTimeInMs: 100,
      retry: { retries: 10 },
    });
    const { CRASH, STOP, END_BATCH_PROCESS } = this.consumer.events;
    this.consumer.on(CRASH, () => {
      this.running = false;
      this._status$.next('crashed');
    });
    this.consumer.on(STOP, () => (this.running = false));
    this.consumer.on(END_BATCH_PROCESS, (e) => {
      messagingMetrics.consumerLag.set(
        { group: this.opts.groupId, topic: e.payload.topic, partition: String(e.payload.partition) },
        Number(e.payload.offsetLag),
      );
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({ eachMessage: (payload) => this.handleMessage(payload) });
    this.running = true;
    this._status$.next('connected');
  }

  async close(): Promise<void> {
    this.running = false;
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    this._status$.next('disconnected');
  }

  on(): void {
    throw new Error('KafkaEventTransport has no events to subscribe to');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private async handleMessage(payload: EachMessagePayload): Promise<void> {
    const { topic, message, heartbeat } = payload;
    const consumer = this.opts.groupId;
    let event: DomainEvent;
    try {
      event = fromKafkaMessage({ key: message.key, value: message.value, headers: message.headers ?? {} });
    } catch (err) {
      await this.deadLetter(payload, undefined, err, 0);
      return;
    }
    const handler = this.getHandlerByPattern(event.type);
    if (!handler) return; // another consumer's event on a shared topic

    const parent = contextFromTraceparent(event.traceparent, event.tracestate);
    const span = trace.getTracer('itsm-consumer').startSpan(`${topic} process`, {
      kind: SpanKind.CONSUMER,
      attributes: { 'messaging.system': 'kafka', 'messaging.message.id': event.id, 'messaging.consumer.group.name': consumer },
    }, parent);
    try {
      await context.with(trace.setSpan(parent, span), () => this.deliver(payload, event, handler, heartbeat));
    } finally {
      span.end();
    }
  }

  private async deliver(
    payload: EachMessagePayload,
    event: DomainEvent,
    handler: NonNullable<ReturnType<Server['getHandlerByPattern']>>,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const consumer = this.opts.groupId;
    const validation = validateEventData(event.type, event.data);
    if (!validation.ok) {
      await this.deadLetter(payload, event, new PoisonEventError(`contract violation: ${validation.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`), 0);
      return;
    }
    for (;;) {
      try {
        const applied = await this.opts.dataSource.transaction(async (manager) => {
          const inserted = await manager.query(
            `insert into inbox_event (consumer, event_id, event_type, outcome) values ($1, $2, $3, 'processed')
             on conflict do nothing returning event_id`,
            [consumer, event.id, event.type],
          );
          if (inserted.length === 0) return false; // redelivered: already applied
          const delivery = {
            manager,
            topic: payload.topic,
            partition: payload.partition,
            offset: payload.message.offset,
            attempt: (await this.failedAttempts(manager, event.id)) + 1,
          };
          const result: unknown = await handler({ ...delivery, event }, new EventContext([delivery]));
          if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
          return true;
        });
        messagingMetrics.consumed.inc({ consumer, type: event.type, outcome: applied ? 'processed' : 'duplicate' });
        if (applied) await this.clearAttempts(event.id);
        return;
      } catch (err) {
        const attempts = await this.recordFailure(event.id, err);
        trace.getActiveSpan()?.recordException(err instanceof Error ? err : new Error(String(err)));
        if (attempts >= this.maxAttempts) {
          await this.deadLetter(payload, event, err, attempts);
          return;
        }
        await sleep(Math.min(5000, (this.opts.retryBackoffMs ?? 200) * 2 ** (attempts - 1)));
        await heartbeat();
      }
    }
  }

  private async failedAttempts(manager: EntityManager, eventId: string): Promise<number> {
    const rows = await manager.query('select attempts from consumer_attempt where consumer = $1 and event_id = $2', [this.opts.groupId, eventId]);
    return rows[0]?.attempts ?? 0;
  }

  private async recordFailure(eventId: string, err: unknown): Promise<number> {
    const rows = await this.opts.dataSource.query(
      `insert into consumer_attempt (consumer, event_id, attempts, last_error) values ($1, $2, 1, $3)
       on conflict (consumer, event_id) do update set attempts = consumer_attempt.attempts + 1, last_error = excluded.last_error, updated_at = now()
       returning attempts`,
      [this.opts.groupId, eventId, errorMessage(err).slice(0, 2000)],
    );
    return rows[0].attempts;
  }

  private async clearAttempts(eventId: string): Promise<void> {
    await this.opts.dataSource.query('delete from consumer_attempt where consumer = $1 and event_id = $2', [this.opts.groupId, eventId]);
  }

  /** Copies the message to `<topic>.dlq` with where it came from and why, then lets the partition go on. */
  private async deadLetter(payload: EachMessagePayload, event: DomainEvent | undefined, err: unknown, attempts: number): Promise<void> {
    const { topic, partition, message } = payload;
    const headers: IHeaders = {
      ...(message.headers ?? {}),
      dlq_original_topic: topic,
      dlq_original_partition: String(partition),
      dlq_original_offset: message.offset,
      dlq_error: errorMessage(err).slice(0, 1000),
      dlq_attempts: String(attempts),
      dlq_consumer: this.opts.groupId,
    };
    await this.producer!.send({ topic: deadLetterTopic(topic), acks: -1, messages: [{ key: message.key, value: message.value, headers }] });
    if (event) {
      await this.opts.dataSource.transaction(async (m) => {
        await m.query(
          `insert into inbox_event (consumer, event_id, event_type, outcome) values ($1, $2, $3, 'dead-lettered') on conflict do nothing`,
          [this.opts.groupId, event.id, event.type],
        );
        await m.query('delete from consumer_attempt where consumer = $1 and event_id = $2', [this.opts.groupId, event.id]);
      });
    }
    messagingMetrics.deadLettered.inc({ consumer: this.opts.groupId, topic });
    trace.getActiveSpan()?.setStatus({ code: SpanStatusCode.ERROR, message: 'dead-lettered' });
    this.logger.warn?.(`event ${event?.id ?? message.offset} from ${topic}[${partition}]@${message.offset} dead-lettered after ${attempts} attempts: ${errorMessage(err)}`);
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
