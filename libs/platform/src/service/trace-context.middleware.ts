import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';

/**
 * Continues the caller's W3C trace for every request. The http instrumentation does this when it
 * loaded before express; where it did not (a test process, a bundler), this opens the SERVER span
 * from the incoming `traceparent` itself, so the outbox rows written while handling the request
 * still carry the caller's trace.
 */
export function traceContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  if (trace.getActiveSpan()) return next();
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = trace.getTracer('itsm-http').startSpan(`${req.method} ${req.path}`, { kind: SpanKind.SERVER }, parent);
  res.on('finish', () => {
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span), next);
}
