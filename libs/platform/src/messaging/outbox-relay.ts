import { Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { contextFromTraceparent, currentTraceparent } from '../observability';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Producer } from 'kafkajs';
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { OUTBOX_CHANNEL, outboxCommits } from './outbox';
import { messagingMetrics } from './messaging.metrics';

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
  producer: Producer;
  /** Connection string for the dedicated LISTEN connection. */
  databaseUrl: string;
  batchSize?: number;
  /** Safety poll in case a notification was missed while reconnecting. */
  pollIntervalMs?: number;
  maxBackoffMs?: number;
}

// One relay publishes at a time per database (advisory lock): with several replicas this keeps
// events of one aggregate in commit order on their partition.
const RELAY_LOCK_KEY = 727_274_001;

/**
 * Publishes outbox rows to Kafka oldest-first, woken by LISTEN/NOTIFY. A row is deleted only
 * after the broker acknowledged it (acks=all), in the same transaction that locked it, so an
 * outage leaves every row in place to be sent once the broker is back.
 */
export class OutboxRelay {
  private readonly log = new Logger('OutboxRelay');
  private readonly batchSize: number;
  private listener?: Client;
  private running = false;
  private draining?: Promise<void>;
  private wakeAgain = false;
  private timer?: NodeJS.Timeout;
  private failures = 0;
  private readonly processTag = randomUUID();
  private notifying = false;
  private notifyAgain = false;
  private backlogTimer?: NodeJS.Timeout;
  private readonly onCommit = () => {
    void this.wake();
    void this.notifyOthers();
  };
  private connected = false;
  private lastError?: string;

  constructor(private readonly opts: OutboxRelayOptions) {
    this.batchSize = opts.batchSize ?? 500;
  }

  get state(): { running: boolean; producerConnected: boolean; lastError?: string } {
    return { running: this.running, producerConnected: this.connected, lastError: this.lastError };
  }

  async start(): Promise<void> {
    this.running = true;
    await this.listen();
    outboxCommits.on('committed', this.onCommit);
    // Gauges on a timer: a count over a table with many deleted rows is too slow for every drain.
    this.backlogTimer = setInterval(() => void this.recordBacklog().catch(() => undefined), 5000).unref();
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    outboxCommits.off('committed', this.onCommit);
    if (this.timer) clearTimeout(this.timer);
    if (this.backlogTimer) clearInterval(this.backlogTimer);
    // A send stuck on an unreachable broker must not hold shutdown; its rows stay in the outbox.
    await Promise.race([this.draining?.catch(() => undefined), new Promise((r) => setTimeout(r, 3000).unref())]);
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
    if (this.connected) await this.opts.producer.disconnect().catch(() => undefined);
    this.connected = false;
  }

  /** Publishes everything pending now; resolves when the outbox is empty or sending failed. */
  wake(): Promise<void> {
    if (!this.running) return Promise.resolve();
    if (this.draining) {
      this.wakeAgain = true;
      return this.draining;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.wakeAgain && this.running) {
        this.wakeAgain = false;
        void this.wake();
      }
    });
    return this.draining;
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.opts.databaseUrl, application_name: 'outbox-relay' });
    // Other processes' commits arrive here; our own are already handled in-process.
    client.on('notification', (n) => n.payload !== this.processTag && void this.wake());
    client.on('error', (err) => {
      this.log.warn(`LISTEN connection lost: ${err.message}; reconnecting`);
      this.listener = undefined;
      setTimeout(() => this.running && this.listen().catch(() => undefined), 1000);
    });
    await client.connect();
    await client.query(`listen ${OUTBOX_CHANNEL}`);
    this.listener = client;
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

  private schedule(delayMs: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.wake().finally(() => {
        const backoff = Math.min(this.opts.maxBackoffMs ?? 5000, 100 * 2 ** Math.min(this.failures, 6));
        this.schedule(this.failures > 0 ? backoff : (this.opts.pollIntervalMs ?? 1000));
      });
    }, delayMs);
  }

  private async drain(): Promise<void> {
    try {
      let published: number | 'locked';
      do {
        published = await this.publishBatch();
      } while (this.running && published === this.batchSize); // a full batch means there may be more
      this.failures = 0;
      this.lastError = undefined;
      // Another replica's relay is publishing; ours tries again shortly so our rows don't wait for a poll.
      if (published === 'locked') this.schedule(20);
    } catch (err) {
      this.failures += 1;
      this.lastError = err instanceof Error ? err.message : String(err);
      if (this.failures === 1 || this.failures % 20 === 0) {
        this.log.warn(`outbox publish failed (attempt ${this.failures}), will retry: ${this.lastError}`);
      }
    }
  }

  private async publishBatch(): Promise<number | 'locked'> {
    if (!this.connected) {
      await this.opts.producer.connect();
      this.connected = true;
    }
    return this.opts.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query('select pg_try_advisory_xact_lock($1) as locked', [RELAY_LOCK_KEY]);
      if (!locked) return 'locked';
      const rows: OutboxRow[] = await manager.query(
        `select seq, event_id, topic, message_key, event_type, headers, payload::text as payload, created_at
           from outbox_event order by seq limit $1`,
        [this.batchSize],
      );
      if (rows.length === 0) return 0;
      await this.send(rows);
      await manager.query('delete from outbox_event where seq = any($1::bigint[])', [rows.map((r) => r.seq)]);
      const now = Date.now();
      for (const row of rows) messagingMetrics.relayLatency.observe((now - row.created_at.getTime()) / 1000);
      messagingMetrics.published.inc(rows.length);
      return rows.length;
    });
  }

  private async send(rows: OutboxRow[]): Promise<void> {
    const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
    const tracer = trace.getTracer('itsm-outbox-relay');
    const spans: Span[] = [];
    for (const row of rows) {
      // A PRODUCER span continues the trace of the request that wrote the row.
      const parent = contextFromTraceparent(row.headers['traceparent'], row.headers['tracestate']);
      const span = tracer.startSpan(`${row.topic} publish`, {
        kind: SpanKind.PRODUCER,
        attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': row.topic, 'messaging.message.id': row.event_id },
      }, parent);
      const headers = { ...row.headers };
      const traceparent = row.headers['traceparent'] ? currentTraceparent(trace.setSpan(parent, span)) : undefined;
      if (traceparent) headers['traceparent'] = traceparent;
      spans.push(span);
      const list = byTopic.get(row.topic) ?? [];
      list.push({ key: row.message_key, value: row.payload, headers });
      byTopic.set(row.topic, list);
    }
    try {
      await this.opts.producer.sendBatch({
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

  private async recordBacklog(): Promise<void> {
    const { count, oldestAgeSeconds } = await this.backlog();
    messagingMetrics.backlog.set(count);
    messagingMetrics.oldestAge.set(oldestAgeSeconds);
  }

  async backlog(): Promise<{ count: number; oldestAgeSeconds: number }> {
    // The oldest row is the first by seq: an index lookup instead of min() over the table.
    const [row] = await this.opts.dataSource.query(
      `select (select count(*)::int from outbox_event) as count,
              coalesce((select extract(epoch from (now() - created_at)) from outbox_event order by seq limit 1), 0)::float as age`,
    );
    return { count: row.count, oldestAgeSeconds: row.age };
  }
}
