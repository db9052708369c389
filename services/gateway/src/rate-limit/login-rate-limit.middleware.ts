import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { clientAddress, RateLimits } from './rate-limits';

/**
 * Failed sign-ins per client address (`/auth/*`: password, refresh, OIDC): the account lockout
 * stops guessing one account's password, this stops trying a few passwords on many accounts from
 * one place. Only refusals (401) count, so an office behind one address can still sign in all at
 * once; once an address has used up its failures, every `/auth/*` request from it gets a 429
 * until the minute is over, before any password is checked.
 */
@Injectable()
export class LoginRateLimitMiddleware implements NestMiddleware {
  private readonly log = new Logger('RateLimit');

  constructor(private readonly limits: RateLimits) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const address = clientAddress(req);
    await this.limits.refuseIfSpent('login', address, res);
    res.once('finish', () => {
      if (res.statusCode !== 401) return;
      this.limits.penalize('login', address).catch((error: unknown) => this.log.warn({ msg: 'could not count a failed sign-in', err: { message: (error as Error)?.message } }));
    });
    next();
  }
}
