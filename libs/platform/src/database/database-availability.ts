import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { metricsRegistry } from '../observability';
import { withTimeout } from '../resilience';

const databaseUp =
  (metricsRegistry.getSingleMetric('itsm_database_up') as Gauge | undefined) ??
  new Gauge({
    name: 'itsm_database_up',
    help: '1 while the service reaches its database, 0 while it does not',
    registers: [metricsRegistry],
  });

/** How often the database is asked whether it answers, and how long an answer may take. */
export const DATABASE_PING_MS = 2000;
const PING_TIMEOUT_MS = 2000;

/**
 * Whether the service reaches its database, kept current by a ping in the background: readiness
 * reads it without opening anything, so a probe answers at once however the database is doing.
 */
@Injectable()
export class DatabaseAvailability implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Database');
  private up = true;
  private lastError?: string;
  private changedAt = new Date();
  private timer?: NodeJS.Timeout;
  private pinging = false;

  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.ping(), DATABASE_PING_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  get state(): { up: boolean; since: Date; lastError?: string } {
    return { up: this.up, since: this.changedAt, lastError: this.lastError };
  }

  /** Asks the database now (the ping does it on its own every DATABASE_PING_MS). */
  async ping(): Promise<boolean> {
    if (this.pinging) return this.up;
    this.pinging = true;
    try {
      await withTimeout(this.dataSource.query('select 1'), PING_TIMEOUT_MS, 'the ping');
      this.record(true);
    } catch (err) {
      this.record(false, err instanceof Error ? err.message : String(err));
    } finally {
      this.pinging = false;
    }
    return this.up;
  }

  private record(up: boolean, error?: string): void {
    databaseUp.set(up ? 1 : 0);
    this.lastError = error;
    if (up === this.up) return;
    this.up = up;
    this.changedAt = new Date();
    if (up) this.log.log('the database answers again');
    else this.log.warn(`the database does not answer: ${error}`);
  }
}
