import { type ArgumentsHost, Catch } from '@nestjs/common';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import { ProblemExceptionFilter } from '@itsm/platform/errors';
import { AccountLockedError } from './identity.errors';

/** The platform's problem responses, plus `Retry-After` on a locked account's 429. */
@Catch()
export class RetryAfterProblemFilter extends ProblemExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    if (exception instanceof AccountLockedError && host.getType() === 'http') {
      const res = host.switchToHttp().getResponse<Response>();
      if (!res.headersSent) res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    return super.catch(exception, host);
  }
}
