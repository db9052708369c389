import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { HEALTH_OPTIONS, HealthOptions } from './health.options';

/** `/health/live`, `/health/ready` (the database answers) and `/health/details` (database, Kafka, consumer, outbox). Needs DatabaseModule and MessagingModule. */
@Module({})
export class HealthModule {
  static forRoot(options: Partial<HealthOptions> = {}): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json', gracefulShutdownTimeoutMs: 0 })],
      controllers: [HealthController],
      providers: [
        { provide: HEALTH_OPTIONS, useValue: { maxOutboxBacklog: 10000, maxOutboxAgeSeconds: 60, ...options } },
      ],
    };
  }
}
