import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Upstream } from '../config';
import { UPSTREAMS } from '../upstream/upstream.module';
import { getFromUpstream } from '../upstream/upstream-fetch';

const READY_TIMEOUT_MS = 3000;

@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly db: TypeOrmHealthIndicator,
    @Inject(UPSTREAMS) private readonly upstreams: Upstream[],
  ) {}

  /** The gateway process is alive; says nothing about the services behind it. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([() => this.indicators.check('process').up({ uptimeSeconds: Math.round(process.uptime()) })]);
  }

  /**
   * Ready when the gateway's own database answers (sign-in needs it) and every configured service
   * answers its own `/health/ready` with 200 within 3 s.
   */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 2000 }),
      ...this.upstreams.map((upstream) => () => this.serviceReady(upstream)),
    ]);
  }

  private serviceReady(upstream: Upstream) {
    return this.indicators
      .check(upstream.name)
      .attempt(async ({ signal }) => {
        await getFromUpstream(upstream, '/health/ready', { timeoutMs: READY_TIMEOUT_MS, signal });
      })
      .withTimeout(READY_TIMEOUT_MS);
  }
}
