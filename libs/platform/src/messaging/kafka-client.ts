import { Admin, Kafka, logLevel, LogEntry, Partitioners, Producer } from 'kafkajs';
import { Logger } from '@nestjs/common';
import { deadLetterTopic, TOPICS } from '@itsm/contracts';

// kafkajs stays behind this file and the transport: services never import it, so the client can
// be replaced (e.g. by @confluentinc/kafka-javascript) without touching them.

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** Broker request timeout; short keeps an outage from stalling the relay for long. */
  requestTimeoutMs?: number;
}

export function createKafka(settings: KafkaSettings): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    connectionTimeout: 3000,
    requestTimeout: settings.requestTimeoutMs ?? 10000,
    retry: { initialRetryTime: 100, maxRetryTime: 2000, retries: 5 },
    logLevel: logLevel.ERROR,
    logCreator: kafkaLogs,
  });
}

// kafkajs logs its retried failures (a broker restarting, a coordinator loading) as errors on the
// console; they go to our structured log as warnings instead, since the caller retries anyway.
function kafkaLogs() {
  const log = new Logger('kafkajs');
  return ({ namespace, log: entry }: LogEntry) => log.warn(`${namespace}: ${entry.message}`);
}

/** Idempotent producer with acks=all: a retried send never duplicates within a producer session. */
export function createIdempotentProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { initialRetryTime: 100, maxRetryTime: 2000, retries: 3 },
  });
}

/** Creates every registry topic and its dead-letter topic that does not exist yet. */
export async function ensureTopics(admin: Admin, replicationFactor = 1): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const wanted = TOPICS.flatMap((t) => [
    { topic: t.name, numPartitions: t.partitions },
    { topic: deadLetterTopic(t.name), numPartitions: 1 },
  ]).filter((t) => !existing.has(t.topic));
  if (wanted.length === 0) return [];
  try {
    await admin.createTopics({
      topics: wanted.map((t) => ({ ...t, replicationFactor })),
      waitForLeaders: true,
    });
  } catch (err) {
    // Another replica may have created them in the meantime.
    if (!(err instanceof Error) || !/already exists/i.test(err.message)) throw err;
  }
  return wanted.map((t) => t.topic);
}
