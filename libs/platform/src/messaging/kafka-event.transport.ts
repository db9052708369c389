import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { Consumer, EachMessagePayload, IHeaders, Kafka, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { contextFromTraceparent } from '../observability';
import { contractForType, deadLetterTopic, DomainEvent, fromKafkaMessage, validateEventData } from '@itsm/contracts';
import { runWithRequestContext } from '../audit/request-context';
import { EventContext, EventDelivery } from './event-context';
import { messagingMetrics } from './messaging.metrics';
import { createIdempotentProducer, ensureTopics } from './kafka-client';
import { isDatabaseUnavailable } from '../database/availability';
import { backoffDelay, sleep, withTimeout } from '../resilience';

export interface KafkaEventTransportOptions {
  kafka: Kafka;
  dataSource: DataSource;
  /** Consumer group; also the inbox's consumer name, so replicas share dedup state. */
  groupId: string;
  /** Deliveries before an event goes to `<topic>.dlq`; counted in Postgres, so restarts don't reset it. */
  maxAttempts?: number;
  retryBackoffMs?: number;
  sessionTimeoutMs?: number;
  /** For topics this transport has to create before subscribing. */
  replicationFactor?: number;
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
  private closed = false;
  private failedStarts = 0;
  private restartTimer?: NodeJS.Timeout;
  private starting?: Promise<void>;
  private readonly maxAttempts: number;

  constructor(private readonly opts: KafkaEventTransportOptions) {
    super();
    this.maxAttempts = opts.maxAttempts ?? 5;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /**
   * Returns once the handlers are checked; the consumer starts in the background and keeps trying
   * until it runs. A service that starts while the broker is away serves its API meanwhile (its
   * changes wait in the outbox), and reads its topics once the broker answers.
   */
  async listen(callback: (err?: unknown) => void): Promise<void> {
    let topics: string[];
    try {
      topics = this.subscribedTopics();
    } catch (err) {
      callback(err);
      return;
    }
    callback();
    if (topics.length > 0) this.startConsumer(topics);
  }

  private subscribedTopics(): string[] {
    const patterns = [...this.messageHandlers.keys()];
    const unknown = patterns.filter((p) => !contractForType(p));
    if (unknown.length) throw new Error(`Event handlers for unregistered event types: ${unknown.join(', ')}`);
    return [...new Set(patterns.map((p) => contractForType(p)!.topic))];
  }

  private startConsumer(topics: string[]): void {
    if (this.closed) return;
    this.starting = this.runConsumer(topics)
      .catch(async (err: unknown) => {
        const consumer = this.consumer;
        this.consumer = undefined;
        await consumer?.disconnect().catch(() => undefined);
        this.startAgain(topics, err);
      })
      .finally(() => (this.starting = undefined));
  }

  /** After a failed start, or a crash kafkajs does not recover from itself (it gives up on some, e.g. no group coordinator yet). */
  private startAgain(topics: string[], err: unknown): void {
    if (this.closed) return;
    this.failedStarts += 1;
    const delay = backoffDelay(this.failedStarts, { baseMs: 1000, maxMs: 30_000 });
    if (this.failedStarts === 1 || this.failedStarts % 10 === 0) {
      this.logger.warn?.(
        `event consumer ${this.opts.groupId} is not running (attempt ${this.failedStarts}), starting it again in ${delay} ms: ${errorMessage(err)}`,
      );
    }
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => this.startConsumer(topics), delay);
  }

  private async runConsumer(topics: string[]): Promise<void> {
    // Subscribing to a topic that does not exist yet fails, and topics are never auto-created.
    const admin = this.opts.kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, this.opts.replicationFactor);
    } finally {
      await admin.disconnect();
    }

    const consumer = this.opts.kafka.consumer({
      groupId: this.opts.groupId,
      sessionTimeout: this.opts.sessionTimeoutMs ?? 10000,
      heartbeatInterval: 1000,
      maxWaitTimeInMs: 100,
      retry: { retries: 10 },
    });
    this.consumer = consumer;
    const { CRASH, GROUP_JOIN, STOP, END_BATCH_PROCESS } = consumer.events;
    // kafkajs restarts the consumer itself after most crashes; after the others this transport does.
    consumer.on(CRASH, (e) => {
      this.running = false;
      this._status$.next('crashed');
      if (!e.payload.restart && this.consumer === consumer) {
        this.consumer = undefined;
        this.startAgain(topics, e.payload.error);
      }
    });
    consumer.on(GROUP_JOIN, () => {
      this.running = true;
      this.failedStarts = 0;
      this._status$.next('connected');
    });
    consumer.on(STOP, () => (this.running = false));
    consumer.on(END_BATCH_PROCESS, (e) => {
      messagingMetrics.consumerLag.set(
        { group: this.opts.groupId, topic: e.payload.topic, partition: String(e.payload.partition) },
        Number(e.payload.offsetLag),
      );
    });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    // Closed while connecting: close() already let go of this consumer, so it stops here.
    if (this.closed) throw new Error('closed while starting');
    await consumer.run({ eachMessage: (payload) => this.handleMessage(payload) });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.running = false;
    clearTimeout(this.restartTimer);
    // A start under way finishes (or fails) first, so no consumer connects after the close; a broker
    // that does not answer holds the shutdown 5 s at most.
    await withTimeout(this.starting ?? Promise.resolve(), 5000, 'starting the consumer').catch(() => undefined);
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
    const { topic, message } = payload;
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
    const span = trace.getTracer('itsm-consumer').startSpan(
      `${topic} process`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.message.id': event.id,
          'messaging.consumer.group.name': this.opts.groupId,
        },
      },
      parent,
    );
    try {
      await context.with(trace.setSpan(parent, span), () => this.deliver(payload, event, handler));
    } finally {
      span.end();
    }
  }

  private async deliver(payload: EachMessagePayload, event: DomainEvent, handler: MessageHandler): Promise<void> {
    const consumer = this.opts.groupId;
    const validation = validateEventData(event.type, event.data);
    if (!validation.ok) {
      const issues = validation.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
      await this.deadLetter(payload, event, new PoisonEventError(`contract violation: ${issues}`), 0);
      return;
    }
    let conflictRetries = 0;
    let databaseWaits = 0;
    // An attempt counted just before the database went away: handed back once it answers again.
    let attemptToHandBack = false;
    for (;;) {
      let attempt = 0;
      try {
        if (attemptToHandBack) {
          await this.forgetAttempt(event.id);
          attemptToHandBack = false;
        }
        if (await this.alreadyHandled(event.id)) {
          messagingMetrics.consumed.inc({ consumer, type: event.type, outcome: 'duplicate' });
          return;
        }
        // Counted before the handler runs, so a message that crashes the process (out of memory, a
        // kill) is dead-lettered after maxAttempts restarts instead of crash-looping on its partition.
        attempt = await this.startAttempt(event.id);
        if (attempt > this.maxAttempts) {
          await this.deadLetter(
            payload,
            event,
            new Error(`gave up after ${attempt - 1} deliveries: ${await this.lastError(event.id)}`),
            attempt - 1,
          );
          return;
        }
        const applied = await this.opts.dataSource.transaction(async (manager) => {
          const inserted = await manager.query(
            `insert into inbox_event (consumer, event_id, event_type, outcome) values ($1, $2, $3, 'processed')
             on conflict do nothing returning event_id`,
            [consumer, event.id, event.type],
          );
          if (inserted.length === 0) return false; // a replica applied it meanwhile
          const delivery: EventDelivery = {
            manager,
            topic: payload.topic,
            partition: payload.partition,
            offset: payload.message.offset,
            attempt,
          };
          // What the handler changes is audited as the platform reacting to this event.
          const reaction = { requestId: event.id, actor: { subject: `service:${consumer}`, kind: 'service' as const } };
          const result: unknown = await runWithRequestContext(reaction, () =>
            handler({ ...delivery, event }, new EventContext([delivery])),
          );
          if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
          return true;
        });
        await this.clearAttempts(event.id);
        messagingMetrics.consumed.inc({ consumer, type: event.type, outcome: applied ? 'processed' : 'duplicate' });
        if (databaseWaits > 0) this.logger.log?.(`event ${event.id}: the database answers again; handled`);
        return;
      } catch (err) {
        trace.getActiveSpan()?.recordException(err instanceof Error ? err : new Error(String(err)));
        if (isDatabaseUnavailable(err)) {
          // The event is fine and nothing can be done without the database: wait for it as long as
          // it takes (the partition waits with it), without using up an attempt. Closing stops the wait.
          if (this.closed) throw err;
          if (attempt > 0) attemptToHandBack = true;
          if (databaseWaits++ === 0)
            this.logger.warn?.(`event ${event.id}: the database is unavailable, waiting for it: ${errorMessage(err)}`);
          await sleep(backoffDelay(databaseWaits, { baseMs: 200, maxMs: 5000 }));
          await payload.heartbeat();
          continue;
        }
        if (isConflict(err) && ++conflictRetries <= 10) {
          // A deadlock or a serialization failure says nothing about the event: retry without using up an attempt.
          await this.forgetAttempt(event.id).catch(() => undefined);
          await sleep(backoffDelay(conflictRetries, { baseMs: this.opts.retryBackoffMs ?? 200, maxMs: 5000 }));
          await payload.heartbeat();
          continue;
        }
        await this.recordError(event.id, err);
        if (attempt >= this.maxAttempts) {
          await this.deadLetter(payload, event, err, attempt);
          return;
        }
        await sleep(backoffDelay(attempt, { baseMs: this.opts.retryBackoffMs ?? 200, maxMs: 5000 }));
        await payload.heartbeat();
      }
    }
  }

  private async alreadyHandled(eventId: string): Promise<boolean> {
    const rows = await this.opts.dataSource.query('select 1 from inbox_event where consumer = $1 and event_id = $2', [
      this.opts.groupId,
      eventId,
    ]);
    return rows.length > 0;
  }

  private async startAttempt(eventId: string): Promise<number> {
    const rows = await this.opts.dataSource.query(
      `insert into consumer_attempt (consumer, event_id, attempts, last_error) values ($1, $2, 1, '')
       on conflict (consumer, event_id) do update set attempts = consumer_attempt.attempts + 1, updated_at = now()
       returning attempts`,
      [this.opts.groupId, eventId],
    );
    return rows[0].attempts;
  }

  private async forgetAttempt(eventId: string): Promise<void> {
    await this.opts.dataSource.query(
      'update consumer_attempt set attempts = greatest(attempts - 1, 0) where consumer = $1 and event_id = $2',
      [this.opts.groupId, eventId],
    );
  }

  private async recordError(eventId: string, err: unknown): Promise<void> {
    await this.opts.dataSource.query(
      'update consumer_attempt set last_error = $3, updated_at = now() where consumer = $1 and event_id = $2',
      [this.opts.groupId, eventId, errorMessage(err).slice(0, 2000)],
    );
  }

  private async lastError(eventId: string): Promise<string> {
    const rows = await this.opts.dataSource.query(
      'select last_error from consumer_attempt where consumer = $1 and event_id = $2',
      [this.opts.groupId, eventId],
    );
    return rows[0]?.last_error || 'the process stopped while handling it';
  }

  private async clearAttempts(eventId: string): Promise<void> {
    await this.opts.dataSource.query('delete from consumer_attempt where consumer = $1 and event_id = $2', [
      this.opts.groupId,
      eventId,
    ]);
  }

  /**
   * Copies the message to `<topic>.dlq` with where it came from and why, then lets the partition go
   * on. If the copy cannot be sent the error propagates: kafkajs redelivers, nothing is dropped.
   */
  private async deadLetter(
    payload: EachMessagePayload,
    event: DomainEvent | undefined,
    err: unknown,
    attempts: number,
  ): Promise<void> {
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
    try {
      this.producer ??= createIdempotentProducer(this.opts.kafka);
      await this.producer.connect();
      await this.producer.send({
        topic: deadLetterTopic(topic),
        acks: -1,
        messages: [{ key: message.key, value: message.value, headers }],
      });
    } catch (sendError) {
      // A fresh producer next time: a failed idempotent producer can refuse every later send.
      await this.producer?.disconnect().catch(() => undefined);
      this.producer = undefined;
      throw sendError;
    }
    if (event) {
      await this.opts.dataSource.transaction(async (m) => {
        await m.query(
          `insert into inbox_event (consumer, event_id, event_type, outcome) values ($1, $2, $3, 'dead-lettered') on conflict do nothing`,
          [this.opts.groupId, event.id, event.type],
        );
        await m.query('delete from consumer_attempt where consumer = $1 and event_id = $2', [
          this.opts.groupId,
          event.id,
        ]);
      });
    }
    messagingMetrics.deadLettered.inc({ consumer: this.opts.groupId, topic });
    trace.getActiveSpan()?.setStatus({ code: SpanStatusCode.ERROR, message: 'dead-lettered' });
    this.logger.warn?.(
      `event ${event?.id ?? message.offset} from ${topic}[${partition}]@${message.offset} dead-lettered after ${attempts} attempts: ${errorMessage(err)}`,
    );
  }
}

/** Serialization failure or deadlock: the same transaction run again normally succeeds. */
function isConflict(err: unknown): boolean {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | undefined;
  const code = e?.driverError?.code ?? e?.code;
  return code === '40001' || code === '40P01';
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
