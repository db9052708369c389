import { Controller, Get, Inject, OnApplicationShutdown } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Admin, Kafka } from 'kafkajs';
import { DatabaseAvailability } from '../database';
import { EventConsumers, KAFKA, MessagingLifecycle, OutboxRelay } from '../messaging';
import { Public } from '../auth';
import { HEALTH_OPTIONS, HealthOptions } from './health.options';
import { databaseIndicator } from './database.indicator';
import { withTimeout } from '../resilience';
import { ApiHealthCheck } from './health-api';

const KAFKA_CHECK_TIMEOUT_MS = 3000;

@Public()
@ApiTags('health')
@Controller('health')
export class HealthController implements OnApplicationShutdown {
  private admin?: Admin;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabaseAvailability,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly relay: OutboxRelay,
    private readonly consumers: EventConsumers,
    private readonly messaging: MessagingLifecycle,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }

  /** The process is alive; says nothing about its dependencies (a restart would not fix them). */
  @Get('live')
  @HealthCheck()
  @ApiHealthCheck('The process is alive · 进程存活')
  live() {
    return this.health.check([
      () => this.indicators.check('process').up({ uptimeSeconds: Math.round(process.uptime()) }),
    ]);
  }

  /**
   * This process can take requests: its database answers. Read from state, never opening a
   * connection. Kafka is not part of it: while the broker is away, changes wait in the outbox and
   * the API goes on working, so a probe that failed with Kafka would take every replica out of
   * service for nothing.
   */
  @Get('ready')
  @HealthCheck()
  @ApiHealthCheck('Ready for requests: its database answers · 就绪检查（数据库）')
  ready() {
    return this.health.check([() => databaseIndicator(this.indicators, this.database)]);
  }

  /** Everything the service depends on, for people and monitoring (not a probe): database, Kafka, consumer, outbox. */
  @Get('details')
  @HealthCheck()
  @ApiHealthCheck('Every dependency: database, Kafka, consumer, outbox · 全部依赖的状态')
  details() {
    return this.health.check([
      () => databaseIndicator(this.indicators, this.database),
      () => this.kafkaCheck(),
      () => this.consumerCheck(),
      () => this.outboxCheck(),
    ]);
  }

  private async kafkaCheck() {
    const check = this.indicators.check('kafka');
    try {
      // One admin connection kept for these checks, made again after a failure.
      this.admin ??= this.kafka.admin();
      await withTimeout(
        this.admin.connect().then(() => this.admin!.describeCluster()),
        KAFKA_CHECK_TIMEOUT_MS,
        'asking the broker',
      );
      return this.messaging.ready ? check.up() : check.down({ message: 'topics not created yet' });
    } catch (err) {
      const admin = this.admin;
      this.admin = undefined;
      await admin?.disconnect().catch(() => undefined);
      return check.down({ message: err instanceof Error ? err.message : String(err) });
    }
  }

  private consumerCheck() {
    const check = this.indicators.check('consumer');
    const running = this.consumers.running;
    if (running === undefined) return check.up({ message: 'no event handlers' });
    return running ? check.up() : check.down({ message: 'consumer is not running' });
  }

  private outboxCheck() {
    const check = this.indicators.check('outbox');
    const { backlog, oldestAgeSeconds, lastError } = this.relay.state;
    const data = { backlog, oldestAgeSeconds: Math.round(oldestAgeSeconds), ...(lastError ? { lastError } : {}) };
    return backlog > this.options.maxOutboxBacklog || oldestAgeSeconds > this.options.maxOutboxAgeSeconds
      ? check.down(data)
      : check.up(data);
  }
}
