import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitExceededError } from './rate-limit.errors';
import { RATE_LIMIT_SETTINGS, RateLimitSettings } from './rate-limit.settings';

/** Who is counted: a person (token subject), an API key, a client address without credentials, failed sign-ins per address. */
export type RateLimitBucket = keyof RateLimitSettings;

/**
 * Fixed one-minute windows per caller, in this gateway instance's memory (rate-limiter-flexible's
 * RateLimiterMemory): with N replicas behind a load balancer a caller gets up to N times the limit.
 * That bounds abuse well enough without a shared store on every request.
 */
@Injectable()
export class RateLimits {
  private readonly limiters: Record<RateLimitBucket, RateLimiterMemory>;

  constructor(@Inject(RATE_LIMIT_SETTINGS) private readonly settings: RateLimitSettings) {
    const limiter = (bucket: RateLimitBucket) =>
      new RateLimiterMemory({ keyPrefix: bucket, points: settings[bucket], duration: 60 });
    this.limiters = {
      user: limiter('user'),
      key: limiter('key'),
      anonymous: limiter('anonymous'),
      login: limiter('login'),
    };
  }

  /**
   * Counts one request of `caller`, and tells the caller its budget (`RateLimit-Limit`,
   * `RateLimit-Remaining`, `RateLimit-Reset` in seconds). Over the limit: `Retry-After` and a 429
   * problem `rate_limit.exceeded` (thrown).
   */
  async consume(bucket: RateLimitBucket, caller: string, res: Response): Promise<void> {
    let result: RateLimiterRes;
    try {
      result = await this.limiters[bucket].consume(caller);
    } catch (rejection) {
      // The limiter rejects with its result when the budget is spent, with an Error only on a fault.
      if (!isLimiterResult(rejection)) throw rejection;
      this.refuse(bucket, rejection, res);
    }
    this.tell(bucket, result, res);
  }

  /** A 429 (as `consume`) when `caller` has spent its budget; counts nothing: failures are counted by `penalize`. */
  async refuseIfSpent(bucket: RateLimitBucket, caller: string, res: Response): Promise<void> {
    const state = await this.limiters[bucket].get(caller);
    if (state && state.consumedPoints >= this.settings[bucket]) this.refuse(bucket, state, res);
  }

  /** Counts one failure of `caller` against its budget. */
  async penalize(bucket: RateLimitBucket, caller: string): Promise<void> {
    await this.limiters[bucket].penalty(caller, 1);
  }

  /**
   * Runs a credential check. A refusal first costs the client address one request of its
   * anonymous budget, so guessing keys or signatures is throttled like any anonymous traffic.
   */
  async countingRefusals<T>(req: Request, res: Response, check: () => Promise<T>): Promise<T> {
    try {
      return await check();
    } catch (error) {
      await this.consume('anonymous', clientAddress(req), res);
      throw error;
    }
  }

  private tell(bucket: RateLimitBucket, result: RateLimiterRes, res: Response): number {
    const resetSeconds = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
    if (!res.headersSent) {
      res.setHeader('RateLimit-Limit', String(this.settings[bucket]));
      res.setHeader('RateLimit-Remaining', String(Math.max(0, this.settings[bucket] - result.consumedPoints)));
      res.setHeader('RateLimit-Reset', String(resetSeconds));
    }
    return resetSeconds;
  }

  private refuse(bucket: RateLimitBucket, result: RateLimiterRes, res: Response): never {
    const retryAfter = this.tell(bucket, result, res);
    if (!res.headersSent) res.setHeader('Retry-After', String(retryAfter));
    throw new RateLimitExceededError(retryAfter, this.settings[bucket]);
  }
}

function isLimiterResult(value: unknown): value is RateLimiterRes {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Error) &&
    typeof (value as RateLimiterRes).msBeforeNext === 'number'
  );
}

/** The address counted for callers without credentials: the peer, or what express derives with `trust proxy` set. */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
