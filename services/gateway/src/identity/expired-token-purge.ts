import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RefreshToken } from './refresh-token.entity';

const EVERY_MS = 6 * 60 * 60 * 1000;
const BATCH = 10_000;

/**
 * Deletes refresh tokens a day after they expired (an expired token is refused anyway, so reuse
 * detection loses nothing). Any replica may run it: deleting twice is harmless.
 */
@Injectable()
export class ExpiredTokenPurge implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('ExpiredTokenPurge');
  private timer?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.runQuietly(), EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async runQuietly(): Promise<void> {
    try {
      await this.run();
    } catch (error) {
      this.log.warn({
        msg: 'purge of expired refresh tokens failed',
        err: { type: (error as Error)?.name, message: (error as Error)?.message },
      });
    }
  }

  /** Returns the number of tokens deleted. */
  async run(): Promise<number> {
    let total = 0;
    for (;;) {
      const { affected } = await this.dataSource
        .createQueryBuilder()
        .delete()
        .from(RefreshToken)
        .where(`id in (select id from refresh_token where expires_at < now() - interval '1 day' limit ${BATCH})`)
        .execute();
      total += affected ?? 0;
      if ((affected ?? 0) < BATCH) break;
    }
    if (total > 0) this.log.log({ msg: `expired refresh tokens deleted: ${total}`, deleted: total });
    return total;
  }
}
