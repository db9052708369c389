import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Kafka } from 'kafkajs';
import { EventConsumers, KAFKA, MessagingLifecycle, OutboxRelay } from '../messaging';
import { Public } from '../auth';
import { HEALTH_OPTIONS, HealthOptions } from './health.options';

@Public()
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly db: TypeOrmHealthIndicator,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly relay: OutboxRelay,
    private readonly consumers: EventConsumers,
    private readonly messaging: MessagingLifecycle,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
  ) {}

  /** The process is alive; says nothing about its dependencies (a restart would not fix them). */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([() => this.indicators.check('process').up({ uptimeSeconds: Math.round(process.uptime()) })]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 2000 }),
      () => this.kafkaCheck(),
      () => this.consumerCheck(),
      () => this.outboxCheck(),
    ]);
  }

  private async kafkaCheck() {
    const check = this.indicators.check('kafka');
    const admin = this.kafka.admin();
    try {
      await withTimeout(admin.connect().then(() => admin.describeCluster()), 3000);
      return this.messaging.ready ? check.up() : check.down({ message: 'topics not created yet' });
    } catch (err) {
      return check.down({ message: err instanceof Error ? err.message : String(err) });
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private consumerCheck() {
    const check = this.indicators.check('consumer');
    const running = this.consumers.running;
    if (running === undefined) return check.up({ message: 'no event handlers' });
    return running ? check.up() : check.down({ message: 'consumer is not running' });
  }

  private async outboxCheck() {
    const check = this.indicators.check('outbox');
    const { count, oldestAgeSeconds } = await this.relay.backlog();
    const data = { backlog: count, oldestAgeSeconds: Math.round(oldestAgeSeconds) };
    return count > this.options.maxOutboxBacklog || oldestAgeSeconds > this.options.maxOutboxAgeSeconds ? check.down(data) : check.up(data);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms))]);
}
