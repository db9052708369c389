import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DatabaseAvailability } from '@itsm/platform/database';
import { ApiHealthCheck, databaseIndicator } from '@itsm/platform/health';
import type { Upstream } from '../config';
import { UPSTREAMS } from '../upstream/upstream.module';
import { getFromUpstream } from '../upstream/upstream-fetch';

const UPSTREAM_CHECK_TIMEOUT_MS = 3000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabaseAvailability,
    @Inject(UPSTREAMS) private readonly upstreams: Upstream[],
  ) {}

  /** The gateway process is alive; says nothing about the services behind it. */
  @Get('live')
  @HealthCheck()
  @ApiHealthCheck('The gateway process is alive · 网关进程存活')
  live() {
    return this.health.check([
      () => this.indicators.check('process').up({ uptimeSeconds: Math.round(process.uptime()) }),
    ]);
  }

  /**
   * Ready when the gateway's own database answers (sign-in needs it), read from state. The services
   * behind it are not part of it: a service that is down makes its own routes answer 503, and the
   * gateway goes on serving sign-in and every other service.
   */
  @Get('ready')
  @HealthCheck()
  @ApiHealthCheck('Ready: its own database answers · 网关就绪检查（数据库）')
  ready() {
    return this.health.check([() => databaseIndicator(this.indicators, this.database)]);
  }

  /** The gateway's database and every service's own readiness, for people and monitoring (not a probe). */
  @Get('details')
  @HealthCheck()
  @ApiHealthCheck('Its database and every service behind it · 数据库及其后全部服务的状态')
  details() {
    return this.health.check([
      () => databaseIndicator(this.indicators, this.database),
      ...this.upstreams.map((upstream) => () => this.serviceReady(upstream)),
    ]);
  }

  private serviceReady(upstream: Upstream) {
    return this.indicators
      .check(upstream.name)
      .attempt(async ({ signal }) => {
        await getFromUpstream(upstream, '/health/ready', { timeoutMs: UPSTREAM_CHECK_TIMEOUT_MS, signal });
      })
      .withTimeout(UPSTREAM_CHECK_TIMEOUT_MS);
  }
}
