import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Kafka } from 'kafkajs';
import { createIdempotentProducer, createKafka, ensureTopics } from './kafka-client';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { KafkaEventTransport } from './kafka-event.transport';

export interface MessagingOptions {
  serviceName: string;
  brokers: string[];
  /** For the relay's LISTEN connection. */
  databaseUrl: string;
  clientId?: string;
  /** Consumer group; defaults to the service name. Tests pass a unique one per run. */
  groupId?: string;
  maxDeliveryAttempts?: number;
  /** For the topics created at start; 1 on a single broker. */
  replicationFactor?: number;
  retryBackoffMs?: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const KAFKA = Symbol('KAFKA');

/** Builds the Nest transport for this service's event handlers and remembers it for health checks. */
@Injectable()
export class EventConsumers {
  private transport?: KafkaEventTransport;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly dataSource: DataSource,
  ) {}

  createTransport(): KafkaEventTransport {
    this.transport = new KafkaEventTransport({
      kafka: this.kafka,
      dataSource: this.dataSource,
      groupId: this.options.groupId ?? this.options.serviceName,
      maxAttempts: this.options.maxDeliveryAttempts,
      retryBackoffMs: this.options.retryBackoffMs,
      replicationFactor: this.options.replicationFactor,
    });
    return this.transport;
  }

  /** undefined when the service consumes nothing. */
  get running(): boolean | undefined {
    return this.transport?.isRunning;
  }
}

/** Creates topics from the registry, then runs the outbox relay for the life of the app. */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Messaging');
  private topicsReady = false;
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly relay: OutboxRelay,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.createTopics();
    await this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.relay.stop();
  }

  get ready(): boolean {
    return this.topicsReady;
  }

  // The API keeps accepting changes while Kafka is away; topics are created once it answers.
  private async createTopics(): Promise<void> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      const created = await ensureTopics(admin, this.options.replicationFactor);
      if (created.length) this.log.log(`created topics: ${created.join(', ')}`);
      this.topicsReady = true;
    } catch (err) {
      this.log.warn(`Kafka not reachable for topic creation, retrying: ${err instanceof Error ? err.message : err}`);
      if (!this.stopped) this.retry = setTimeout(() => void this.createTopics(), 2000).unref();
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: KAFKA,
          useFactory: () =>
            createKafka({ brokers: options.brokers, clientId: options.clientId ?? options.serviceName }),
        },
        { provide: Outbox, useValue: new Outbox() },
        {
          provide: OutboxRelay,
          inject: [KAFKA, DataSource],
          useFactory: (kafka: Kafka, dataSource: DataSource) =>
            new OutboxRelay({
              dataSource,
              createProducer: () => createIdempotentProducer(kafka),
              databaseUrl: options.databaseUrl,
            }),
        },
        MessagingLifecycle,
        EventConsumers,
      ],
      exports: [Outbox, OutboxRelay, EventConsumers, KAFKA, MessagingLifecycle, MESSAGING_OPTIONS],
    };
  }
}
