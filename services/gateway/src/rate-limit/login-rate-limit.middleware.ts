import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { clientAddress, RateLimits } from './rate-limits';

/**
 * Sign-in, refresh and OIDC requests per client address: the account lockout stops guessing one
 * account's password, this stops trying a few passwords on many accounts from one place.
 */
@Injectable()
export class LoginRateLimitMiddleware implements NestMiddleware {
  constructor(private readonly limits: RateLimits) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    await this.limits.consume('login', clientAddress(req), res);
    next();
  }
}
