import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Kafka, logLevel } from 'kafkajs';
import { nowMs } from './bench-stats';

// Runs in its own thread so that reading the topic does not compete with the process under test
// (or the load it sends) for the main event loop: the receive time is when the message became
// visible to a consumer, not when the main thread got around to it.

export interface ArrivalsWorkerData {
  brokers: string[];
  topic: string;
  groupId: string;
  /** Fields of each event's data to report with it (read here, so the main thread parses nothing). */
  fields?: string[];
}

/** [ce_id, ce_type, the requested data fields as strings ('' when absent), received at]. */
export type Arrival = [eventId: string, eventType: string, fields: string[], receivedAt: number];

export type ArrivalsMessage =
  { type: 'ready' } | { type: 'arrivals'; items: Arrival[] } | { type: 'stopped' } | { type: 'error'; message: string };

async function main(data: ArrivalsWorkerData): Promise<void> {
  const port = parentPort!;
  const fields = data.fields ?? [];
  const kafka = new Kafka({ clientId: data.groupId, brokers: data.brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  // Only what is produced from now on: earlier phases already filled the topic.
  const ends = await admin.fetchTopicOffsets(data.topic);
  await admin.disconnect();

  const consumer = kafka.consumer({
    groupId: data.groupId,
    sessionTimeout: 6000,
    heartbeatInterval: 500,
    minBytes: 1,
    maxWaitTimeInMs: 100,
  });
  let pending: Arrival[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    port.postMessage({ type: 'arrivals', items: pending } satisfies ArrivalsMessage);
    pending = [];
  };
  const flusher = setInterval(flush, 100);

  const joined = new Promise<void>((resolve) => {
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const o of ends) consumer.seek({ topic: data.topic, partition: o.partition, offset: o.offset });
      resolve();
    });
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [data.topic], fromBeginning: false });
  await consumer.run({
    // Committing offsets after every batch puts a coordinator round trip in each fetch loop
    // (measured: p50 18 ms instead of 1 ms); this reader never resumes, so it commits nothing.
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      const at = nowMs();
      for (const m of batch.messages) {
        const id = m.headers?.['ce_id']?.toString();
        if (!id) continue;
        const body =
          fields.length > 0 && m.value ? (JSON.parse(m.value.toString('utf8')) as Record<string, unknown>) : {};
        pending.push([id, m.headers?.['ce_type']?.toString() ?? '', fields.map((f) => String(body[f] ?? '')), at]);
      }
    },
  });
  await joined;
  port.postMessage({ type: 'ready' } satisfies ArrivalsMessage);

  port.on('message', (msg: { type: 'stop' }) => {
    if (msg.type !== 'stop') return;
    clearInterval(flusher);
    flush();
    void consumer.disconnect().finally(() => port.postMessage({ type: 'stopped' } satisfies ArrivalsMessage));
  });
}

if (!isMainThread) {
  main(workerData as ArrivalsWorkerData).catch((err: unknown) => {
    parentPort?.postMessage({
      type: 'error',
      message: err instanceof Error ? err.message : String(err),
    } satisfies ArrivalsMessage);
  });
}
