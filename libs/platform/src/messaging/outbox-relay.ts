import { randomUUID } from 'node:crypto';
import { Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Logger } from '@nestjs/common';
import { Producer } from 'kafkajs';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { contextFromTraceparent, currentTraceparent } from '../observability';
import { preparedStatement, queryPrepared } from '../database/prepared';
import { OUTBOX_CHANNEL, outboxCommits } from './outbox';
import { messagingMetrics } from './messaging.metrics';
import { backoffDelay, withTimeout } from '../resilience';

interface OutboxRow {
  seq: string;
  event_id: string;
  topic: string;
  message_key: string;
  event_type: string;
  headers: Record<string, string>;
  /** The JSON text as stored, sent as-is (no parse and re-serialise). */
  payload: string;
  created_at: Date;
}

export interface OutboxRelayOptions {
  dataSource: DataSource;
  /**
   * Makes the idempotent producer. After a failed send the relay starts over with a new one: a
   * kafkajs producer whose timed-out request did reach the broker would otherwise be refused with
   * OUT_OF_ORDER_SEQUENCE_NUMBER on every retry.
   */
  createProducer: () => Producer;
  /** Connection string for the dedicated LISTEN connection. */
  databaseUrl: string;
  batchSize?: number;
  /** Bytes of payload per send, well under the broker's message size limit (1 MB by default). */
  maxBatchBytes?: number;
  /** Safety poll in case a notification was missed. */
  pollIntervalMs?: number;
  maxBackoffMs?: number;
  /**
   * Longest a connect or a send may take. One that hangs on a broker that died mid-request is given
   * up (the batch's transaction rolls back, so its rows and the relay lock are released) and tried
   * again with a new producer, instead of holding the relay, and every relay waiting for its lock,
   * forever.
   */
  sendTimeoutMs?: number;
}

// One relay publishes at a time per database (advisory lock): with several replicas this keeps
// events of one aggregate in commit order on their partition.
const RELAY_LOCK_KEY = 727_274_001;

// Run at every batch: prepared, so Postgres plans them once per connection.
const TAKE_RELAY_LOCK = preparedStatement('outbox.take-relay-lock', 'select pg_try_advisory_xact_lock($1) as locked');
const OLDEST_EVENTS = preparedStatement(
  'outbox.oldest-events',
  'select seq, event_id, topic, message_key, event_type, headers, payload::text as payload, created_at from outbox_event order by seq limit $1',
);
const DELETE_EVENTS = preparedStatement(
  'outbox.delete-events',
  'delete from outbox_event where seq = any($1::bigint[])',
);

type BatchOutcome = { sent: number; more: boolean } | 'locked';

/**
 * Publishes outbox rows to Kafka oldest-first. It is woken in-process when a transaction that wrote
 * events commits, by NOTIFY from other processes, and by a slow safety poll. A row is deleted only
 * after the broker acknowledged it (acks=all), in the same transaction that read it, so an outage
 * leaves every row in place to be sent once the broker is back.
 */
export class OutboxRelay {
  private readonly log = new Logger('OutboxRelay');
  private readonly batchSize: number;
  private readonly maxBatchBytes: number;
  private readonly sendTimeoutMs: number;
  private readonly processTag = randomUUID();
  private producer?: Producer;
  private listener?: Client;
  private running = false;
  private draining?: Promise<void>;
  private wakeAgain = false;
  private timer?: NodeJS.Timeout;
  private backlogTimer?: NodeJS.Timeout;
  private failures = 0;
  /** While failing, wakes before this time wait for the backoff timer instead of hammering Kafka. */
  private retryAt = 0;
  private lastError?: string;
  private lastBacklog = { count: 0, oldestAgeSeconds: 0 };
  private notifying = false;
  private notifyAgain = false;
  private readonly onCommit = () => {
    void this.wake();
    void this.notifyOthers();
  };

  constructor(private readonly opts: OutboxRelayOptions) {
    this.batchSize = opts.batchSize ?? 500;
    this.maxBatchBytes = opts.maxBatchBytes ?? 512 * 1024;
    this.sendTimeoutMs = opts.sendTimeoutMs ?? 30_000;
  }

  /** What the relay knows without asking anyone; the backlog as last counted (every 5 s). */
  get state(): {
    running: boolean;
    producerConnected: boolean;
    failures: number;
    lastError?: string;
    backlog: number;
    oldestAgeSeconds: number;
  } {
    return {
      running: this.running,
      producerConnected: !!this.producer,
      failures: this.failures,
      lastError: this.lastError,
      backlog: this.lastBacklog.count,
      oldestAgeSeconds: this.lastBacklog.oldestAgeSeconds,
    };
  }

