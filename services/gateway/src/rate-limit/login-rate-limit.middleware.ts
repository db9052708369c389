import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { clientAddress, RateLimits } from './rate-limits';

/**
 * Failed sign-ins per client address (`/auth/*`: password, refresh, OIDC), a ceiling on top of the
 * per-name lockout (SignInLockout): that stops guessing one person's password, this stops spraying
 * a few passwords over many names from one place. Only refusals (401) count, and the ceiling
 * (RATE_LIMIT_LOGIN_PER_MINUTE) is high, so an office behind one address signs in even while
 * someone there mistypes or guesses; once an address has used it up, every `/auth/*` request from
 * it gets a 429 until the minute is over, before any password is checked.
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
      this.limits
        .penalize('login', address)
        .catch((error: unknown) =>
          this.log.warn({ msg: 'could not count a failed sign-in', err: { message: (error as Error)?.message } }),
        );
    });
    next();
  }
}
