import { DomainError } from '@itsm/platform/errors';
import { localized } from '@itsm/contracts';

export const RATE_LIMIT_EXCEEDED = 'rate_limit.exceeded';

/** 429: the caller used up its requests of the current minute. `Retry-After` says when to try again. */
export class RateLimitExceededError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    limit: number,
  ) {
    super({
      code: RATE_LIMIT_EXCEEDED,
      status: 429,
      title: localized('Too many requests', '请求过于频繁'),
      detail: localized(
        `at most ${limit} requests a minute; try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}`,
        `每分钟最多 ${limit} 个请求，请在 ${retryAfterSeconds} 秒后重试`,
      ),
      extra: { retryAfterSeconds, limit },
    });
  }
}
