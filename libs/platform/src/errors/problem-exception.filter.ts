import { randomUUID } from 'node:crypto';
import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type Observable, throwError } from 'rxjs';
import { negotiateLanguage, PROBLEM_CONTENT_TYPE, toDomainError, toProblem } from './problem-details';

const REQUEST_ID = /^[\w.:@-]{1,128}$/;

// pino-http (when mounted) adds `id` and a request-scoped `log`.
type LoggableRequest = Request & {
  id?: unknown;
  log?: { error(obj: object, msg: string): void; warn(msg: string): void };
};

/**
 * Global filter turning every exception of an HTTP request into an RFC 9457 problem response.
 * Register once per app (`app.useGlobalFilters(new ProblemExceptionFilter())`). Non-HTTP
 * contexts (event consumers sharing the app config) get the exception back untouched.
 */
@Catch()
export class ProblemExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    if (host.getType() !== 'http') return throwError(() => exception);

    const http = host.switchToHttp();
    const req = http.getRequest<LoggableRequest>();
    const res = http.getResponse<Response>();
    const { error, unexpected, warning } = toDomainError(exception);
    const correlationId = requestIdOf(req) ?? randomUUID();
    const instance = (req.originalUrl ?? req.url ?? '').split('?')[0];

    if (unexpected) this.logUnexpected(exception, req, instance, correlationId);
    else if (warning) this.logWarning(warning, req, instance, correlationId);
    if (res.headersSent) {
      // Too late for a problem body; end the response so the client isn't left hanging.
      if (!res.writableEnded) res.end();
      return;
    }

    const language = negotiateLanguage(req.headers['accept-language']);
    const problem = toProblem(error, { instance, correlationId, language });
    // Errors raised before the logging middleware (body parsing) have no id yet: give them one.
    if (!res.getHeader('x-request-id')) res.setHeader('x-request-id', correlationId);
    res.status(problem.status);
    // A problem that says when to come back (429, 503) says it in the header clients and proxies read.
    const retryAfter = error.extra?.['retryAfterSeconds'];
    if (typeof retryAfter === 'number' && Number.isFinite(retryAfter))
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfter))));
    res.setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    res.setHeader('Content-Language', language);
    res.vary('Accept-Language');
    res.send(JSON.stringify(problem));
  }

  /** Only the mapper's text: the exception itself may hold the input values. */
  private logWarning(warning: string, req: LoggableRequest, path: string, requestId: string): void {
    const message = `${warning} on ${req.method} ${path}`;
    if (req.log) req.log.warn(message);
    else this.logger.warn(`${message} (request ${requestId})`);
  }

  private logUnexpected(exception: unknown, req: LoggableRequest, path: string, requestId: string): void {
    const message = `unhandled error on ${req.method} ${path}`;
    // pino-http's request logger carries the request id and trace ids; fall back to Nest's logger.
    if (req.log) {
      req.log.error({ err: loggableError(exception) }, message);
    } else {
      const stack = exception instanceof Error ? exception.stack : String(exception);
      this.logger.error(`${message} (request ${requestId})`, stack);
    }
  }
}

/**
 * What of an unexpected error goes to the log: its kind, message, code and stack. Not the whole
 * object: a database error carries the statement's parameters, which are user data and may be secrets.
 */
function loggableError(exception: unknown): Record<string, unknown> {
  if (!(exception instanceof Error)) return { message: String(exception) };
  const code =
    (exception as { code?: unknown; driverError?: { code?: unknown } }).driverError?.code ??
    (exception as { code?: unknown }).code;
  return {
    type: exception.name,
    message: exception.message,
    ...(code !== undefined ? { code } : {}),
    stack: exception.stack,
  };
}

function requestIdOf(req: LoggableRequest): string | undefined {
  if (typeof req.id === 'string' || typeof req.id === 'number') return String(req.id);
  const header = req.headers['x-request-id'];
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : undefined;
}
