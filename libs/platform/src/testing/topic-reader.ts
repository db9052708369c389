import { Consumer, IHeaders, Kafka, logLevel } from 'kafkajs';
import { uniqueName } from './infra';

export interface ReadMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/**
 * Reads what actually reached Kafka, from the end of each topic as of `start()`: tests assert on
 * the broker's messages, never on what the code meant to send.
 */
export class TopicReader {
  readonly messages: ReadMessage[] = [];
  private consumer?: Consumer;
  private readonly kafka: Kafka;

  constructor(
    brokers: string[],
    private readonly topics: string[],
  ) {
    this.kafka = new Kafka({ clientId: uniqueName('reader'), brokers, logLevel: logLevel.NOTHING });
  }

  async start(fromBeginning = false): Promise<this> {
    const ends = await this.endOffsets();

    this.consumer = this.kafka.consumer({
      groupId: uniqueName('reader'),
      sessionTimeout: 6000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 50,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
    let seeked = false;
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      if (seeked || fromBeginning) return;
      seeked = true;
      for (const [topic, offsets] of ends)
        for (const o of offsets) this.consumer!.seek({ topic, partition: o.partition, offset: o.offset });
    });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        this.messages.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value,
          headers: strings(message.headers),
        });
      },
    });
    return this;
  }

  /** Where each partition ends now; retried while the broker is still electing leaders (just started or restarted). */
  private async endOffsets(): Promise<Map<string, { partition: number; offset: string }[]>> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const admin = this.kafka.admin();
      try {
        await admin.connect();
        const ends = new Map<string, { partition: number; offset: string }[]>();
        for (const topic of this.topics) ends.set(topic, await admin.fetchTopicOffsets(topic));
        return ends;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 250));
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    }
  }

  async waitFor(predicate: (messages: ReadMessage[]) => boolean, timeoutMs = 20000): Promise<ReadMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.messages)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for Kafka messages; have ${this.messages.length}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.messages;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

function strings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) out[k] = first.toString();
  }
  return out;
}
