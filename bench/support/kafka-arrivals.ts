import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { sleep } from './bench-stats';
import type { Arrival, ArrivalsMessage, ArrivalsWorkerData } from './kafka-arrivals.worker';

export type { Arrival } from './kafka-arrivals.worker';

/** A Kafka consumer in a worker thread, reporting each event that becomes visible on the topic to `arrived`. */
export abstract class KafkaArrivals {
  private readonly worker: Worker;
  private readonly ready: Promise<void>;
  private stopped?: () => void;

  constructor(data: ArrivalsWorkerData) {
    this.worker = new Worker(join(__dirname, 'kafka-arrivals.worker.js'), { workerData: data });
    this.ready = new Promise((resolveReady, reject) => {
      this.worker.on('error', reject);
      this.worker.on('message', (msg: ArrivalsMessage) => {
        if (msg.type === 'ready') resolveReady();
        else if (msg.type === 'error') reject(new Error(`arrivals worker: ${msg.message}`));
        else if (msg.type === 'stopped') this.stopped?.();
        else for (const arrival of msg.items) this.arrived(arrival);
      });
    });
  }

  protected abstract arrived(arrival: Arrival): void;

  start(): Promise<void> {
    return this.ready;
  }

  async stop(): Promise<void> {
    const done = new Promise<void>((r) => (this.stopped = r));
    this.worker.postMessage({ type: 'stop' });
    await Promise.race([done, sleep(10_000)]);
    await this.worker.terminate();
  }
}
