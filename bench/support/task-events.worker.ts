import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Kafka, logLevel } from 'kafkajs';
import { nowMs } from './bench-stats';

// Reads the requests service's task topic in its own thread, so the receive time is when an event
// became visible to a consumer, not when the main thread (busy sending requests) got to it.

export interface TaskEventsWorkerData {
  brokers: string[];
  topic: string;
  groupId: string;
}

/** [requestId, event type (created, assigned, ...), task key, received at]. */
export type TaskArrival = [requestId: string, type: string, key: string, receivedAt: number];

export type TaskEventsMessage = { type: 'ready' } | { type: 'arrivals'; items: TaskArrival[] } | { type: 'stopped' } | { type: 'error'; message: string };

async function main(data: TaskEventsWorkerData): Promise<void> {
  const port = parentPort!;
  const kafka = new Kafka({ clientId: data.groupId, brokers: data.brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(data.topic);
  await admin.disconnect();

  const consumer = kafka.consumer({ groupId: data.groupId, sessionTimeout: 6000, heartbeatInterval: 500, minBytes: 1, maxWaitTimeInMs: 100 });
  let pending: TaskArrival[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    port.postMessage({ type: 'arrivals', items: pending } satisfies TaskEventsMessage);
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
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      const at = nowMs();
      for (const m of batch.messages) {
        const type = m.headers?.['ce_type']?.toString() ?? '';
        // itsm.requests.task.<event>.v1
        const event = type.split('.')[3] ?? '';
        if (!m.value) continue;
        const body = JSON.parse(m.value.toString('utf8')) as { requestId?: string; key?: string };
        if (body.requestId) pending.push([body.requestId, event, body.key ?? '', at]);
      }
    },
  });
  await joined;
  port.postMessage({ type: 'ready' } satisfies TaskEventsMessage);
  port.on('message', (msg: { type: 'stop' }) => {
    if (msg.type !== 'stop') return;
    clearInterval(flusher);
    flush();
    void consumer.disconnect().finally(() => port.postMessage({ type: 'stopped' } satisfies TaskEventsMessage));
  });
}

if (!isMainThread) {
  main(workerData as TaskEventsWorkerData).catch((err: unknown) => {
    parentPort?.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies TaskEventsMessage);
  });
}
