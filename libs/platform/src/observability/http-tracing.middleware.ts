import { Injectable, type NestMiddleware } from '@nestjs/common';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { isProbePath, routeOf, UNMATCHED_ROUTE } from './route-of';
import { contextFromTraceparent } from './trace-context';

/**
 * Fallback SERVER span for requests the http instrumentation did not trace (it cannot patch
 * modules loaded by Jest, or tracing started too late). It continues the caller's `traceparent`,
 * so the trace still flows HTTP → outbox → Kafka. When a span is already active it does nothing.
 */
@Injectable()
export class HttpTracingMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    if (trace.getActiveSpan() || isProbePath(req.originalUrl)) {
      next();
      return;
    }
    const header = req.headers.traceparent;
    const tracestate = req.headers.tracestate;
    const parent = contextFromTraceparent(
      typeof header === 'string' ? header : undefined,
      typeof tracestate === 'string' ? tracestate : undefined,
    );
    const span = trace
      .getTracer('itsm-platform')
      .startSpan(
        req.method,
        { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.path } },
        parent,
      );
    res.once('close', () => {
      const route = routeOf(req);
      if (route !== UNMATCHED_ROUTE) {
        span.setAttribute('http.route', route);
        span.updateName(`${req.method} ${route}`);
      }
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  }
}