  async start(): Promise<void> {
    this.running = true;
    await this.listen().catch((err) => this.reconnectListener(err));
    outboxCommits.on('committed', this.onCommit);
    // Gauges on a timer: a count over a table with many deleted rows is too slow for every drain.
    this.backlogTimer = setInterval(() => void this.recordBacklog().catch(() => undefined), 5000).unref();
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    outboxCommits.off('committed', this.onCommit);
    clearTimeout(this.timer);
    clearInterval(this.backlogTimer);
    // A send stuck on an unreachable broker must not hold shutdown; its rows stay in the outbox.
    await Promise.race([this.draining?.catch(() => undefined), new Promise((r) => setTimeout(r, 3000).unref())]);
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
    await this.dropProducer();
  }

  /** Publishes everything pending now; resolves when the outbox is empty, locked elsewhere, or sending failed. */
  wake(): Promise<void> {
    if (!this.running || Date.now() < this.retryAt) return Promise.resolve();
    if (this.draining) {
      this.wakeAgain = true;
      return this.draining;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.wakeAgain) {
        this.wakeAgain = false;
        void this.wake();
      }
    });
    return this.draining;
  }

  async backlog(): Promise<{ count: number; oldestAgeSeconds: number }> {
    // The oldest row is the first by seq: an index lookup instead of min() over the table.
    const [row] = await this.opts.dataSource.query(
      `select (select count(*)::int from outbox_event) as count,
              coalesce((select extract(epoch from (now() - created_at)) from outbox_event order by seq limit 1), 0)::float as age`,
    );
    return { count: row.count, oldestAgeSeconds: row.age };
  }

  private async drain(): Promise<void> {
    let outcome: BatchOutcome;
    try {
      do {
        outcome = await this.publishBatch();
      } while (this.running && outcome !== 'locked' && outcome.more);
      this.failures = 0;
      this.retryAt = 0;
      this.lastError = undefined;
    } catch (err) {
      await this.dropProducer();
      this.failures += 1;
      const backoff = backoffDelay(this.failures, { baseMs: 200, maxMs: this.opts.maxBackoffMs ?? 5000 });
      this.retryAt = Date.now() + backoff;
      this.lastError = err instanceof Error ? err.message : String(err);
      if (this.failures === 1 || this.failures % 20 === 0) {
        this.log.warn(`outbox publish failed (attempt ${this.failures}), retrying in ${backoff} ms: ${this.lastError}`);
      }
      this.schedule(backoff);
      return;
    }
    // Another process's relay holds the lock; try again shortly so our rows don't wait for the poll.
    this.schedule(outcome === 'locked' ? 20 : (this.opts.pollIntervalMs ?? 1000));
  }

  /**
   * The next attempt, whatever happens meanwhile: this timer is what keeps a backlog moving when
   * nothing new is written, so when it fires the backoff is over, whatever the clock says.
   */
  private schedule(delayMs: number): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.retryAt = 0;
      void this.wake();
    }, delayMs);
    this.timer.unref();
  }

  private async publishBatch(): Promise<BatchOutcome> {
    const producer = await withTimeout(this.connectedProducer(), this.sendTimeoutMs, 'connecting to Kafka');
    return this.opts.dataSource.transaction(async (manager) => {
      const [{ locked }] = await queryPrepared<{ locked: boolean }>(manager, TAKE_RELAY_LOCK, [RELAY_LOCK_KEY]);
      if (!locked) return 'locked';
      const rows = await queryPrepared<OutboxRow>(manager, OLDEST_EVENTS, [this.batchSize]);
      const batch = this.withinByteBudget(rows);
      if (batch.length === 0) return { sent: 0, more: false };
      try {
        await withTimeout(this.send(producer, batch), this.sendTimeoutMs, 'sending a batch');
      } catch (err) {
        if (batch.length === 1 && isMessageTooLarge(err)) {
          await this.park(manager, batch[0], err);
          return { sent: 0, more: true };
        }
        throw err;
      }
      await queryPrepared(manager, DELETE_EVENTS, [batch.map((r) => r.seq)]);
      const now = Date.now();
      for (const row of batch) messagingMetrics.relayLatency.observe((now - row.created_at.getTime()) / 1000);
      messagingMetrics.published.inc(batch.length);
      return { sent: batch.length, more: batch.length < rows.length || rows.length === this.batchSize };
    });
  }

  /** Oldest rows up to the byte budget (always at least one), so one send stays under the broker's limit. */
  private withinByteBudget(rows: OutboxRow[]): OutboxRow[] {
    let bytes = 0;
    const batch: OutboxRow[] = [];
    for (const row of rows) {
      bytes += Buffer.byteLength(row.payload);
      if (batch.length > 0 && bytes > this.maxBatchBytes) break;
      batch.push(row);
    }
    return batch;
  }

  /**
   * An event the broker will never take (larger than its message limit) would stop every event
   * behind it; it moves aside, loudly, for an operator to deal with.
   */
  private async park(manager: EntityManager, row: OutboxRow, err: unknown): Promise<void> {
    await manager.query(
      `insert into outbox_event_parked (event_id, topic, message_key, event_type, headers, payload, created_at, reason)
       select event_id, topic, message_key, event_type, headers, payload, created_at, $2 from outbox_event where seq = $1`,
      [row.seq, err instanceof Error ? err.message : String(err)],
    );
    await manager.query('delete from outbox_event where seq = $1', [row.seq]);
    messagingMetrics.parked.inc({ topic: row.topic });
    this.log.error(
      `event ${row.event_id} (${row.event_type}, ${Buffer.byteLength(row.payload)} bytes) is larger than Kafka accepts; parked in outbox_event_parked`,
    );
  }

  private async send(producer: Producer, rows: OutboxRow[]): Promise<void> {
    const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
    const tracer = trace.getTracer('itsm-outbox-relay');
    const spans: Span[] = [];
    for (const row of rows) {
      // A PRODUCER span continues the trace of the request that wrote the row.
      const parent = contextFromTraceparent(row.headers['traceparent'], row.headers['tracestate']);
      const span = tracer.startSpan(
        `${row.topic} publish`,
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            'messaging.system': 'kafka',
            'messaging.destination.name': row.topic,
            'messaging.message.id': row.event_id,
          },
        },
        parent,
      );
      const headers = { ...row.headers };
      const traceparent = row.headers['traceparent'] ? currentTraceparent(trace.setSpan(parent, span)) : undefined;
      if (traceparent) headers['traceparent'] = traceparent;
      spans.push(span);
      const list = byTopic.get(row.topic) ?? [];
      list.push({ key: row.message_key, value: row.payload, headers });
      byTopic.set(row.topic, list);
    }
    try {
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    } catch (err) {
      for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: String(err) });
      throw err;
    } finally {
      for (const span of spans) span.end();
    }
  }

  private async connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.opts.createProducer();
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.opts.databaseUrl, application_name: 'outbox-relay' });
    // Other processes' commits arrive here; our own are already handled in-process.
    client.on('notification', (n) => n.payload !== this.processTag && void this.wake());
    client.on('error', (err) => {
      if (this.listener === client) this.listener = undefined;
      void client.end().catch(() => undefined);
      this.reconnectListener(err);
    });
    await client.connect();
    await client.query(`listen ${OUTBOX_CHANNEL}`);
    if (!this.running) {
      await client.end();
      return;
    }
    this.listener = client;
  }

  /** Keeps trying with backoff; meanwhile the safety poll still publishes everything. */
  private reconnectListener(err: unknown, attempt = 1): void {
    if (!this.running) return;
    if (attempt === 1)
      this.log.warn(`LISTEN connection lost (${err instanceof Error ? err.message : err}); reconnecting`);
    const delay = backoffDelay(attempt, { baseMs: 1000, maxMs: 10_000 });
    setTimeout(() => {
      if (!this.running) return;
      this.listen().catch((e) => this.reconnectListener(e, attempt + 1));
    }, delay).unref();
  }

  /** Tells relays in other processes (replicas, jobs) that rows are waiting; one NOTIFY per burst. */
  private async notifyOthers(): Promise<void> {
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = true;
    try {
      do {
        this.notifyAgain = false;
        await this.opts.dataSource.query('select pg_notify($1, $2)', [OUTBOX_CHANNEL, this.processTag]);
      } while (this.notifyAgain && this.running);
    } catch {
      // the safety poll covers a lost notification
    } finally {
      this.notifying = false;
    }
  }

  private async recordBacklog(): Promise<void> {
    const backlog = await this.backlog();
    this.lastBacklog = backlog;
    messagingMetrics.backlog.set(backlog.count);
    messagingMetrics.oldestAge.set(backlog.oldestAgeSeconds);
  }
}

/** kafkajs reports the broker's refusal directly or wrapped (cause / originalError) depending on the path. */
function isMessageTooLarge(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 3) return false;
  const e = err as { type?: string; message?: string; cause?: unknown; originalError?: unknown };
  if (e.type === 'MESSAGE_TOO_LARGE' || /larger than the (server|maximum)|too large/i.test(e.message ?? ''))
    return true;
  return isMessageTooLarge(e.cause, depth + 1) || isMessageTooLarge(e.originalError, depth + 1);
}
